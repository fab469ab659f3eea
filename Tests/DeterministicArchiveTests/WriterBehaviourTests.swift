import DeterministicArchive
import Foundation
import Testing

/// Collects progress reports from the writer's @Sendable callback.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [ArchiveProgress] = []

    func append(_ progress: ArchiveProgress) {
        lock.lock()
        storage.append(progress)
        lock.unlock()
    }

    var reports: [ArchiveProgress] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

@Suite struct WriterBehaviourTests {
    @Test func theResultDescribesTheFileWritten() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = try SampleTree.create(at: root.appendingPathComponent("tree")).entries
        let destination = root.appendingPathComponent("out.tar.xz")
        let result = try ArchiveWriter.write(
            entries: entries, to: destination,
            settings: ArchiveSettings(format: .tarXZ, threads: 2, modificationTime: testTime))
        let written = try ArchiveFile(contentsOf: destination)
        #expect(result.size == Int64(written.count))
        #expect(result.entryCount == entries.count)
        #expect(result.sha256.count == 64 && result.sha256 == result.sha256.lowercased())
        if CommandLineTools.has("sha256sum") {
            let sum = try runTool("sha256sum", [destination.path])
            #expect(sum.text.hasPrefix(result.sha256 + " "))
        }
    }

    @Test func anExistingArchiveIsReplacedAndEachWriteHasItsOwnPartialFile() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = root.appendingPathComponent("out.tar.zst")
        let partial = ArchiveWriter.partialURL(for: destination)
        #expect(partial.lastPathComponent.hasPrefix(".out.tar.zst.partial-\(getpid())-"))
        #expect(partial.lastPathComponent.count == ".out.tar.zst.partial-\(getpid())-".count + 8)
        #expect(partial.deletingLastPathComponent().path == root.path)
        #expect(ArchiveWriter.partialURL(for: destination) != partial, "another write gets another name")
        try Data("old archive".utf8).write(to: destination)
        let settings = ArchiveSettings(format: .tarZstd, threads: 1, modificationTime: testTime)
        let entries = [ArchiveEntry(path: "new.txt", content: .data(Array("new\n".utf8)))]
        let result = try ArchiveWriter.write(entries: entries, to: destination, settings: settings)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out.tar.zst"])
        let fresh = try archiveBytes(entries, format: .tarZstd, threads: 1, in: root, name: "fresh")
        #expect(try ArchiveFile(contentsOf: destination) == fresh)
        #expect(result.size == Int64(fresh.count))
    }

    @Test(.enabled(if: CommandLineTools.all, CommandLineTools.missingReason))
    func onlyRepeatedFilesInsideTheArchiveBecomeHardLinks() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let original = root.appendingPathComponent("original")
        try Data("shared".utf8).write(to: original)
        try FileManager.default.linkItem(at: original, to: root.appendingPathComponent("outside-link"))
        let entries = [
            ArchiveEntry(path: "b/second", content: .file(original)),
            ArchiveEntry(path: "a/first", content: .file(original)),
            ArchiveEntry(path: "c/lonely", content: .file(root.appendingPathComponent("outside-link"))),
            ArchiveEntry(path: "a", content: .directory), ArchiveEntry(path: "b", content: .directory),
            ArchiveEntry(path: "c", content: .directory),
        ]
        let archive = try archiveBytes(entries, format: .tarGzip, in: root)
        let tar = [UInt8](try runTool("gzip", ["-dc", root.appendingPathComponent("out.tar.gz").path]).stdout)
        #expect(archive.count > 0)
        let headers = try TarHeader.read(tar).map { "\($0.typeFlag) \($0.name) \($0.size) \($0.linkName)" }
        // All three names are one inode: the first in archive order holds the data.
        #expect(
            headers == [
                "5 a/ 0 ", "0 a/first 6 ", "5 b/ 0 ", "1 b/second 0 a/first", "5 c/ 0 ", "1 c/lonely 0 a/first",
            ])
    }

    @Test(.enabled(if: CommandLineTools.all, CommandLineTools.missingReason))
    func anArchiveWithNoEntriesIsAnEmptyTar() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for format in ArchiveFormat.allCases {
            let result = try ArchiveWriter.write(
                entries: [], to: root.appendingPathComponent("empty" + format.fileExtension),
                settings: ArchiveSettings(format: format, threads: 1, modificationTime: testTime))
            #expect(result.entryCount == 0)
            let listing = try runTool("tar", ["-tf", root.appendingPathComponent("empty" + format.fileExtension).path])
            #expect(listing.status == 0 && listing.text.isEmpty, "\(listing.stderr)")
        }
    }

    @Test func progressIsReportedSparinglyAndEndsComplete() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let big = root.appendingPathComponent("big.bin")
        try Data(pseudoRandomText(count: 5 << 20)).write(to: big)
        var entries = [ArchiveEntry(path: "big.bin", content: .file(big))]
        for index in 0..<600 {
            entries.append(ArchiveEntry(path: "small/\(index)", content: .data([UInt8(index & 0xff)])))
        }
        entries.append(ArchiveEntry(path: "small", content: .directory))
        let log = ProgressLog()
        let result = try ArchiveWriter.write(
            entries: entries, to: root.appendingPathComponent("out.tar.gz"),
            settings: ArchiveSettings(format: .tarGzip, threads: 1, modificationTime: testTime),
            progress: { log.append($0) })
        let reports = log.reports
        let last = try #require(reports.last)
        #expect(last.bytesDone == (5 << 20) + 600 && last.totalBytes == last.bytesDone)
        #expect(last.entriesDone == 602 && last.totalEntries == 602 && result.entryCount == 602)
        #expect(reports.allSatisfy { $0.totalBytes == last.totalBytes && $0.totalEntries == 602 })
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytesDone <= $1.bytesDone })
        #expect(reports.count >= 5 && reports.count <= 12, "\(reports.count) reports")
    }
}
