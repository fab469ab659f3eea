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
        let uv =
            ProcessInfo.processInfo.environment["VENVSTACKS_UV"]
            ?? IntegrationPaths.packageRoot.appendingPathComponent(".tools/bin/uv").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: uv)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
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
}
