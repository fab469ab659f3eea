import DeterministicArchive
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a real tree and prints time, size and peak memory: the measurements behind
/// docs/archive-format.md (run through misc/bench-archive.sh, which sets the variables).
@Suite(.enabled(if: ArchiveBenchmark.source != nil, "set ARCHIVE_BENCH_SOURCE to a directory to benchmark"))
struct ArchiveBenchmarkTests {
    @Test func writeTheBenchmarkTree() throws {
        let source = try #require(ArchiveBenchmark.source)
        let output = URL(fileURLWithPath: ArchiveBenchmark.environment["ARCHIVE_BENCH_OUTPUT"] ?? "/tmp")
        let threads = Int(ArchiveBenchmark.environment["ARCHIVE_BENCH_THREADS"] ?? "") ?? 2
        let formats = (ArchiveBenchmark.environment["ARCHIVE_BENCH_FORMATS"] ?? "tar.xz,tar.zst,tar.gz")
            .split(separator: ",").compactMap { ArchiveFormat(rawValue: String($0)) }
        let base = source.deletingLastPathComponent()
        let entries =
            try entriesForDirectory(source).map { entry in
                ArchiveEntry(
                    path: source.lastPathComponent + "/" + entry.path, content: entry.content,
                    executable: entry.executable)
            } + [ArchiveEntry(path: source.lastPathComponent, content: .directory)]
        #expect(base.path != source.path)
        for format in formats {
            let destination = output.appendingPathComponent(source.lastPathComponent + format.fileExtension)
            let settings = ArchiveSettings(format: format, threads: threads, modificationTime: testTime)
            let start = Date()
            let result = try ArchiveWriter.write(entries: entries, to: destination, settings: settings)
            let seconds = Date().timeIntervalSince(start)
            print(
                "bench \(format.rawValue) threads=\(threads) seconds=\(String(format: "%.2f", seconds)) "
                    + "size=\(result.size) entries=\(result.entryCount) peakRSS_MiB=\(ArchiveBenchmark.peakMiB()) "
                    + "sha256=\(result.sha256) settings=\"\(format.settingsDescription)\"")
        }
    }
}

enum ArchiveBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let source: URL? = environment["ARCHIVE_BENCH_SOURCE"].map { URL(fileURLWithPath: $0) }

    /// The process's peak resident memory so far.
    static func peakMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF_VALUE, &usage)
        return Int(usage.ru_maxrss) / 1024
    }
}

#if canImport(Glibc)
    private let RUSAGE_SELF_VALUE = RUSAGE_SELF.rawValue
#else
    private let RUSAGE_SELF_VALUE = RUSAGE_SELF
#endif
