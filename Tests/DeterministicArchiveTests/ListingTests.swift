import DeterministicArchive
import Foundation
import Testing

/// The archives as independent tools see them: GNU tar's listing and extraction, the xz /
/// zstd / gzip integrity checks, and the raw tar headers.
@Suite(.enabled(if: CommandLineTools.all, CommandLineTools.missingReason))
struct ListingTests {
    /// One member as `tar -tv` shows it.
    struct Line: Equatable, CustomStringConvertible {
        var mode: String
        var owner: String
        var size: String
        var name: String
        var description: String { "\(mode) \(owner) \(size) \(name)" }
    }

    static let expected: [Line] = [
        Line(mode: "drwxr-xr-x", owner: "0/0", size: "0", name: "bin/"),
        Line(mode: "lrwxrwxrwx", owner: "0/0", size: "0", name: "bin/python -> ../pkg/__init__.py"),
        Line(mode: "-rwxr-xr-x", owner: "0/0", size: "20", name: "bin/tool"),
        Line(mode: "drwxr-xr-x", owner: "0/0", size: "0", name: "pkg/"),
        Line(mode: "-rw-r--r--", owner: "0/0", size: "15", name: "pkg/__init__.py"),
        Line(mode: "-rw-r--r--", owner: "0/0", size: "6", name: "pkg/caf\u{e9}.txt"),
        Line(mode: "drwxr-xr-x", owner: "0/0", size: "0", name: "pkg/\(SampleTree.longDirectory)/"),
        Line(mode: "-rw-r--r--", owner: "0/0", size: "5", name: SampleTree.longPath),
        Line(mode: "drwxr-xr-x", owner: "0/0", size: "0", name: "pkg/sub/"),
        Line(mode: "-rw-r--r--", owner: "0/0", size: "300000", name: "pkg/sub/data.bin"),
        Line(mode: "hrw-r--r--", owner: "0/0", size: "0", name: "pkg/sub/z-copy.bin link to pkg/sub/data.bin"),
    ]

