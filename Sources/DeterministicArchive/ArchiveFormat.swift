import CArchiveSupport

/// The compressed tar formats the writer produces. The settings of each are fixed (not
/// tunable) so that the same inputs always give the same bytes; see docs/archive-format.md.
public enum ArchiveFormat: String, CaseIterable, Sendable {
    /// Tar compressed by liblzma's multi-threaded .xz encoder.
    case tarXZ = "tar.xz"
    /// Tar compressed by libzstd (multi-threaded, long-distance matching).
    case tarZstd = "tar.zst"
    /// Tar compressed by zlib's deflate in a gzip wrapper.
    case tarGzip = "tar.gz"

    /// The file name extension, with its leading dot: ".tar.xz", ".tar.zst", ".tar.gz".
    public var fileExtension: String { "." + rawValue }

    /// The compression library: "liblzma", "libzstd" or "zlib".
    public var compressorName: String {
        switch self {
        case .tarXZ: "liblzma"
        case .tarZstd: "libzstd"
        case .tarGzip: "zlib"
        }
    }

    /// The version of the compression library loaded at run time, e.g. "5.4.1".
    public var compressorVersion: String {
        switch self {
        case .tarXZ: String(cString: lzma_version_string())
        case .tarZstd: String(cString: ZSTD_versionString())
        case .tarGzip: String(cString: zlibVersion())
        }
    }

    /// The compression level (xz preset, zstd level, deflate level).
    public var compressionLevel: Int {
        switch self {
        case .tarXZ: CompressorSettings.xzPreset
        case .tarZstd: CompressorSettings.zstdLevel
        case .tarGzip: CompressorSettings.gzipLevel
        }
    }

    /// The full compressor settings in words, for published metadata.
    public var settingsDescription: String {
        switch self {
        case .tarXZ:
            "preset \(CompressorSettings.xzPreset), CRC64, block size \(CompressorSettings.xzBlockSize >> 20) MiB, "
                + "multi-threaded encoder"
        case .tarZstd:
            "level \(CompressorSettings.zstdLevel), long-distance matching, "
                + "window log \(CompressorSettings.zstdWindowLog), checksum, multi-threaded encoder"
        case .tarGzip:
            "level \(CompressorSettings.gzipLevel), gzip header without name or time"
        }
    }
}

/// The fixed compressor settings behind `ArchiveFormat` (measured choices: docs/archive-format.md).
enum CompressorSettings {
    static let xzPreset = 6
    /// xz's own default block size for preset 6 (three times its 8 MiB dictionary).
    static let xzBlockSize: UInt64 = 24 << 20
    /// The most liblzma's multi-threaded encoder may plan to use; the thread count is capped to it.
    static let xzMemoryBudget: UInt64 = 320 << 20
    static let zstdLevel = 12
    static let zstdWindowLog = 27
    static let gzipLevel = 6
}
