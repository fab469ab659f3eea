import Foundation
import PythonPackaging
import Testing

@testable import VenvStacks

@Suite struct SpecLoadingTests {
    @Test func sampleProjectLoadsEveryLayer() throws {
        let spec = try loadSpec(TestPaths.sampleProject)
        #expect(spec.runtimes.map(\.buildName) == ["cpython-3.11", "cpython-3.12"])
        #expect(spec.frameworks.map(\.buildName) == ["framework-scipy", "framework-sklearn", "framework-http-client"])
        #expect(spec.applications.map(\.buildName) == ["app-scipy-client", "app-scipy-import", "app-sklearn-import"])
        #expect(spec.uvConfig.excludeNewer == "2025-08-27 00:00:00+00:00")
        #expect(spec.warnings.isEmpty)

        let runtime311 = try #require(spec.runtime(named: "cpython-3.11"))
        #expect(runtime311.pythonImplementation?.version == "3.11.7")
        #expect(runtime311.requirements.map(\.description) == ["numpy", "dlltracer; sys_platform == \"win32\""])
        #expect(!runtime311.versioned)
        #expect(
            runtime311.platforms.map(\.rawValue) == [
                "linux_aarch64", "linux_x86_64", "macosx_arm64", "macosx_x86_64", "win_amd64",
            ])
        #expect(spec.runtime(named: "cpython-3.12")?.versioned == true)

        let client = try #require(spec.applications.first { $0.name == "scipy-client" })
        #expect(client.frameworks == ["scipy", "http-client"])
        #expect(client.runtime == "cpython-3.11")
        #expect(client.platforms == [.macosARM64, .winAMD64])
        #expect(client.launchModule?.name == "scipy_client")
        #expect(client.supportModules.count == 2)

        let importer = try #require(spec.applications.first { $0.name == "scipy-import" })
        #expect(importer.versioned)
        #expect(importer.launchModule?.name == "scipy_import")
        #expect(importer.platforms.allSatisfy { $0.isLinux })