    /// `tar -tv` of `archive` in UTC with full times, split into fields.
    func listing(_ archive: URL, numeric: Bool) throws -> [(line: Line, time: String)] {
        var arguments = ["--full-time", "--quoting-style=literal", "-tvf", archive.path]
        if numeric { arguments.insert("--numeric-owner", at: 0) }
        let output = try runTool("tar", arguments, environment: ["TZ": "UTC", "LC_ALL": "C.UTF-8"])
        #expect(output.status == 0, "tar -tvf: \(output.stderr)")
        return output.text.split(separator: "\n").map { row in
            let fields = row.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true).map(String.init)
            let line = Line(mode: fields[0], owner: fields[1], size: fields[2], name: fields[5])
            return (line, fields[3] + " " + fields[4])
        }
    }

    @Test(arguments: ArchiveFormat.allCases)
    func tarListsOwnersModesTimeOrderAndLinks(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = try SampleTree.create(at: root.appendingPathComponent("tree")).entries
        _ = try archiveBytes(entries, format: format, in: root)
        let archive = root.appendingPathComponent("out" + format.fileExtension)

        let numeric = try listing(archive, numeric: true)
        #expect(numeric.map(\.line) == Self.expected)
        #expect(numeric.allSatisfy { $0.time == "2023-11-14 22:13:20" })
        let named = try listing(archive, numeric: false)
        #expect(named.allSatisfy { $0.line.owner == "root/root" }, "\(named.map(\.line))")

        let sorted = try runTool("sh", ["-c", "tar -tf \"$1\" | LC_ALL=C sort -c", "sh", archive.path])
        #expect(sorted.status == 0, "not in bytewise order: \(sorted.stderr)")
    }

    @Test(arguments: ArchiveFormat.allCases)
    func theCompressorsOwnToolAcceptsTheArchive(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = try SampleTree.create(at: root.appendingPathComponent("tree")).entries
        _ = try archiveBytes(entries, format: format, in: root)
        let archive = root.appendingPathComponent("out" + format.fileExtension).path
        let tool =
            switch format {
            case .tarXZ: "xz"
            case .tarZstd: "zstd"
            case .tarGzip: "gzip"
            }
        let check = try runTool(tool, ["-t", archive])
        #expect(check.status == 0, "\(tool) -t: \(check.stderr)")
        switch format {
        case .tarXZ:
            let info = try runTool("xz", ["--robot", "-lv", archive])
            #expect(info.text.contains("CRC64"), "\(info.text)")
        case .tarZstd:
            let info = try runTool("zstd", ["-lv", archive])
            #expect(info.text.contains("XXH64"), "\(info.text)")
            #expect(info.text.contains("Window Size: 128 MiB"), "\(info.text)")
        case .tarGzip:
            break
        }
    }

    /// The xz and zstd tools, given the writer's own tar stream and the same settings, produce
    /// exactly the writer's bytes: the compression is the documented one and nothing else.
    @Test(arguments: [ArchiveFormat.tarXZ, .tarZstd])
    func theCompressorsToolMakesTheSameBytesFromTheTarStream(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = try SampleTree.create(at: root.appendingPathComponent("tree")).entries
        let archive = try archiveBytes(entries, format: format, in: root)
        let recompress =
            switch format {
            case .tarXZ: "xz -dc \"$1\" | xz -\(format.compressionLevel) -T2 -c"
            default: "zstd -dc \"$1\" | zstd -q -\(format.compressionLevel) -T2 --long=27 --zstd=mml=4 -c"
            }
        let output = try runTool(
            "sh", ["-c", recompress, "sh", root.appendingPathComponent("out" + format.fileExtension).path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(ArchiveFile([UInt8](output.stdout)) == archive)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func extractionReproducesTheTree(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = try SampleTree.create(at: root.appendingPathComponent("tree")).root
        _ = try archiveBytes(try entriesForDirectory(source), format: format, in: root)
        let target = root.appendingPathComponent("extracted")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let extract = try runTool(
            "tar", ["-xf", root.appendingPathComponent("out" + format.fileExtension).path, "-C", target.path])
        #expect(extract.status == 0, "tar -xf: \(extract.stderr)")

        let manager = FileManager.default
        #expect(
            try manager.subpathsOfDirectory(atPath: target.path).sorted()
                == manager.subpathsOfDirectory(atPath: source.path).sorted())
        for file in ["pkg/__init__.py", "pkg/caf\u{e9}.txt", SampleTree.longPath, "pkg/sub/data.bin", "bin/tool"] {
            #expect(
                try bytes(of: target.appendingPathComponent(file)) == bytes(of: source.appendingPathComponent(file)))
        }
        #expect(
            try manager.destinationOfSymbolicLink(atPath: target.appendingPathComponent("bin/python").path)
                == "../pkg/__init__.py")
        let data = try manager.attributesOfItem(atPath: target.appendingPathComponent("pkg/sub/data.bin").path)
        let copy = try manager.attributesOfItem(atPath: target.appendingPathComponent("pkg/sub/z-copy.bin").path)
        #expect(data[.systemFileNumber] as? Int == copy[.systemFileNumber] as? Int)
        #expect(permissions(of: target.appendingPathComponent("bin/tool")) == 0o755)
        #expect(permissions(of: target.appendingPathComponent("pkg/__init__.py")) == 0o644)
        let modified = data[.modificationDate] as? Date
        #expect(modified == Date(timeIntervalSince1970: TimeInterval(testTime)))
    }

    @Test
    func tarHeadersCarryOnlyFixedOwnersTimesAndNeededPaxRecords() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = try SampleTree.create(at: root.appendingPathComponent("tree"))
        var entries = try tree.entries
        entries.append(ArchiveEntry(path: "generated.txt", content: .data(Array("made\n".utf8)), executable: true))
        entries.append(ArchiveEntry(path: "bin/long-link", content: .symlink(String(repeating: "t", count: 150))))
        let longName = "g" + String(repeating: "n", count: 110)
        entries.append(ArchiveEntry(path: longName, content: .data([])))
        let archive = try archiveBytes(entries, format: .tarGzip, in: root).bytes
        #expect(Array(archive[0..<4]) == [0x1f, 0x8b, 0x08, 0x00], "gzip magic, deflate, no flags (no name)")
        #expect(Array(archive[4..<8]) == [0, 0, 0, 0], "gzip mtime 0")
        #expect(archive[8] == 0, "gzip extra flags for level 6")
        #expect(archive[9] == 3, "gzip OS byte: Unix")

        let decompressed = try runTool("gzip", ["-dc", root.appendingPathComponent("out.tar.gz").path])
        let tar = [UInt8](decompressed.stdout)
        #expect(tar.count % 10240 == 0)
        let rootPath = Array(root.path.utf8)
        #expect(!tar.indices.dropLast(rootPath.count).contains { Array(tar[$0..<$0 + rootPath.count]) == rootPath })

        let headers = try TarHeader.read(tar)
        let members = headers.filter { $0.typeFlag != "x" }
        #expect(members.count == entries.count)
        for header in headers {
            #expect(header.uid == "000000 " && header.gid == "000000 ", "\(header.name)")
            #expect(header.userName == "root" && header.groupName == "root", "\(header.name)")
            #expect(header.mtime == String(testTime, radix: 8) + " ", "\(header.name)")
            #expect(header.magic == Array("ustar\u{0}00".utf8), "\(header.name)")
            #expect(header.typeFlag != "g", "no global pax header")
            #expect(!header.name.contains("PaxHeaders."), "no GNU-style pax names with a PID: \(header.name)")
            for record in header.paxRecords {
                #expect(["path", "linkpath"].contains(record.key), "unexpected pax record \(record.key)")
            }
        }
        let pax = headers.filter { $0.typeFlag == "x" }.flatMap(\.paxRecords).map { "\($0.key)=\($0.value)" }
        #expect(
            pax == [
                "linkpath=" + String(repeating: "t", count: 150),
                "path=" + longName,
                "path=pkg/caf\u{e9}.txt",
            ])
        // A long path that splits at a "/" fits the ustar prefix and name fields without pax.
        let long = try #require(members.first { $0.name == SampleTree.longName })
        #expect(long.prefix == "pkg/\(SampleTree.longDirectory)")
        let generated = try #require(members.first { $0.name == "generated.txt" })
        #expect(generated.mode == "000755 " && generated.size == 5)
    }
}
