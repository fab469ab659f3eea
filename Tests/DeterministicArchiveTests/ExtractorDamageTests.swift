import DeterministicArchive
import Foundation
import Testing

/// Truncated, corrupted and foreign files: one error naming the archive and libarchive's message.
@Suite struct ExtractorDamageTests {
    /// Extracts `bytes` saved as `name` and expects a "damaged" error; returns its description.
    func damage(_ bytes: [UInt8], name: String) throws -> String {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appendingPathComponent(name)
        try Data(bytes).write(to: archive)
        let deploy = directory.appendingPathComponent("deploy")
        try FileManager.default.createDirectory(at: deploy, withIntermediateDirectories: false)
        let request = ExtractionRequest(
            archive: archive, destination: deploy, root: ExtractorRoundTripTests.root, linkRoots: ["cpython-3.11"])
        let error = #expect(throws: ArchiveError.self) { try ArchiveExtractor.extract(request) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("\(name) is damaged or not a tar archive: "), "\(message)")
        return message
    }

    /// A real layer archive of `format`.
    func layer(_ format: ArchiveFormat) throws -> [UInt8] {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try bytes(of: ExtractorRoundTripTests.writeLayer(format: format, in: directory))
    }

    @Test(arguments: ArchiveFormat.allCases)
    func aTruncatedArchive(format: ArchiveFormat) throws {
        let whole = try layer(format)
        let message = try damage(Array(whole.prefix(whole.count / 2)), name: "cut\(format.fileExtension)")
        #expect(message.count > "cut\(format.fileExtension) is damaged or not a tar archive: ".count + 5)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func flippedBytesInTheMiddle(format: ArchiveFormat) throws {
        var broken = try layer(format)
        for index in broken.count / 2..<broken.count / 2 + 16 { broken[index] ^= 0x5a }
        _ = try damage(broken, name: "flipped\(format.fileExtension)")
    }

    @Test func damageAfterTheLastEntryOfAnXZArchiveIsFound() throws {
        // The xz index and footer come after the end of the tar stream: the whole file is checked.
        var broken = try layer(.tarXZ)
        broken[broken.count - 20] ^= 0x01
        let footer = try damage(broken, name: "footer.tar.xz")
        #expect(footer.contains("xz: "), "\(footer)")
        let trailing = try damage(try layer(.tarXZ) + Array("trailing junk".utf8), name: "trailing.tar.xz")
        #expect(trailing.contains("xz: "), "\(trailing)")
    }

    @Test func aTextFileAnEmptyFileAndADamagedTarHeader() throws {
        let text = try damage(Array("just some notes, not an archive\n".utf8), name: "notes.tar.xz")
        #expect(text.contains("Unrecognized archive format") || text.contains("tar"), "\(text)")
        let empty = try damage([], name: "empty.tar.gz")
        #expect(empty.hasSuffix("the file is empty"), "\(empty)")
        var tar = TarBuilder()
        tar.directory("app-x@1/")
        tar.file("app-x@1/a.txt", String(repeating: "content ", count: 250))
        var header = tar.bytes
        header[512 + 10] ^= 0x01
        let checksum = try damage(header, name: "checksum.tar")
        #expect(checksum.contains("(after the entry 'app-x@1/')"), "\(checksum)")
        let short = Array(tar.bytes.prefix(2 * 512 + 1000))
        let truncated = try damage(short, name: "short.tar")
        #expect(truncated.contains("(in the entry 'app-x@1/a.txt')"), "\(truncated)")
    }
}
