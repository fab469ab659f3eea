import Crypto
import Foundation

/// Checks a layer archive against its manifest entry before anything is unpacked.
enum ArchiveVerifier {
    static func verify(_ layer: PublishedLayer, archive: URL, manifest: URL) throws(BuildError) {
        let name = layer.installTarget
        guard let handle = try? FileHandle(forReadingFrom: archive) else {
            throw BuildError(
                "Layer \(name): its archive \(archive.path) is missing or unreadable (listed in \(manifest.path))")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                size += Int64(chunk.count)
            }
        } catch {
            throw BuildError("Layer \(name): cannot read \(archive.path): \(error.localizedDescription)")
        }
        guard size == layer.archiveSize else {
            throw BuildError(
                "Layer \(name): \(archive.lastPathComponent) is \(size) bytes, but \(manifest.lastPathComponent) "
                    + "says \(layer.archiveSize): the archive is damaged or from another publish run; "
                    + "publish it again or copy the matching archive")
        }
        let digest = ContentHash.hex(hasher.finalize())
        guard digest == layer.archiveSHA256 else {
            throw BuildError(
                "Layer \(name): \(archive.lastPathComponent) has SHA-256 \(digest), but "
                    + "\(manifest.lastPathComponent) says \(layer.archiveSHA256): the archive is damaged or was "
                    + "changed after publishing; publish it again or copy the matching archive")
        }
    }
}
