import Foundation
import Testing

/// Expected-output group: the tools that shape outputs must match the pins in
/// `expected-output-config.toml` (run `misc/setup.sh` to install them).
@Suite(.enabled(if: IntegrationGroups.expectedOutput, "set VENVSTACKS_EXPECTED_OUTPUT_TESTS=1"))
struct PinnedToolsTests {
    @Test func installedUVMatchesThePin() throws {
        let config = try String(
            contentsOf: IntegrationPaths.packageRoot.appendingPathComponent("expected-output-config.toml"),
            encoding: .utf8)
        let pin = try #require(config.split(separator: "\n").first { $0.hasPrefix("uv = ") })
            .split(separator: "\"").dropFirst().first.map(String.init)
        let output = try runTool(IntegrationPaths.uv, ["--version"]).stdout
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "uv \(try #require(pin))")
    }
}

enum IntegrationGroups {
    static let slow = ProcessInfo.processInfo.environment["VENVSTACKS_SLOW_TESTS"] == "1"
    static let expectedOutput = ProcessInfo.processInfo.environment["VENVSTACKS_EXPECTED_OUTPUT_TESTS"] == "1"
}

enum IntegrationPaths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The pinned uv (`VENVSTACKS_UV` overrides; misc/setup.sh installs it in .tools/).
    static var uv: String {
        ProcessInfo.processInfo.environment["VENVSTACKS_UV"]
            ?? packageRoot.appendingPathComponent(".tools/bin/uv").path
    }
}

/// Runs `executable` with `arguments`, feeding `input` on stdin; returns status and output.
func runTool(
    _ executable: String, _ arguments: [String], input: Data = Data()
) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let outData = stdout.fileHandleForReading.readDataToEndOfFile()
    let errData = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
        process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self)
    )
}
