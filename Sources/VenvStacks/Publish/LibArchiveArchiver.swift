import DeterministicArchive
import Foundation

/// The layer archiver on ``ArchiveWriter`` (libarchive for the tar stream; liblzma, libzstd
/// or zlib for compression).
public struct LibArchiveArchiver: LayerArchiver {
    public let format: ArchiveFormat
    /// Compression threads; the bytes written do not depend on it.
    public let threads: Int

    public init(format: ArchiveFormat, threads: Int) {
        self.format = format
        self.threads = max(1, threads)
    }

    public var fileExtension: String { format.fileExtension }

    public var settings: JSONValue {
        .object([
            "archive_format": .string(format.rawValue),
            "compressor": .string("\(format.compressorName) \(format.compressorVersion)"),
            "compression_level": .int(format.compressionLevel),
            "compression_settings": .string(format.settingsDescription),
        ])
    }

    public func write(
        _ entries: [ArchiveEntry], to url: URL, modificationTime: Int64,
        progress: @escaping @Sendable (ArchiveProgress) -> Void
    ) throws(StackError) -> (size: Int64, sha256: String) {
        try StackError.during("cannot write the archive \(url.lastPathComponent)") {
            let result = try ArchiveWriter.write(
                entries: entries, to: url,
                settings: ArchiveSettings(format: format, threads: threads, modificationTime: modificationTime),
                progress: progress)
            return (result.size, result.sha256)
        }
    }
}
