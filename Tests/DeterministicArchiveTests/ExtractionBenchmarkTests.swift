import Foundation
import Testing

@testable import DeterministicArchive

#if canImport(Glibc)
    import Glibc
    private let rusageSelf = RUSAGE_SELF.rawValue
#elseif canImport(Darwin)
    import Darwin
    private let rusageSelf = RUSAGE_SELF
#endif

/// Extracts a ~200 MB .tar.xz (made on first use in EXTRACT_BENCH_DIR) with each xz decoder and
/// prints time and peak memory: the measurements behind the extraction numbers in
/// docs/archive-format.md. The archive holds generated data, or the files and folders of the
/// folders listed in EXTRACT_BENCH_SOURCES (colon-separated; symbolic links left out).
@Suite(.enabled(if: ExtractionBenchmark.directory != nil, "set EXTRACT_BENCH_DIR to a scratch folder to benchmark"))
struct ExtractionBenchmarkTests {
    @Test func extractTheBenchmarkArchive() throws {
        let directory = try #require(ExtractionBenchmark.directory)
        let archive = try ExtractionBenchmark.archive(in: directory)
        let rounds = Int(ExtractionBenchmark.environment["EXTRACT_BENCH_ROUNDS"] ?? "") ?? 1
        print("bench extract before: peakRSS_MiB=\(ArchiveBenchmark.peakMiB())")
        let decoders: [XZDecoding] = [.libarchive, .multithreaded]
        for round in 1...rounds {
            for decoding in decoders {
                let deploy = directory.appendingPathComponent("deploy")
                try? FileManager.default.removeItem(at: deploy)
                try FileManager.default.createDirectory(at: deploy, withIntermediateDirectories: false)
                let start = Date()
                let cpuStart = ExtractionBenchmark.cpuSeconds()
                let result = try ArchiveExtractor.extract(
                    ExtractionRequest(archive: archive, destination: deploy, root: ExtractionBenchmark.root),
                    progress: nil, xzDecoding: decoding)
                let seconds = Date().timeIntervalSince(start)
                let cpu = ExtractionBenchmark.cpuSeconds() - cpuStart
                print(
                    "bench extract \(decoding) round=\(round) seconds=\(String(format: "%.2f", seconds)) cpu=\(String(format: "%.2f", cpu)) "
                        + "entries=\(result.entryCount) contentBytes=\(result.contentBytes) "
                        + "peakRSS_MiB=\(ArchiveBenchmark.peakMiB())")
                try FileManager.default.removeItem(at: deploy)
            }
        }
    }
}

enum ExtractionBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let directory: URL? = environment["EXTRACT_BENCH_DIR"].map { URL(fileURLWithPath: $0) }
    static let root = "bench@1"

    static let sources = environment["EXTRACT_BENCH_SOURCES"]?.split(separator: ":").map {
        URL(fileURLWithPath: String($0))
    }

    /// User and system CPU time of the process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(rusageSelf, &usage)
        let total = [usage.ru_utime, usage.ru_stime].reduce(0.0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
        return total
    }

    /// The benchmark archive in `directory`, made if missing.
    static func archive(in directory: URL) throws -> URL {
        guard let sources else { return try generatedArchive(in: directory) }
        let archive = directory.appendingPathComponent("\(root)-sources.tar.xz")
        if FileManager.default.fileExists(atPath: archive.path) { return archive }
        var entries = [ArchiveEntry(path: root, content: .directory)]
        for (index, source) in sources.enumerated() {
            let top = "\(root)/\(index)-\(source.lastPathComponent)"
            entries.append(ArchiveEntry(path: top, content: .directory))
            for entry in try entriesForDirectory(source) {
                if case .symlink = entry.content { continue }
                entries.append(ArchiveEntry(path: "\(top)/\(entry.path)", content: entry.content))
            }
        }
        let settings = ArchiveSettings(format: .tarXZ, threads: 2, modificationTime: testTime)
        _ = try ArchiveWriter.write(entries: entries, to: archive, settings: settings)
        return archive
    }

    /// `bench@1.tar.xz` in `directory`: 140 files of 1 MiB of text and 60 of random bytes.
    static func generatedArchive(in directory: URL) throws -> URL {
        let archive = directory.appendingPathComponent("\(root).tar.xz")
        if FileManager.default.fileExists(atPath: archive.path) { return archive }
        let source = directory.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        var entries = [ArchiveEntry(path: root, content: .directory)]
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        for index in 0..<200 {
            let file = source.appendingPathComponent(String(format: "%03d.bin", index))
            try Data(block(text: index % 10 < 7, state: &state)).write(to: file)
            entries.append(ArchiveEntry(path: "\(root)/\(file.lastPathComponent)", content: .file(file)))
        }
        let settings = ArchiveSettings(format: .tarXZ, threads: 2, modificationTime: testTime)
        _ = try ArchiveWriter.write(entries: entries, to: archive, settings: settings)
        try FileManager.default.removeItem(at: source)
        return archive
    }

    /// 1 MiB of words (compressible) or of random bytes.
    static func block(text: Bool, state: inout UInt64) -> [UInt8] {
        let words = Array("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu ".utf8)
        return [UInt8](unsafeUninitializedCapacity: 1 << 20) { buffer, count in
            for index in 0..<(1 << 20) {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                buffer[index] = text ? words[Int(state >> 58) % words.count] : UInt8(truncatingIfNeeded: state)
            }
            count = 1 << 20
        }
    }
}
