import DeterministicArchive
import Foundation
import Testing

/// Thread-count independence where it matters: inputs larger than one zstd job (32 MiB at
/// level 12) or one xz block (24 MiB), so that several workers really share the work.
@Suite struct LargeInputTests {
    /// A tree of one directory and `megabytes` MiB of generated text in 4 MiB files.
    func largeEntries(megabytes: Int, in root: URL) throws -> [ArchiveEntry] {
        var entries = [ArchiveEntry(path: "big", content: .directory)]
        for index in 0..<(megabytes / 4) {
            let url = root.appendingPathComponent("part\(index).txt")
            try Data(pseudoRandomText(count: 4 << 20, seed: UInt64(index))).write(to: url)
            entries.append(ArchiveEntry(path: "big/part\(index).txt", content: .file(url)))
        }
        return entries
    }

    @Test func zstdGivesTheSameBytesForOneAndTwoWorkersOverSeveralJobs() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = try largeEntries(megabytes: 72, in: root)
        let one = try archiveBytes(entries, format: .tarZstd, threads: 1, in: root, name: "one")
        let two = try archiveBytes(entries, format: .tarZstd, threads: 2, in: root, name: "two")
        #expect(one.count > 1 << 20)
        #expect(one == two)
    }

    @Test(
        .enabled(if: ProcessInfo.processInfo.environment["VENVSTACKS_SLOW_TESTS"] == "1", "set VENVSTACKS_SLOW_TESTS=1")
    )
    func xzGivesTheSameBytesForOneAndTwoThreadsOverSeveralBlocks() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = try largeEntries(megabytes: 56, in: root)
        let one = try archiveBytes(entries, format: .tarXZ, threads: 1, in: root, name: "one")
        let two = try archiveBytes(entries, format: .tarXZ, threads: 2, in: root, name: "two")
        #expect(one == two)
        if CommandLineTools.xz {
            let info = try runTool("xz", ["--robot", "-l", root.appendingPathComponent("one.tar.xz").path])
            let totals = info.text.split(separator: "\n").first { $0.hasPrefix("totals") }
            #expect(totals?.split(separator: "\t")[2] == "3", "three 24 MiB blocks: \(info.text)")
        }
    }
}