        let sklearn = try #require(spec.applications.first { $0.name == "sklearn-import" })
        #expect(sklearn.runtime == "cpython-3.12")
        #expect(sklearn.platforms == [.linuxAArch64, .linuxX86_64, .macosARM64, .macosX86_64, .winAMD64])
    }

    @Test func minimalProjectLinearisesTheDiamondAndC3Cases() throws {
        let spec = try loadSpec(TestPaths.minimalProject)
        let frameworks = Dictionary(uniqueKeysWithValues: spec.frameworks.map { ($0.name, $0.frameworks) })
        #expect(frameworks["layerD"] == ["layerB", "layerC", "layerA"])
        #expect(frameworks["layerE"] == ["layerB", "layerA"])
        #expect(frameworks["layerF@1"] == ["layerE", "layerB", "layerA"])
        let empty = try #require(spec.applications.first { $0.name == "empty" })
        #expect(empty.frameworks == ["layerD", "layerF@1", "layerE", "layerB", "layerC", "layerA"])
        #expect(spec.framework(named: "layerF@1")?.buildName == "framework-layerF@1")
        let disabled = try #require(spec.applications.first { $0.name == "disabled" })
        #expect(!disabled.isEnabled)
        #expect(!spec.enabledLayers.contains { $0.name == "disabled" })
    }

    @Test func atSymbolNamesAreAllowed() throws {
        let spec = try loadSpec(TestPaths.stackSpecs.appendingPathComponent("at_symbol.toml"))
        #expect(spec.runtimes.map(\.name) == ["cpython@3.11", "cpython@3.12"])
        #expect(spec.runtimes.map(\.versioned) == [false, true])
    }

    @Test func legacyFullyVersionedNameIsConvertedWithAWarning() throws {
        let spec = try loadSpec(TestPaths.stackSpecs.appendingPathComponent("warning_fully_versioned.toml"))
        #expect(spec.runtimes.first?.pythonImplementation != nil)
        #expect(spec.warnings.count == 1)
        #expect(
            spec.warnings[0].message.contains(
                "Converting legacy field name 'fully_versioned_name' to 'python_implementation' for layer 'runtime'"))
    }

    @Test func legacyBuildRequirementsAreDroppedWithAWarningPerLayer() throws {
        let spec = try loadSpec(TestPaths.stackSpecs.appendingPathComponent("warning_build_requirements.toml"))
        #expect(spec.warnings.count == 3)
        #expect(
            spec.warnings.allSatisfy { $0.message.hasPrefix("Dropping legacy field 'build_requirements' for layer") })
    }

    @Test func macOSTargetFallsBackToTheDeploymentTargetVariable() throws {
        let spec = try loadSpec(TestPaths.minimalProject, environment: ["MACOSX_DEPLOYMENT_TARGET": "14"])
        #expect(spec.runtimes[0].macosxTarget.raw == "14")
        #expect(spec.runtimes[0].macosxTarget.major == 14)
        let defaulted = try loadSpec(TestPaths.minimalProject, environment: [:])
        #expect(defaulted.runtimes[0].macosxTarget.raw == "13.0")
    }

    @Test func explicitPlatformOrderIsKeptAndInferredPlatformsAreSorted() throws {
        let text = """
            [[runtimes]]
            name = "rt"
            python_implementation = "cpython@3.12.1"
            requirements = []
            platforms = ["win_amd64", "linux_x86_64", "macosx_arm64"]

            [[frameworks]]
            name = "fw"
            runtime = "rt"
            requirements = []

            [[frameworks]]
            name = "narrow"
            runtime = "rt"
            requirements = []
            platforms = ["win_amd64", "linux_x86_64"]

            [[applications]]
            name = "app"
            frameworks = ["fw", "narrow"]
            launch_module = "x.py"
            requirements = []
            """
        let spec = try StackSpec.parse(
            text: text, specURL: URL(fileURLWithPath: "/spec/venvstacks.toml"), uvTomlText: nil,
            environment: [:], exists: { _ in true })
        #expect(spec.runtimes[0].platforms == [.winAMD64, .linuxX86_64, .macosARM64])
        #expect(spec.frameworks[0].platforms == [.linuxX86_64, .macosARM64, .winAMD64])
        #expect(spec.frameworks[1].platforms == [.winAMD64, .linuxX86_64])
        #expect(spec.applications[0].platforms == [.linuxX86_64, .winAMD64])
    }

    @Test func inlineToolUVWinsOverTheAdjacentFile() throws {
        let text = """
            [tool.uv]
            exclude-newer = "2025-01-01T00:00:00Z"
            [[tool.uv.index]]
            name = "inline"
            url = "https://example.com/simple"
            explicit = true
            """
        let uvToml = """
            exclude-newer = "2020-01-01T00:00:00Z"
            [[index]]
            name = "fromfile"
            url = "https://example.org/simple"
            """
        let spec = try StackSpec.parse(
            text: text, specURL: URL(fileURLWithPath: "/spec/venvstacks.toml"), uvTomlText: uvToml,
            environment: [:], exists: { _ in true })
        #expect(spec.uvConfig.source == .specToolTable)
        #expect(spec.uvConfig.excludeNewer == "2025-01-01T00:00:00Z")
        #expect(Array(spec.uvConfig.namedIndexes.keys) == ["inline"])

        let fileOnly = try StackSpec.parse(
            text: "", specURL: URL(fileURLWithPath: "/spec/venvstacks.toml"), uvTomlText: uvToml,
            environment: [:], exists: { _ in true })
        #expect(fileOnly.uvConfig.source == .uvTomlFile("/spec/venvstacks.uv.toml"))
        #expect(Array(fileOnly.uvConfig.namedIndexes.keys) == ["fromfile"])
        #expect(fileOnly.uvConfig.namedIndexes["fromfile"]?.isCommon == true)
    }

    @Test func packageIndexesAreInheritedAndOverridable() throws {
        let text = """
            [[tool.uv.index]]
            name = "cpu"
            url = "https://example.com/cpu"
            explicit = true
            [[tool.uv.index]]
            name = "gpu"
            url = "https://example.com/gpu"
            explicit = true

            [[runtimes]]
            name = "rt"
            python_implementation = "cpython@3.12.1"
            requirements = []
            package_indexes = { torcH = "cpu" }

            [[frameworks]]
            name = "fw"
            runtime = "rt"
            requirements = []
            package_indexes = { other_pkg = "gpu" }

            [[applications]]
            name = "override"
            frameworks = ["fw"]
            launch_module = "x.py"
            requirements = []
            package_indexes = { Torch = "gpu" }
            index_overrides = { cpu = "gpu" }
            """
        let spec = try StackSpec.parse(
            text: text, specURL: URL(fileURLWithPath: "/spec/venvstacks.toml"), uvTomlText: nil,
            environment: [:], exists: { _ in true })
        #expect(spec.runtimes[0].packageIndexes == ["torch": "cpu"])
        #expect(spec.frameworks[0].packageIndexes == ["torch": "cpu", "other-pkg": "gpu"])
        #expect(spec.applications[0].packageIndexes == ["torch": "gpu", "other-pkg": "gpu"])
        #expect(spec.uvConfig.namedIndexes["cpu"]?.isCommon == false)
    }
}
