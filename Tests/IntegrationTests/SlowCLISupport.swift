import Foundation
import VenvStacksTestSupport
import VenvStacks

/// Helpers shared by the slow suites: the built CLI, temporary folders and file listings.
protocol SlowCLISupport {}

extension SlowCLISupport {
    /// Runs the built CLI.
    func venvstacks(_ arguments: [String]) throws -> ToolResult {
        let binary = IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path
        return try TestProcess.run(ToolInvocation(binary, arguments))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("venvstacks-slow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    /// Relative path → content of every file under `root`.
    func files(under root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: root.path) ?? .init() {
            let url = root.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = try Data(contentsOf: url)
            }
        }
        return result
    }

    func modificationTimes(under root: URL) throws -> [String: Date] {
        try files(under: root).keys.reduce(into: [:]) { times, path in
            times[path] =
                try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path)[
                    .modificationDate] as? Date
        }
    }

    /// Copies the sample project (without its build output) into `root`; with
    /// `withLocks: false` the committed requirements are left out too.
    func copySampleProject(to root: URL, withLocks: Bool) throws -> URL {
        let source = IntegrationPaths.packageRoot.appendingPathComponent("sample_project")
        let project = root.appendingPathComponent("sample_project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        let skipped = ["_build", "_artifacts", "__pycache__"] + (withLocks ? [] : ["requirements"])
        for entry in try FileManager.default.contentsOfDirectory(atPath: source.path) where !skipped.contains(entry) {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(entry), to: project.appendingPathComponent(entry))
        }
        return project.appendingPathComponent("venvstacks.toml")
    }
}
