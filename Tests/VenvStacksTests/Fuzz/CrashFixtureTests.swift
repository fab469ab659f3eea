import Foundation
import Testing

/// Every input that ever crashed, hung or misled the tool, through the real binary: each gives
/// exit status 1 and one short, clear error (Tests/Fixtures/fuzz_crashes/, first line of each
/// file says what it once did).
@Suite struct CrashFixtureTests {
    static let folder = TestPaths.fixtures.appendingPathComponent("fuzz_crashes")

    static let cases: [(file: String, expected: String)] = [
        ("table_header_brace.toml", "invalid TOML at line 2"),
        ("long_dotted_header.toml", "more than 100"),
        ("nul_raw.toml", "line 3"),
        ("nul_escape.toml", "NUL"),
        ("utf16le_bom.toml", "UTF-16"),
        ("utf16be_no_bom.toml", "UTF-16"),
        ("launch_module_root.toml", "is the root folder"),
        ("launch_module_proc.toml", "kernel file system"),
        ("launch_module_device.toml", "is a device"),
        ("unsafe_runtime_name.toml", "'..' is not a usable layer name"),
    ]

    @Test(arguments: cases.map(\.file))
    func eachFormerCrashIsOneClearError(_ file: String) throws {
        let expected = Self.cases.first { $0.file == file }!.expected
        let result = try runBounded(["show", Self.folder.appendingPathComponent(file).path], in: Self.folder)
        #expect(result.status == 1, "\(file): exit \(result.status)\n\(result.stderr)")
        #expect(!result.looksLikeCrash)
        #expect(result.stderr.hasPrefix("ERROR: Invalid stack specification"), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(file): expected «\(expected)» in\n\(result.stderr)")
        #expect(result.stderr.count < 1_500, "\(file): \(result.stderr.count) characters")
    }

    @Test func everyCrashFixtureIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".toml")
        }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
    }

    /// A 5 MB invalid requirement is quoted as a short excerpt, not echoed whole.
    @Test func aHugeBadValueIsQuotedAsAnExcerpt() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("venvstacks.toml")
        let huge = String(repeating: "x<", count: 2_500_000)
        try """
        [[runtimes]]
        name = "\(String(repeating: "n", count: 3_000))"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = ["\(huge)"]
        platforms = ["\(huge)"]
        """.write(to: spec, atomically: true, encoding: .utf8)
        let result = try runBounded(["show", spec.path], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("5000000 characters"), "\(result.stderr.prefix(2_000))")
        #expect(result.stderr.count < 3_000, "\(result.stderr.count) characters")
    }

    /// A FIFO or a device given as the spec fails at once, saying what it is.
    @Test(arguments: ["fifo", "/dev/zero"])
    func aSpecThatIsNotARegularFileIsRefusedAtOnce(_ kind: String) throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var path = kind
        if kind == "fifo" {
            path = folder.appendingPathComponent("venvstacks.toml").path
            #expect(mkfifo(path, 0o644) == 0)
        }
        let result = try runBounded(["show", path], in: folder, seconds: 10)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not a regular file"), "\(result.stderr)")
        #expect(result.stderr.contains(kind == "fifo" ? "FIFO" : "character device"), "\(result.stderr)")
    }
}
