import Foundation

/// Checks a layer archive against its manifest entry before anything is unpacked.
///
/// The archive must be a regular file (a symbolic link to one, anywhere, is fine: its
/// bytes are checked all the same); a FIFO, device or folder is refused before a byte is
/// read. At most the recorded size plus one byte is read, so nothing endless (such as
/// `/dev/zero` behind a link) can keep deploy reading.
enum ArchiveVerifier {
    static func verify(_ layer: PublishedLayer, archive: URL, manifest: URL) throws(StackError) {
        let name = layer.installTarget
        let recorded = layer.archiveSize
        let digest: FileDigest
        do throws(FileSystemError) {
            // A file of the wrong size is not read at all.
            let size = try FileDigest.size(of: archive)
            digest = size == recorded ? try FileDigest.of(archive, limit: recorded) : FileDigest(size: size, sha256: "")
        } catch {
            throw error.isMissing
                ? StackError(layer: name, "its archive \(archive.path) is missing (listed in \(manifest.path))")
                : StackError(
                    layer: name, "its archive \(error.description) (listed in \(manifest.path))",
                    hint: "copy the published archive there")
        }
        guard digest.size == recorded else {
            throw StackError(
                layer: name,
                "\(archive.lastPathComponent) is \(digest.size) bytes, but \(manifest.lastPathComponent) "
                    + "says \(recorded): the archive is damaged or from another publish run",
                hint: "publish it again or copy the matching archive")
        }
        guard digest.sha256 == layer.archiveSHA256 else {
            throw StackError(
                layer: name,
                "\(archive.lastPathComponent) has SHA-256 \(digest.sha256), but "
                    + "\(manifest.lastPathComponent) says \(layer.archiveSHA256): the archive is damaged or was "
                    + "changed after publishing",
                hint: "publish it again or copy the matching archive")
        }
    }
}
