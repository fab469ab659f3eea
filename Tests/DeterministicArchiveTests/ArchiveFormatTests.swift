import DeterministicArchive
import Foundation
import Testing

@Suite struct ArchiveFormatTests {
    @Test func namesExtensionsAndLevels() {
        #expect(ArchiveFormat.allCases.map(\.fileExtension) == [".tar.xz", ".tar.zst", ".tar.gz"])
        #expect(ArchiveFormat.allCases.map(\.compressorName) == ["liblzma", "libzstd", "zlib"])
        #expect(ArchiveFormat(rawValue: "tar.zst") == .tarZstd)
        #expect(ArchiveFormat.tarXZ.compressionLevel == 6)
        #expect(ArchiveFormat.tarXZ.settingsDescription.contains("block size 24 MiB"))
        #expect(ArchiveFormat.tarZstd.settingsDescription.contains("window log 27"))
        for format in ArchiveFormat.allCases {
            #expect(format.settingsDescription.contains("\(format.compressionLevel)"))
        }
    }

    @Test func compressorVersionsAreTheLoadedLibraries() throws {
        for format in ArchiveFormat.allCases {
            let parts = format.compressorVersion.split(separator: ".")
            #expect(parts.count >= 2 && parts.allSatisfy { Int($0) != nil }, "\(format.compressorVersion)")
        }
        if CommandLineTools.xz {
            let version = try runTool("xz", ["--version"]).text
            #expect(version.contains("liblzma \(ArchiveFormat.tarXZ.compressorVersion)"), "\(version)")
        }
    }
}
