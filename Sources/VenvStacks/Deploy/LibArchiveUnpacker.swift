import DeterministicArchive
import Foundation

/// Unpacks layer archives with `ArchiveExtractor` (libarchive, every format `publish`
/// writes, with its path and link checks).
public struct LibArchiveUnpacker: LayerUnpacker {
    public init() {}

    public func unpack(
        _ archive: URL, into destination: URL, root: String, linkRoots: Set<String>,
        progress: @escaping @Sendable (Int64, Int64) -> Void
    ) throws(StackError) {
        _ = try StackError.during("", layer: root) {
            try ArchiveExtractor.extract(
                ExtractionRequest(archive: archive, destination: destination, root: root, linkRoots: linkRoots),
                progress: { progress($0.bytesRead, $0.totalBytes) })
        }
    }
}
