import DeterministicArchive
import Foundation
import Testing
import VenvStacks

/// Expected-output group: the tools and settings that shape outputs must match the pins in
/// `expected-output-config.toml` (run `misc/setup.sh` to install them).
@Suite(.enabled(if: IntegrationGroups.expectedOutput, "set VENVSTACKS_EXPECTED_OUTPUT_TESTS=1"))
struct PinnedToolsTests {
    let config: PinnedConfig

    init() throws {
        config = try PinnedConfig(
            contentsOf: IntegrationPaths.packageRoot.appendingPathComponent("expected-output-config.toml"))
    }

    @Test func installedUVMatchesThePin() throws {
        let pin = try #require(config["pinned-tools", "uv"])
        let output = try runTool(IntegrationPaths.uv, ["--version"]).stdout
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "uv \(pin)", "run misc/setup.sh")
    }

    @Test func thisToolMatchesThePin() throws {
        let binary = IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path
        let output = try runTool(binary, ["--version"]).stdout
        let pin = try #require(config["pinned-tools", "venvstacks-swift"])
        #expect(
            output.trimmingCharacters(in: .whitespacesAndNewlines) == "venvstacks \(pin)",
            "a new version changes every snippet's provenance: run misc/update-expected-output.sh and update the pin")
    }

    @Test func archiveSettingsMatchThePins() throws {
        let name = try #require(config["archive-settings", "format"])
        let format = try #require(ArchiveFormat(rawValue: name))
        #expect(
            config["archive-settings", "compressor"] == "\(format.compressorName) \(format.compressorVersion)",
            "the compressor library differs from the pinned one; its output bytes may differ")
        #expect(config["archive-settings", "compression-level"] == String(format.compressionLevel))
        #expect(config["archive-settings", "compression-settings"] == format.settingsDescription)
    }

    /// The runtimes come from archives with the pinned hashes: the offline mirror's files, or
    /// whatever `UV_PYTHON_DOWNLOADS_JSON_URL` lists.
    @Test func runtimeArchivesMatchThePins() throws {
        let pins = config.table("runtime-archives")
        #expect(!pins.isEmpty)
        guard let listing = ProcessInfo.processInfo.environment["UV_PYTHON_DOWNLOADS_JSON_URL"] else {
            Issue.record(
                """
                the expected outputs were made with the pinned runtime archives: set UV_PYTHON_DOWNLOADS_JSON_URL \
                to the mirror misc/setup.sh makes (.tools/python-mirror/download-metadata.json)
                """)
            return
        }
        let metadataFile = URL(fileURLWithPath: listing.replacingOccurrences(of: "file://", with: ""))
        let downloads = try JSONValue.parse(Data(contentsOf: metadataFile))
        guard case .object(let entries) = downloads else {
            Issue.record("\(metadataFile.path) is not a JSON object")
            return
        }
        for (file, hash) in pins {
            let entry = entries.values.first { ($0["url"]?.stringValue ?? "").hasSuffix("/" + file) }
            #expect(entry?["sha256"]?.stringValue == hash, "\(metadataFile.path) lists no \(file) with SHA-256 \(hash)")
            if let url = entry?["url"]?.stringValue, url.hasPrefix("file://") {
                let path = String(url.dropFirst(7))  // "file://"
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect(ContentHash.sha256Hex(data) == hash, "\(file) on disk does not have the pinned SHA-256")
            }
        }
    }
}

/// expected-output-config.toml, read with the project's TOML parser; values as text.
struct PinnedConfig {
    private let document: TOMLNode

    init(contentsOf url: URL) throws {
        document = try TOMLDocument.parse(String(contentsOf: url, encoding: .utf8))
    }

    subscript(table: String, key: String) -> String? {
        document[table]?[key].flatMap(Self.text)
    }

    func table(_ name: String) -> [(key: String, value: String)] {
        (document[name]?.entries ?? []).compactMap { entry in Self.text(entry.value).map { (entry.key, $0) } }
    }

    /// Strings as they are, integers in decimal; other values are not pins.
    private static func text(_ node: TOMLNode) -> String? {
        switch node {
        case .string(let value): value
        case .int(let value): String(value)
        default: nil
        }
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
