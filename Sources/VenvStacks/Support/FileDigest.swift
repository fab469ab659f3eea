import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The size and SHA-256 of a regular file, read with a bound: archives are checked against
/// the size and hash recorded for them, and nothing beyond the recorded size is read.
public struct FileDigest: Sendable, Equatable {
    /// Bytes read: the file's size, or `limit + 1` when the file is longer than the limit.
    public let size: Int64
    /// Lower-case hex SHA-256 of the bytes read.
    public let sha256: String

    /// Reads the regular file at `url` (a link to one is followed; a FIFO or device is
    /// refused before reading) up to `limit + 1` bytes.
    public static func of(_ url: URL, limit: Int64) throws(FileSystemError) -> FileDigest {
        let descriptor = try FileSystem.openRegularFile(at: url)
        defer { close(descriptor) }
        var hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while size <= limit {
            let wanted = Int(min(Int64(buffer.count), limit + 1 - size))
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .posix(path: url.path)
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            size += Int64(count)
        }
        return FileDigest(size: size, sha256: ContentHash.hex(hasher.finalize()))
    }

    /// The size of the regular file at `url` (links followed), without reading it.
    public static func size(of url: URL) throws(FileSystemError) -> Int64 {
        let descriptor = try FileSystem.openRegularFile(at: url)
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .posix(path: url.path) }
        return Int64(info.st_size)
    }

    /// Whether the file at `url` is a regular file of exactly `size` bytes with this
    /// `sha256` (checked by size first, so a file of the wrong size is not read).
    public static func matches(_ url: URL, size: Int64, sha256: String) -> Bool {
        guard (try? self.size(of: url)) == size, let digest = try? of(url, limit: size) else { return false }
        return digest.size == size && digest.sha256 == sha256
    }
}
