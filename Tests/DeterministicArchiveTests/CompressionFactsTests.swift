import Foundation
import Testing

@testable import DeterministicArchive

/// `CompressionFacts` reads the settings of files made by xz, zstd, gzip and this project's writer,
/// and never fails on damaged or random bytes.
@Suite struct CompressionFactsTests {
    /// 3 MiB of compressible text.
    static let sampleSize = 3 << 20

    /// Writes the sample text into `directory`.
    static func sample(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("data.txt")
        try Data(pseudoRandomText(count: sampleSize)).write(to: url)
        return url
    }

    /// Runs `command` through the shell with the sample path as $1 and returns the facts of its output.
    static func facts(_ command: String, _ input: URL, in directory: URL) throws -> CompressionFacts {
        let output = try runTool("sh", ["-c", command, "sh", input.path])
        #expect(output.status == 0, "\(command): \(output.stderr)")
        let url = directory.appendingPathComponent("out-\(UUID().uuidString)")
        try output.stdout.write(to: url)
        return try CompressionFacts.read(from: url)
    }

    /// The facts as "name=value" lines, for readable failures.
    static func lines(_ facts: CompressionFacts) -> [String] {
        ["format=\(facts.format)"] + facts.details.map { "\($0.name)=\($0.value)" }
    }

