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
                + "window log \(CompressorSettings.zstdWindowLog), minimum match \(CompressorSettings.zstdMinimumMatch), "
                + "checksum, multi-threaded encoder"
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
    /// The most liblzma's multi-threaded encoder may plan to use (`lzma_stream_encoder_mt_memusage`);
    /// the thread count is capped to fit. liblzma 5.4.1 plans 165 MiB per thread for these
    /// settings (330 MiB for 2 threads) while a 2-thread write peaks at about 250 MiB of resident
    /// memory, so 340 MiB allows 2 threads and keeps the process under 400 MiB.
    static let xzMemoryBudget: UInt64 = 340 << 20
    /// The best-compressing level that is still over 10 times faster than `xz -6 -T1` on 2 cores.
    static let zstdLevel = 12
    /// 128 MiB: the most a zstd decoder accepts without being told to allow more.
    static let zstdWindowLog = 27
    /// Shortest match (level 12 uses 5): 4 gives 0.3-0.7% smaller archives for ~6% more time,
    /// which brings the runtime layer under 1.2 times the xz size.
    static let zstdMinimumMatch = 4
    /// Each worker adds about 50 MiB at these settings (zstd 1.5.4: 226, 288 and 391 MiB peak for
    /// 1, 2 and 4 workers) and a third worker gains nothing on 2 cores, so at most 2.
    static let zstdMaximumWorkers = 2
    static let gzipLevel = 6
}
