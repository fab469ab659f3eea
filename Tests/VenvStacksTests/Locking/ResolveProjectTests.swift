import Foundation
import Testing

@testable import VenvStacks

/// The per-layer uv project (docs/formats.md#resolve-project) and the shared uv settings
/// (docs/formats.md#package-index-configuration).
@Suite struct ResolveProjectTests {
    static let specText = """
        [tool.uv]
        exclude-newer = "2025-08-27T00:00:00Z"
        override-dependencies = ["six>=1"]
        constraint-dependencies = ["certifi<2030"]
        find-links = ["/opt/wheels"]
        no-build = false
        [[tool.uv.index]]
        name = "pytorch-cpu"
        url = "https://download.pytorch.org/whl/cpu"
        explicit = true
        [[tool.uv.index]]
        name = "mirror"
        url = "https://mirror.example/simple"
        [[tool.uv.index]]
        name = "extra"
        url = "https://extra.example/simple"
        explicit = true
        [tool.uv.sources]
        certifi = { index = "mirror" }

        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = ["numpy"]

        [[frameworks]]
        name = "torch"
        runtime = "cpython-3.11"
        requirements = ["torch", "Requests[socks,security] >= 2.0; python_version < '3.12'"]
        package_indexes = { torch = "pytorch-cpu" }
        priority_indexes = ["extra"]
        """

    func spec() throws -> StackSpec {
        try StackSpec.parse(
            text: Self.specText, specURL: URL(fileURLWithPath: "/spec/venvstacks.toml"), uvTomlText: nil,
            environment: [:], exists: { _ in true })
    }

    @Test func frameworkProjectHasSortedDependenciesConstraintsIndexesAndSources() throws {
        let spec = try spec()
        let layer = spec.frameworks[0]
        let text = ResolveProject.pyprojectText(
            for: layer, runtime: spec.runtimes[0], declared: layer.requirements.map(\.description),
            constraints: ["numpy==2.3.2", "tzdata==2025.2 ; sys_platform == 'linux'"], config: spec.uvConfig,
            access: IndexAccess(
                queryDefaultIndex: false, localWheelDirectories: [URL(fileURLWithPath: "/spec/wheels")]))
        #expect(
            text == """
                [project]
                name = "framework-torch"
                version = "0"
                dependencies = [
                    "Requests[security,socks]>=2.0; python_version < \\"3.12\\"",
                    "torch",
                ]
                requires-python = "==3.11.*"

                [tool.uv]
                exclude-newer = "2025-08-27T00:00:00Z"
                override-dependencies = ["six>=1"]
                no-index = true
                cache-keys = [{ file = "pyproject.toml" }]
                no-build = true
                find-links = ["/opt/wheels", "/spec/wheels"]
                constraint-dependencies = [
                    "numpy==2.3.2",
                    "tzdata==2025.2 ; sys_platform == 'linux'",
                    "certifi<2030",
                ]
                index = [
                    { name = "extra", url = "https://extra.example/simple", explicit = false },
                    { name = "pytorch-cpu", url = "https://download.pytorch.org/whl/cpu", explicit = true },
                    { name = "mirror", url = "https://mirror.example/simple" },
                ]

                [tool.uv.sources]
                certifi = { index = "mirror" }
                torch = { index = "pytorch-cpu" }

                """)
        // uv itself must accept the text as TOML.
        #expect(throws: Never.self) { try TOMLDocument.parse(text) }
    }

    @Test func runtimeProjectWithoutSettingsOrIndexes() throws {
        let spec = try StackSpec.parse(
            text: """
                [[runtimes]]
                name = "cpython-3.12"
                python_implementation = "cpython@3.12.1"
                requirements = []
                """, specURL: URL(fileURLWithPath: "/spec/venvstacks.toml"), uvTomlText: nil, environment: [:],
            exists: { _ in true })
        let text = ResolveProject.pyprojectText(
            for: spec.runtimes[0], runtime: spec.runtimes[0], declared: [], constraints: [], config: spec.uvConfig,
            access: IndexAccess())
        #expect(
            text == """
                [project]
                name = "cpython-3-12"
                version = "0"
                dependencies = []
                requires-python = "==3.12.*"

                [tool.uv]
                cache-keys = [{ file = "pyproject.toml" }]
                no-build = true
                constraint-dependencies = []

                """)
        #expect(
            ResolveProject.uvTomlText(spec.uvConfig, access: IndexAccess())
                == "cache-keys = [{ file = \"pyproject.toml\" }]\nno-build = true\n")
    }

    @Test(arguments: [
        ("cpython-3.11", "cpython-3-11"), ("framework-layerF@1", "framework-layerf-1"), ("app-My_App", "app-my-app"),
    ])
    func projectNames(_ buildName: String, _ expected: String) {
        #expect(ResolveProject.projectName(for: buildName) == expected)
    }

    @Test func lowerLayerPinsListConditionalPinsBeforeTheUnconditionalOne() throws {
        func lock(_ text: String) throws -> PylockDocument { try PylockDocument.parse(text, file: "t.toml") }
        let runtime = try lock(
            """
            [[packages]]
            name = "torch"
            version = "2.8.0"
            marker = "sys_platform == 'darwin'"

            [[packages]]
            name = "numpy"
            version = "2.3.2"

            [[packages]]
            name = "dlltracer"
            version = "1.0.3"
            marker = "sys_platform == \\"win32\\""
            """)
        let framework = try lock(
            """
            [[packages]]
            name = "numpy"
            version = "2.3.2"
            marker = "sys_platform == 'from_lower_layer'"

            [[packages]]
            name = "numpy"
            version = "1.0"

            [[packages]]
            name = "torch"
            version = "2.8.0+cpu"
            marker = "sys_platform != 'darwin'"

            [[packages]]
            name = "torch"
            version = "2.8.0"
            marker = "sys_platform == 'darwin'"

            [[packages]]
            name = "torch"
            version = "2.8.0"
            """)
        #expect(
            LowerLayerPins.collect([runtime, framework]).map(\.constraint) == [
                "dlltracer==1.0.3 ; sys_platform == 'win32'",
                "numpy==2.3.2",
                "torch==2.8.0 ; sys_platform == 'darwin'",
                "torch==2.8.0+cpu ; sys_platform != 'darwin'",
                "torch==2.8.0",
            ])
    }
}
