import Foundation
import Testing

@testable import VenvStacks

/// `venvstacks_layer.json` (docs/formats.md#deployed-layer-config) and the environments a stack links together.
@Suite struct LayerEnvironmentTests {
    @Test func runtimeConfigPointsAtItself() throws {
        let fixture = try BuildFixture()
        let runtime = try fixture.environment("cpython-3.11")
        #expect(runtime.isRuntime)
        #expect(runtime.runtime.buildName == "cpython-3.11")
        #expect(
            runtime.deployedConfig.rendered() == """
                {
                  "base_python": "bin/python",
                  "dynlib_dirs": [],
                  "py_version": "3.11.7",
                  "pylib_dirs": [],
                  "python": "bin/python",
                  "site_dir": "lib/python3.11/site-packages"
                }

                """)
    }

    @Test func layeredConfigUsesDeployedPeerNames() throws {
        let fixture = try BuildFixture()
        let app = try fixture.environment(
            "app-hello",
            dependencies: [
                ("framework-y", "framework-y"), ("framework-x", "framework-x@3"), ("cpython-3.11", "cpython-3.11"),
            ])
        let site = "lib/python3.11/site-packages"
        #expect(
            app.deployedConfig
                == .object([
                    "python": .string("bin/python"),
                    "py_version": .string("3.11.7"),
                    "site_dir": .string(site),
                    "base_python": .string("../cpython-3.11/bin/python"),
                    "pylib_dirs": .array(
                        ["../framework-y/\(site)", "../framework-x@3/\(site)", "../cpython-3.11/\(site)"].map(
                            JSONValue.string)),
                    "dynlib_dirs": .array(
                        [
                            "../framework-y/share/venv/dynlib", "../framework-x@3/share/venv/dynlib",
                            "../cpython-3.11/share/venv/dynlib",
                        ].map(JSONValue.string)),
                    "launch_module": .string("hello"),
                ]))
        #expect(app.frameworks.map(\.deployedName) == ["framework-y", "framework-x@3"])
        #expect(app.python.path == fixture.buildDirectory.path + "/app-hello/bin/python")
        #expect(app.dynlibDirectory.path == fixture.buildDirectory.path + "/app-hello/share/venv/dynlib")
    }

    @Test func stackEnvironmentsLinkLinearisedFrameworksThenTheRuntime() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = root.appendingPathComponent("project")
        try FileManager.default.copyItem(at: TestPaths.lockProject, to: project)
        let spec = try loadSpec(project.appendingPathComponent("venvstacks.toml"))
        let states = try LockStateEvaluator(spec: spec, filter: SourceTreeFilter(specDirectory: project)).evaluate()
        let build = root.appendingPathComponent("_build")
        let environments = LayerEnvironment.all(in: spec, states: states, buildDirectory: build)
        let app = try #require(environments["app-hello"])
        #expect(app.deployedName == "app-hello@3")
        #expect(app.directory.path == build.path + "/app-hello")
        #expect(app.dependencies.map(\.buildName) == ["framework-demo", "cpython-3.11"])
        #expect(
            app.dependencies.map(\.directory.path) == [build.path + "/framework-demo", build.path + "/cpython-3.11"])
        #expect(environments["cpython-3.11"]?.dependencies.isEmpty == true)
    }
}
