import Foundation
import Testing

@testable import VenvStacks

/// A copy of the `lock_project` fixture (three validly locked layers) with a hand-made
/// build: each layer's environment holds a `bin/python` and `payloadBytes` of
/// pseudo-random data, and a build record matching its spec and lock. `venvstacks publish`
/// and `local-export --dry-run` run on it for real, without uv or Python.
struct FakeBuiltProject {
    let project: URL
    let spec: URL
    let build: URL
    /// The default output folder, `_artifacts`.
    let output: URL
    let layers: [String]

    init(in root: URL, payloadBytes: Int) throws {
        project = root.appendingPathComponent("project")
        try FileManager.default.copyItem(at: TestPaths.lockProject, to: project)
        spec = project.appendingPathComponent("venvstacks.toml")
        build = project.appendingPathComponent("_build")
        output = project.appendingPathComponent("_artifacts")
        let stack = try StackSpec.load(path: spec.path)
        let states = try LockStateEvaluator(spec: stack, filter: SourceTreeFilter(specDirectory: project)).evaluate()
        let environments = LayerEnvironment.all(in: stack, states: states, buildDirectory: build)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for layer in stack.enabledLayers {
            let environment = try #require(environments[layer.buildName])
            let state = try #require(states[layer.buildName])
            let lock = try #require(state.stored, "the fixture's locks are valid")
            let bin = environment.directory.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try Data("#!/bin/sh\nexit 0\n".utf8).write(to: bin.appendingPathComponent("python"))
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("python").path)
            var payload = Data(count: payloadBytes)
            payload.withUnsafeMutableBytes { bytes in
                for index in 0..<bytes.count {
                    seed ^= seed << 13
                    seed ^= seed >> 7
                    seed ^= seed << 17
                    bytes[index] = UInt8(truncatingIfNeeded: seed)
                }
            }
            try payload.write(to: environment.directory.appendingPathComponent("payload.bin"))
            let record = BuildRecord(
                details: LayerMetadata(of: environment, lock: lock, moduleHashes: state.moduleHashes),
                spec: LayerSpecRecord.json(of: layer))
            try record.json.rendered().write(
                to: BuildRecord.url(for: layer.buildName, in: build), atomically: true, encoding: .utf8)
        }
        layers = stack.enabledLayers.map(\.buildName)
    }

    /// Relative path → content of every file under `folder` (hidden ones included).
    static func files(under folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let path = enumerator?.nextObject() as? String {
            let url = folder.appendingPathComponent(path)
            if try FileSystem.kind(at: url) != .directory { result[path] = try Data(contentsOf: url) }
        }
        return result
    }
}

/// A `venvstacks` run in the background.
final class BackgroundCLI: @unchecked Sendable {
    let process = Process()
    private let stdout = Pipe(), stderr = Pipe()
    private var output = Data(), errors = Data()
    private let done = DispatchGroup()

    init(_ arguments: [String]) throws {
        process.executableURL = TestPaths.binary
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        done.enter()
        done.enter()
        Thread.detachNewThread { [self] in
            output = stdout.fileHandleForReading.readDataToEndOfFile()
            done.leave()
        }
        Thread.detachNewThread { [self] in
            errors = stderr.fileHandleForReading.readDataToEndOfFile()
            done.leave()
        }
    }

    /// Waits for the run to end.
    func finish() -> CLIResult {
        process.waitUntilExit()
        done.wait()
        return CLIResult(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self))
    }
}

/// Waits up to `seconds` for `condition`.
func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}
