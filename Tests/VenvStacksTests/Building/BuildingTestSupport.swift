import Foundation
import Testing

@testable import VenvStacks

/// A small stack written to a temporary folder (removed on deinit): a runtime, a versioned
/// framework `x` (with `dynlib_exclude`), a framework `y` on top of it and an application.
final class BuildFixture {
    static let spec = """
        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[frameworks]]
        name = "x"
        runtime = "cpython-3.11"
        versioned = true
        dynlib_exclude = ["triton/**", "numpy.libs/*.so"]
        requirements = []

        [[frameworks]]
        name = "y"
        frameworks = ["x"]
        requirements = []

        [[applications]]
        name = "hello"
        launch_module = "hello.py"
        support_modules = ["helpers"]
        frameworks = ["y"]
        requirements = []
        """

    let root: URL
    let spec: StackSpec

    init(spec text: String = BuildFixture.spec) throws {
        root = try makeTemporaryDirectory()
        let fm = FileManager.default
        try text.write(to: root.appendingPathComponent("venvstacks.toml"), atomically: true, encoding: .utf8)
        try "print('hello')\n".write(to: root.appendingPathComponent("hello.py"), atomically: true, encoding: .utf8)
        try fm.createDirectory(at: root.appendingPathComponent("helpers"), withIntermediateDirectories: true)
        try "".write(to: root.appendingPathComponent("helpers/__init__.py"), atomically: true, encoding: .utf8)
        spec = try loadSpec(root.appendingPathComponent("venvstacks.toml"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var buildDirectory: URL { root.appendingPathComponent("_build") }

    func layer(_ buildName: String) throws -> LayerSpec {
        try #require(spec.layer(buildName: buildName), "no layer \(buildName)")
    }

    /// The environment of `buildName` in `_build`, linked to `dependencies` given as
    /// (build name, deployed name) pairs.
    func environment(
        _ buildName: String, deployedName: String? = nil, dependencies: [(String, String)] = []
    ) throws -> LayerEnvironment {
        let runtime = try #require(spec.runtimes.first?.pythonImplementation)
        return LayerEnvironment(
            layer: try layer(buildName), implementation: runtime,
            directory: buildDirectory.appendingPathComponent(buildName), deployedName: deployedName ?? buildName,
            dependencies: dependencies.map {
                LinkedLayer(
                    buildName: $0.0, deployedName: $0.1, directory: buildDirectory.appendingPathComponent($0.0))
            })
    }
}

/// File-system helpers for the building tests.
enum TreeHelpers {
    static func write(_ text: String, to url: URL, mode: Int? = nil) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path) }
    }

    static func symlink(_ url: URL, to destination: String) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
    }

    static func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// The inode of `path` (not following a final symlink).
    static func inode(_ path: String) throws -> UInt64? {
        let value = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber]
        if let number = value as? UInt64 { return number }
        if let number = value as? Int { return UInt64(number) }
        return (value as? NSNumber)?.uint64Value
    }

    /// Names in `directory`, sorted (empty when it does not exist).
    static func names(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }
}