    @Test(.enabled(if: CommandLineTools.xz, CommandLineTools.missingReason))
    func xzSettingsShowInTheFacts() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try Self.sample(in: directory)
        let blocks = try Self.facts("xz -6 -T2 --block-size=1MiB -c \"$1\"", input, in: directory)
        let again = try Self.facts("xz -6 -T2 --block-size=1MiB -c \"$1\"", input, in: directory)
        let fastest = try Self.facts("xz -0 --check=crc32 -c \"$1\"", input, in: directory)
        // -9e is slow: a smaller input shows its dictionary as well.
        let small = directory.appendingPathComponent("small.txt")
        try Data(pseudoRandomText(count: 200_000)).write(to: small)
        let extreme = try Self.facts("xz -9e -c \"$1\"", small, in: directory)
        #expect(
            Self.lines(blocks) == [
                "format=xz", "check=CRC64", "filters=LZMA2", "dictionary=8 MiB", "block size=1 MiB", "blocks=3",
                "uncompressed size=3145728 bytes", "streams=1",
            ])
        #expect(blocks == again)
        #expect(
            Self.lines(fastest) == [
                "format=xz", "check=CRC32", "filters=LZMA2", "dictionary=256 KiB", "blocks=1",
                "uncompressed size=3145728 bytes", "streams=1",
            ])
        #expect(extreme.value("dictionary") == "64 MiB")
        #expect(extreme.value("check") == "CRC64")
        #expect(fastest != blocks)
    }

    @Test(.enabled(if: CommandLineTools.xz, CommandLineTools.missingReason))
    func xzFiltersAndStreamsAgreeWithXZList() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try Self.sample(in: directory)
        let bcj = try Self.facts("xz --x86 --lzma2=preset=1 -c \"$1\"", input, in: directory)
        #expect(bcj.value("filters") == "x86 BCJ + LZMA2")
        #expect(bcj.value("dictionary") == "1 MiB")
        let delta = try Self.facts("xz --delta=dist=4 --lzma2=preset=0 -c \"$1\"", input, in: directory)
        #expect(delta.value("filters") == "delta (distance 4) + LZMA2")

        // Two streams with stream padding between and after them (small enough for the tail that
        // `read(from:)` takes), as `xz --list` sees them.
        let small = directory.appendingPathComponent("small.txt")
        try Data(pseudoRandomText(count: 200_000)).write(to: small)
        let joined = directory.appendingPathComponent("joined.xz")
        let command =
            "xz -0 -c \"$1\"; head -c 8 /dev/zero; xz -1 -T2 --block-size=64KiB -c \"$1\"; head -c 4 /dev/zero"
        try runTool("sh", ["-c", command, "sh", small.path]).stdout.write(to: joined)
        let facts = try CompressionFacts.read(from: joined)
        #expect(facts.value("blocks") == "5")
        #expect(facts.value("streams") == "2")
        #expect(facts.value("uncompressed size") == "400000 bytes")
        #expect(facts.value("stream padding") == "12 bytes")
        let list = try runTool("xz", ["--robot", "--list", joined.path]).text
        let file = list.split(separator: "\n").first { $0.hasPrefix("file\t") }?.split(separator: "\t") ?? []
        #expect(file.count > 4 && file[1] == "2" && file[2] == "5" && file[4] == "400000")

        // When the earlier stream lies before the bytes given, the count says so.
        let bytes = try bytes(of: joined)
        let partial = CompressionFacts.parse(
            head: Array(bytes.prefix(64)), tail: Array(bytes.suffix(1024)), fileSize: Int64(bytes.count))
        #expect(partial.value("streams") == "at least 2 (the last 1 read)")
        #expect(partial.value("blocks") == "4")
    }

    @Test(.enabled(if: CommandLineTools.zstd, CommandLineTools.missingReason))
    func zstdSettingsShowInTheFacts() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try Self.sample(in: directory)
        let level3 = try Self.facts("zstd -q -3 -c \"$1\"", input, in: directory)
        let again = try Self.facts("zstd -q -3 -c \"$1\"", input, in: directory)
        let unchecked = try Self.facts("zstd -q -19 --no-check -c \"$1\"", input, in: directory)
        let long = try Self.facts("zstd -q --long=27 -c < \"$1\"", input, in: directory)
        #expect(level3.format == "zstd")
        #expect(level3 == again)
        #expect(level3.value("checksum") == "XXH64")
        #expect(level3.value("content size") == "\(Self.sampleSize) bytes")
        #expect(unchecked.value("checksum") == "none")
        #expect(
            Self.lines(long) == ["format=zstd", "window=128 MiB", "checksum=XXH64", "content size=not recorded"])
        #expect(level3 != unchecked && level3 != long)

        // A skippable frame in front is counted and passed over.
        let compressed = try runTool("sh", ["-c", "zstd -q --long=27 -c < \"$1\"", "sh", input.path]).stdout
        let skippable: [UInt8] = [0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]
        let withSkippable = skippable + [UInt8](compressed)
        let facts = CompressionFacts.parse(
            head: withSkippable, tail: Array(withSkippable.suffix(16)), fileSize: Int64(withSkippable.count))
        #expect(facts.value("skippable frames") == "1")
        #expect(facts.value("window") == "128 MiB")
    }

    @Test(.enabled(if: CommandLineTools.gzip, CommandLineTools.missingReason))
    func gzipHeaderFieldsShowInTheFacts() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try Self.sample(in: directory)
        let best = try Self.facts("gzip -n -9 -c \"$1\"", input, in: directory)
        let again = try Self.facts("gzip -n -9 -c \"$1\"", input, in: directory)
        let fast = try Self.facts("gzip -1 -c \"$1\"", input, in: directory)
        #expect(
            Self.lines(best) == [
                "format=gzip", "method=deflate", "extra flags=maximum compression", "OS=Unix",
                "modification time=not set", "name=not stored", "comment=not stored",
                "uncompressed size mod 2^32=3145728 bytes",
            ])
        #expect(best == again)
        #expect(fast.value("extra flags") == "fastest")
        #expect(fast.value("name") == "data.txt")
        #expect(fast.value("modification time") != "not set")
        #expect(fast.value("uncompressed size mod 2^32") == "3145728 bytes")
    }

    @Test(.enabled(if: CommandLineTools.xz, CommandLineTools.missingReason))
    func projectArchivesShowTheWritersSettings() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        // Over 24 MiB so that the first xz block is a full one; zeros keep compression quick.
        try Data(count: 25 << 20).write(to: source.appendingPathComponent("zeros.bin"))
        try Data(pseudoRandomText(count: 100_000)).write(to: source.appendingPathComponent("text.txt"))
        let entries = try entriesForDirectory(source)
        var facts: [ArchiveFormat: CompressionFacts] = [:]
        for format in ArchiveFormat.allCases {
            _ = try archiveBytes(entries, format: format, in: directory)
            facts[format] = try CompressionFacts.read(
                from: directory.appendingPathComponent("out" + format.fileExtension))
        }
        let xz = try #require(facts[.tarXZ])
        #expect(
            Array(Self.lines(xz).prefix(6)) == [
                "format=xz", "check=CRC64", "filters=LZMA2", "dictionary=8 MiB", "block size=24 MiB", "blocks=2",
            ])
        #expect(xz.value("streams") == "1")
        let zstd = try #require(facts[.tarZstd])
        #expect(zstd.format == "zstd")
        #expect(zstd.value("window") == "128 MiB")
        #expect(zstd.value("checksum") == "XXH64")
        let gzip = try #require(facts[.tarGzip])
        #expect(gzip.value("modification time") == "not set")
        #expect(gzip.value("name") == "not stored")
    }

    @Test func damagedAndUnknownFilesAreFactsNotErrors() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty")
        try Data().write(to: empty)
        #expect(Self.lines(try CompressionFacts.read(from: empty)) == ["format=none", "file=empty"])
        #expect(throws: ArchiveError.self) {
            try CompressionFacts.read(from: directory.appendingPathComponent("missing"))
        }

        let xzHeader: [UInt8] = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46]
        let cut = CompressionFacts.parse(head: Array(xzHeader.prefix(8)), tail: [], fileSize: 8)
        #expect(Self.lines(cut) == ["format=xz", "header=damaged: stream header truncated"])
        let headerOnly = CompressionFacts.parse(head: xzHeader, tail: xzHeader, fileSize: 12)
        #expect(headerOnly.value("check") == "CRC64")
        #expect(headerOnly.value("header")?.hasPrefix("damaged:") == true)
        var badCRC = xzHeader
        badCRC[8] ^= 1
        #expect(CompressionFacts.parse(head: badCRC, tail: [], fileSize: 12).value("header")?.contains("CRC32") == true)

        var tar = [UInt8](repeating: 0, count: 1024)
        tar.replaceSubrange(257..<263, with: Array("ustar\0".utf8))
        #expect(
            Self.lines(CompressionFacts.parse(head: tar, tail: tar, fileSize: 1024)) == [
                "format=none", "tar=ustar magic",
            ])
    }

    @Test func randomAndMutatedBytesNeverCrash() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let prefixes: [[UInt8]] = [
            [], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46], [0x28, 0xb5, 0x2f, 0xfd],
            [0x50, 0x2a, 0x4d, 0x18], [0x1f, 0x8b, 0x08], [0x1f, 0x8b, 0x08, 0x1c],
        ]
        let suffixes: [[UInt8]] = [[], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x59, 0x5a], [0x59, 0x5a]]
        var formats: Set<String> = []
        for _ in 0..<5000 {
            let body = (0..<Int(next() % 200)).map { _ in UInt8(truncatingIfNeeded: next()) }
            let bytes = prefixes[Int(next()) % prefixes.count] + body + suffixes[Int(next()) % suffixes.count]
            let split = Int(next()) % (bytes.count + 1)
            let facts = CompressionFacts.parse(
                head: Array(bytes.prefix(split)), tail: Array(bytes.suffix(Int(next()) % (bytes.count + 1))),
                fileSize: Int64(next() % 2 == 0 ? bytes.count : Int(next() % 1000)))
            formats.insert(facts.format)
        }
        #expect(formats.isSubset(of: ["xz", "zstd", "gzip", "none"]))
    }

    @Test(.enabled(if: CommandLineTools.all, CommandLineTools.missingReason))
    func damagedRealFilesNeverCrash() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("small.txt")
        try Data(pseudoRandomText(count: 20_000)).write(to: input)
        var state: UInt64 = 11
        for command in ["xz -T2 --block-size=4KiB -c \"$1\"", "zstd -q -c \"$1\"", "gzip -c \"$1\""] {
            let original = [UInt8](try runTool("sh", ["-c", command, "sh", input.path]).stdout)
            let intact = CompressionFacts.parse(head: original, tail: original, fileSize: Int64(original.count))
            #expect(!intact.details.contains { $0.value.hasPrefix("damaged") }, "\(Self.lines(intact))")
            for _ in 0..<2000 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                var bytes = original
                let position = Int(state >> 33) % 128
                bytes[state & 1 == 0 ? position : bytes.count - 1 - position] ^= UInt8(truncatingIfNeeded: state >> 8)
                let length = state & 2 == 0 ? bytes.count : Int(state >> 20) % bytes.count
                let facts = CompressionFacts.parse(
                    head: Array(bytes.prefix(length)), tail: Array(bytes.prefix(length)), fileSize: Int64(length))
                #expect(["xz", "zstd", "gzip", "none"].contains(facts.format))
            }
        }
    }

    @Test func sizesAndDictionariesInWords() {
        #expect(CompressionFacts.size(8 << 20) == "8 MiB")
        #expect(CompressionFacts.size(24 << 20) == "24 MiB")
        #expect(CompressionFacts.size(64 << 10) == "64 KiB")
        #expect(CompressionFacts.size(2 << 30) == "2 GiB")
        #expect(CompressionFacts.size(1000) == "1000 bytes")
        #expect(CompressionFacts.size(0) == "0 bytes")
        #expect(XZFacts.dictionarySize(0) == "4 KiB")
        #expect(XZFacts.dictionarySize(1) == "6 KiB")
        #expect(XZFacts.dictionarySize(16) == "1 MiB")
        #expect(XZFacts.dictionarySize(18) == "2 MiB")
        #expect(XZFacts.dictionarySize(40) == "4294967295 bytes")
        #expect(XZFacts.dictionarySize(41) == "invalid")
        #expect(CompressionFacts.crc32(Array("123456789".utf8)) == 0xcbf4_3926)
    }
}
