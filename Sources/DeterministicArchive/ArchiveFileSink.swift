import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The compressed archive file being written: every byte goes to the file and into a SHA-256.
///
/// Compressors hand over whole output buffers (about 1 MiB), so each `write` is one large
/// write system call.
final class ArchiveFileSink {
    let url: URL
    private var descriptor: Int32
    private var hasher = SHA256()
    private(set) var size: Int64 = 0

    /// Creates the file at `url`, which must not exist yet; a symbolic link there is not followed.
    init(creating url: URL) throws(ArchiveError) {
        self.url = url
        let descriptor = url.withUnsafeFileSystemRepresentation { path -> Int32 in
            guard let path else { return -1 }
            return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else {
            throw ArchiveError(description: "cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends `bytes` to the file and the hash.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ArchiveError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        hasher.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw ArchiveError(description: "cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        size += Int64(bytes.count)
    }

    /// Closes the file; returns its size and lowercase hex SHA-256.
    func finish() throws(ArchiveError) -> (size: Int64, sha256: String) {
        let result = close(descriptor)
        descriptor = -1
        guard result == 0 else {
            throw ArchiveError(description: "cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
        let hex = hasher.finalize().map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }
        return (size, hex.joined())
    }

    /// Closes and deletes the file (after a failure).
    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        _ = url.withUnsafeFileSystemRepresentation { path in path.map { unlink($0) } }
    }
}

/// The `write` system call (the sink's own `write` hides the global name inside the class).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
