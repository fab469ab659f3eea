import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// Paths inside the repository.
enum TestPaths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")
    static let stackSpecs = fixtures.appendingPathComponent("stack_specs")
    static let minimalProject = fixtures.appendingPathComponent("minimal_project/venvstacks.toml")
    static let lockProject = fixtures.appendingPathComponent("lock_project")
    static let sampleProject = packageRoot.appendingPathComponent("sample_project/venvstacks.toml")

    /// The built `venvstacks` binary (`VENVSTACKS_BINARY` overrides).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["VENVSTACKS_BINARY"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/venvstacks")
    }
}

/// Test groups enabled by environment variables (the README's test command enables all).
enum TestGroups {
    static let slow = ProcessInfo.processInfo.environment["VENVSTACKS_SLOW_TESTS"] == "1"
    static let expectedOutput = ProcessInfo.processInfo.environment["VENVSTACKS_EXPECTED_OUTPUT_TESTS"] == "1"
}

/// The output of one run of the real CLI binary.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Signs of a crash rather than a handled error.
    var looksLikeCrash: Bool {
        ["Fatal error", "Stack dump", "Backtrace", "Segmentation fault", "SIGILL", "SIGTRAP"]
            .contains { stderr.contains($0) || stdout.contains($0) }
    }
}

/// Runs the built `venvstacks` binary as a subprocess.
func runCLI(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> CLIResult {
    let binary = TestPaths.binary
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        Issue.record("The venvstacks binary is missing at \(binary.path): run `swift build` first")
        return CLIResult(status: -1, stdout: "", stderr: "")
    }
    let invocation = ToolInvocation(
        binary.path, arguments, environment: environment.mapValues { $0 }, workingDirectory: directory)
    let result = try TestProcess.run(invocation)
    return CLIResult(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
}

/// A fresh temporary directory, removed by the caller with `removeItem`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("venvstacks-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.resolvingSymlinksInPath()
}

/// SHA-256 over the concatenated strings, computed directly (not through `LockHashes`).
func directHash(_ parts: [String]) -> String {
    ContentHash.hashStrings(parts)
}

/// Loads a spec, recording the error text as a test issue if it fails.
func loadSpec(_ url: URL, environment: [String: String] = [:]) throws -> StackSpec {
    try StackSpec.load(path: url.path, environment: environment)
}
