import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads source files in large chunks into one reused buffer.
final class SourceFileReader {
    /// Bytes per read system call.
    static let chunkSize = 1 << 20
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)

    deinit {
        buffer.deallocate()
    }

    /// Reads `source` (which must still be a regular file of `expectedSize` bytes) and passes
    /// each chunk to `consume`.
    func read(
        _ source: URL, expectedSize: Int64, for entryPath: String,
        _ consume: (UnsafeRawBufferPointer) throws(ArchiveError) -> Void
    ) throws(ArchiveError) {
        let descriptor = source.withUnsafeFileSystemRepresentation { path -> Int32 in
            guard let path else { return -1 }
            return open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        }
        guard descriptor >= 0 else { throw problem("cannot open", source, entryPath, errnoText()) }
        defer { close(descriptor) }
        var total: Int64 = 0
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw problem("cannot read", source, entryPath, errnoText())
            }
            if count == 0 { break }
            total += Int64(count)
            guard total <= expectedSize else { break }
            try consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        guard total == expectedSize else {
            throw problem(
                "cannot archive", source, entryPath,
                "the file changed size while the archive was written (\(expectedSize) bytes expected)")
        }
    }

    private func problem(_ what: String, _ source: URL, _ entryPath: String, _ reason: String) -> ArchiveError {
        ArchiveError(description: "\(what) \(source.path) (the source of '\(entryPath)'): \(reason)")
    }

    private func errnoText() -> String { String(cString: strerror(errno)) }
}

/// The `read` system call (the reader's own `read` hides the global name inside the class).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
