import DeterministicArchive
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed modification time for test archives: 2023-11-14 22:13:20 UTC.
let testTime: Int64 = 1_700_000_000

/// A fresh temporary directory (symlinks resolved), removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("deterministic-archive-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.resolvingSymlinksInPath()
}

/// Which command-line tools the tests can use to check archives independently.
enum CommandLineTools {
    static func has(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }

    static let tar = has("tar")
    static let xz = has("xz")
    static let zstd = has("zstd")
    static let gzip = has("gzip")

    /// Whether tar, xz, zstd and gzip are all installed.
    static let all = tar && xz && zstd && gzip
    /// Why tests that check archives with these tools are skipped.
    static let missingReason: Comment =
        "needs the tar, xz, zstd and gzip command-line tools (misc/setup.sh installs them)"
}

/// The result of running a command-line tool.
struct ToolOutput {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs `tool` (looked up on PATH) with `arguments`; stdout is captured, stderr kept as text.
func runTool(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ToolOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let stdout = Pipe()
    process.standardOutput = stdout
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    return ToolOutput(status: process.terminationStatus, stdout: data, stderr: stderr)
}

/// The bytes of a file.
func bytes(of url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

/// The permission bits of a path (symlinks not followed).
func permissions(of url: URL) -> UInt32 {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return 0 }
    return UInt32(info.st_mode) & 0o7777
}

/// A small source tree with every kind of member: directories, plain and executable files,
/// a non-ASCII name, a path longer than 100 bytes, a symlink, and two names of one file.
struct SampleTree {
    static let longDirectory = String(repeating: "d", count: 60)
    static let longName = String(repeating: "f", count: 70) + ".txt"
    static let longPath = "pkg/\(longDirectory)/\(longName)"

    let root: URL

    /// Creates the tree under `root` (modes 0700/0600 unless the umask removes more).
    @discardableResult
    static func create(at root: URL) throws -> SampleTree {
        let manager = FileManager.default
        for directory in ["bin", "pkg", "pkg/sub", "pkg/\(longDirectory)"] {
            try manager.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        try Data("print('hello')\n".utf8).write(to: root.appendingPathComponent("pkg/__init__.py"))
        try Data("caf\u{e9}\n".utf8).write(to: root.appendingPathComponent("pkg/caf\u{e9}.txt"))
        try Data("long\n".utf8).write(to: root.appendingPathComponent(longPath))
        try Data(pseudoRandomText(count: 300_000)).write(to: root.appendingPathComponent("pkg/sub/data.bin"))
        try manager.linkItem(
            at: root.appendingPathComponent("pkg/sub/data.bin"), to: root.appendingPathComponent("pkg/sub/z-copy.bin"))
        let tool = root.appendingPathComponent("bin/tool")
        try Data("#!/bin/sh\necho tool\n".utf8).write(to: tool)
        chmod(tool.path, 0o700)
        chmod(root.appendingPathComponent("pkg/__init__.py").path, 0o600)
        try manager.createSymbolicLink(
            atPath: root.appendingPathComponent("bin/python").path, withDestinationPath: "../pkg/__init__.py")
        return SampleTree(root: root)
    }

    /// The archive entries for the tree, as a caller would list them (unsorted on purpose).
    var entries: [ArchiveEntry] {
        get throws { try entriesForDirectory(root).reversed() }
    }
}

/// Entries for everything under `root`: directories, files (executable if any x bit is
/// set), and symlinks with their targets.
func entriesForDirectory(_ root: URL) throws -> [ArchiveEntry] {
    let manager = FileManager.default
    var entries: [ArchiveEntry] = []
    for relative in try manager.subpathsOfDirectory(atPath: root.path) {
        let url = root.appendingPathComponent(relative)
        let attributes = try manager.attributesOfItem(atPath: url.path)
        switch attributes[.type] as? FileAttributeType {
        case .typeDirectory?:
            entries.append(ArchiveEntry(path: relative, content: .directory))
        case .typeSymbolicLink?:
            entries.append(
                ArchiveEntry(path: relative, content: .symlink(try manager.destinationOfSymbolicLink(atPath: url.path)))
            )
        default:
            entries.append(
                ArchiveEntry(path: relative, content: .file(url), executable: permissions(of: url) & 0o111 != 0))
        }
    }
    return entries
}

/// Compressible but not trivial bytes (words from a fixed generator).
func pseudoRandomText(count: Int, seed: UInt64 = 42) -> [UInt8] {
    var state = seed
    var result: [UInt8] = []
    result.reserveCapacity(count)
    let words = ["alpha ", "beta ", "gamma ", "delta ", "epsilon ", "zeta ", "eta ", "theta\n", "iota ", "kappa "]
    while result.count < count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        result += Array(words[Int(state >> 60) % words.count].utf8)
        if state & 0xff == 7 { result += Array(String(state, radix: 36).utf8) }
    }
    return Array(result.prefix(count))
}

/// The bytes of an archive file, compared whole but described briefly (size and checksum):
/// a failed `#expect(a == b)` on two large byte arrays would make the test library compute
/// their difference, which takes practically forever.
struct ArchiveFile: Equatable, CustomStringConvertible {
    var bytes: [UInt8]
    var count: Int { bytes.count }
    var description: String {
        let fnv1a = bytes.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return "\(bytes.count) bytes, FNV-1a \(String(fnv1a, radix: 16))"
    }

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(contentsOf url: URL) throws { bytes = try DeterministicArchiveTests.bytes(of: url) }
}

/// Writes the archive of `entries` into `directory` and returns its bytes.
func archiveBytes(
    _ entries: [ArchiveEntry], format: ArchiveFormat, threads: Int = 2, in directory: URL, name: String = "out"
) throws -> ArchiveFile {
    let destination = directory.appendingPathComponent(name + format.fileExtension)
    let settings = ArchiveSettings(format: format, threads: threads, modificationTime: testTime)
    _ = try ArchiveWriter.write(entries: entries, to: destination, settings: settings)
    return try ArchiveFile(contentsOf: destination)
}
