import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks a layer archive against its manifest entry before anything is unpacked.
///
/// The archive must be a regular file (a symbolic link to one, anywhere, is fine: its
/// bytes are checked all the same); a FIFO, device or folder is refused before a byte is
/// read. At most the recorded size plus one byte is read, so nothing endless (such as
/// `/dev/zero` behind a link) can keep deploy reading.
enum ArchiveVerifier {
    static func verify(_ layer: PublishedLayer, archive: URL, manifest: URL) throws(BuildError) {
        let name = layer.installTarget
        let descriptor: Int32
        do {
            descriptor = try FileSystem.openRegularFile(at: archive)
        } catch {
            throw BuildError(
                error.isMissing
                    ? "Layer \(name): its archive \(archive.path) is missing (listed in \(manifest.path))"
                    : "Layer \(name): its archive \(error.description) (listed in \(manifest.path)); "
                        + "copy the published archive there")
        }
        defer { close(descriptor) }
        var info = stat()
        let recorded = layer.archiveSize
        if fstat(descriptor, &info) == 0, Int64(info.st_size) != recorded {
            throw sizeMismatch(name, archive: archive, size: "\(info.st_size) bytes", recorded: recorded, manifest)
        }
        var hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while size <= recorded {
            let wanted = Int(min(Int64(buffer.count), recorded + 1 - size))
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw BuildError("Layer \(name): cannot read \(FileSystemError.posix(path: archive.path).description)")
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            size += Int64(count)
        }
        guard size == recorded else {
            let read = size > recorded ? "more than \(recorded) bytes" : "\(size) bytes"
            throw sizeMismatch(name, archive: archive, size: read, recorded: recorded, manifest)
        }
        let digest = ContentHash.hex(hasher.finalize())
        guard digest == layer.archiveSHA256 else {
            throw BuildError(
                "Layer \(name): \(archive.lastPathComponent) has SHA-256 \(digest), but "
                    + "\(manifest.lastPathComponent) says \(layer.archiveSHA256): the archive is damaged or was "
                    + "changed after publishing; publish it again or copy the matching archive")
        }
    }

    private static func sizeMismatch(
        _ name: String, archive: URL, size: String, recorded: Int64, _ manifest: URL
    ) -> BuildError {
        BuildError(
            "Layer \(name): \(archive.lastPathComponent) is \(size), but \(manifest.lastPathComponent) "
                + "says \(recorded): the archive is damaged or from another publish run; "
                + "publish it again or copy the matching archive")
    }
}
