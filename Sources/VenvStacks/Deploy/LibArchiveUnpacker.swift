import DeterministicArchive
import Foundation

/// Unpacks layer archives with `ArchiveExtractor` (libarchive, every format `publish`
/// writes, with its path and link checks).
public struct LibArchiveUnpacker: LayerUnpacker {
    /// Whether .xz archives are decompressed with liblzma's multi-threaded decoder. Deploy
    /// leaves it off: it unpacks independent layers at once and compiles while it unpacks, so
    /// a second decoder thread gains nothing but costs about 75 MiB per archive.
    public var multithreadedXZ: Bool

    public init(multithreadedXZ: Bool = false) {
        self.multithreadedXZ = multithreadedXZ
    }

    public func unpack(
        _ archive: URL, into destination: URL, root: String, linkRoots: Set<String>,
        progress: @escaping @Sendable (Int64, Int64) -> Void
    ) throws(StackError) {
        _ = try StackError.during("", layer: root) {
            try ArchiveExtractor.extract(
                ExtractionRequest(
                    archive: archive, destination: destination, root: root, linkRoots: linkRoots,
                    xzDecoding: multithreadedXZ ? .multithreaded : .libarchive),
                progress: { progress($0.bytesRead, $0.totalBytes) })
        }
    }
}
