import Foundation
import Testing

@testable import DeterministicArchive

/// .xz archives go through `XZStreamDecoder` (liblzma's multi-threaded decoder); libarchive's own
/// xz filter stays available for the benchmark. Both give the same result.
@Suite struct XZDecodingTests {
    @Test func bothDecodersExtractTheSameLayer() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = try ExtractorRoundTripTests.writeLayer(format: .tarXZ, in: directory)
        var trees: [[String]] = []
        for decoding in [XZDecoding.multithreaded, .libarchive] {
            let deploy = try ExtractorRoundTripTests.destination(in: directory, "deploy-\(decoding)")
            let log = ExtractionProgressLog()
            let request = ExtractionRequest(
                archive: archive, destination: deploy, root: ExtractorRoundTripTests.root, linkRoots: ["cpython-3.11"])
            let result = try ArchiveExtractor.extract(request, progress: { log.append($0) }, xzDecoding: decoding)
            #expect(result.entryCount == 13)
            let size = Int64(try bytes(of: archive).count)
            #expect(log.reports.last == ExtractionProgress(bytesRead: size, totalBytes: size, entriesDone: 13))
            trees.append(try FileManager.default.subpathsOfDirectory(atPath: deploy.path).sorted())
            let big = deploy.appendingPathComponent("\(ExtractorRoundTripTests.root)/data/big.txt")
            #expect(try bytes(of: big) == pseudoRandomText(count: ExtractorRoundTripTests.bigSize))
        }
        #expect(trees[0] == trees[1])
    }

    @Test func onlyXZFilesGoThroughTheDecoder() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for format in ArchiveFormat.allCases {
            let archive = try ExtractorRoundTripTests.writeLayer(format: format, in: directory)
            let descriptor = open(archive.path, O_RDONLY)
            defer { close(descriptor) }
            #expect(XZStreamDecoder.isXZ(descriptor) == (format == .tarXZ))
        }
    }
}
