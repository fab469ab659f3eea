import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// Three unpacked layers in `<temporary>/<folder>`, as a deployment would have them: a
/// runtime `cpython-X.Y` whose `bin/python` links to a real interpreter, a versioned
/// framework `framework-x@2` and an application `app-y`. Each holds the
/// `venvstacks_layer.json` the build writes, `postinstall.py` and a few modules; the
/// framework also ships one that does not compile. Removed on deinit.
final class DeployedStack {
    static let framework = "framework-x@2"
    static let app = "app-y"

    let python: RealPython
    let build: BuildFixture
    let deployed: URL
    let runtime: String
    let environments: [String: LayerEnvironment]

    init(python: RealPython, folder: String = "deployed") throws {
        self.python = python
        runtime = "cpython-\(python.majorMinor)"
        build = try BuildFixture(spec: Self.spec(runtime: runtime, version: python.version))
        deployed = build.root.appendingPathComponent(folder)
        environments = [
            runtime: try build.environment(runtime),
            Self.framework: try build.environment(
                "framework-x", deployedName: Self.framework, dependencies: [(runtime, runtime)]),
            Self.app: try build.environment(
                "app-y", dependencies: [("framework-x", Self.framework), (runtime, runtime)]),
        ]
        for (name, environment) in environments {
            try TreeHelpers.write(
                environment.deployedConfig.rendered(),
                to: layer(name).appendingPathComponent(LayerEnvironment.configPath))
            try Data(PostInstallScript.bytes).write(to: script(name))
        }
        try TreeHelpers.symlink(layer(runtime).appendingPathComponent("bin/python"), to: python.executable)
        for name in [Self.framework, Self.app] {
            try TreeHelpers.symlink(layer(name).appendingPathComponent("bin/python"), to: "../../\(runtime)/bin/python")
        }
        try TreeHelpers.write("RUNTIME = True\n", to: sitePackages(runtime).appendingPathComponent("rt_mod.py"))
        try TreeHelpers.write(
            "FRAMEWORK = True\n", to: sitePackages(Self.framework).appendingPathComponent("fw_pkg/__init__.py"))
        try TreeHelpers.write(
            "def broken(:\n", to: sitePackages(Self.framework).appendingPathComponent("fw_pkg/broken.py"))
        try TreeHelpers.write(
            "import fw_pkg, rt_mod\n", to: sitePackages(Self.app).appendingPathComponent("app_mod.py"))
    }

    static func spec(runtime: String, version: String) -> String {
        """
        [[runtimes]]
        name = "\(runtime)"
        python_implementation = "cpython@\(version)"
        requirements = []

        [[frameworks]]
        name = "x"
        runtime = "\(runtime)"
        versioned = true
        requirements = []

        [[applications]]
        name = "y"
        launch_module = "hello.py"
        frameworks = ["x"]
        requirements = []
        """
    }

    func layer(_ name: String) -> URL { deployed.appendingPathComponent(name) }
    func script(_ name: String) -> URL { layer(name).appendingPathComponent("postinstall.py") }
    func config(_ name: String) -> URL { layer(name).appendingPathComponent(LayerEnvironment.configPath) }
    func sitePackages(_ name: String) -> URL {
        layer(name).appendingPathComponent(environments[name]?.sitePackagesPath ?? "missing")
    }
    func siteCustomize(_ name: String) -> URL { sitePackages(name).appendingPathComponent("sitecustomize.py") }
    var runtimePython: String { layer(runtime).appendingPathComponent("bin/python").path }

    /// `<interpreter> <options> <layer>/postinstall.py`, by default with the runtime's python.
    func postInstall(_ name: String, with interpreter: String? = nil, options: [String] = []) throws -> ToolResult {
        try TestProcess.run(
            ToolInvocation(interpreter ?? runtimePython, options + [script(name).path], workingDirectory: build.root))
    }

    /// Runs every layer's script, runtime first, expecting silent success.
    func postInstallAll(with interpreter: String? = nil, options: [String] = []) throws {
        for name in [runtime, Self.framework, Self.app] {
            let result = try postInstall(name, with: interpreter, options: options)
            #expect(result.status == 0, "\(name): \(result.stderrText)")
            #expect(result.stdoutText == "")
            #expect(result.stderrText == "")
        }
    }

    /// Rewrites a layer's `venvstacks_layer.json` (keys sorted, as the build writes it).
    func editConfig(_ name: String, _ edit: (inout [String: JSONValue]) -> Void) throws {
        guard case .object(var members)? = environments[name]?.deployedConfig else { return }
        edit(&members)
        try JSONValue.object(members).rendered().write(to: config(name), atomically: true, encoding: .utf8)
    }

    /// `<directory>/__pycache__/<module>.<tag>.pyc` for the interpreter's tag.
    func bytecode(_ directory: URL, _ module: String) -> URL {
        directory.appendingPathComponent("__pycache__/\(module).\(python.cacheTag).pyc")
    }

    func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }
    func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Every regular file under the deployed folder (symlinks skipped) and its bytes.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let keys: [URLResourceKey] = [.isSymbolicLinkKey, .isRegularFileKey]
        let enumerator = FileManager.default.enumerator(at: deployed, includingPropertiesForKeys: keys)
        while let url = enumerator?.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: Set(keys))
            guard values.isSymbolicLink != true, values.isRegularFile == true else { continue }
            files[String(url.path.dropFirst(deployed.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// The relative paths of all `.pyc` files under the deployed folder.
    func bytecodeFiles() throws -> [String] {
        try snapshot().keys.filter { $0.hasSuffix(".pyc") }.sorted()
    }
}
