import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file given by the user could not be read, in plain words.
public enum RegularFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSuchFile
    case directory
    /// A FIFO, device, socket, ...: reading it could block forever or never end.
    case notRegular(String)
    case tooLarge(size: Int, limit: Int)
    /// Any other failure: the system's own words for errno (permission denied, ...).
    case system(String)

    public var description: String {
        switch self {
        case .noSuchFile: "does not exist"
        case .directory: "is a directory, not a file"
        case .notRegular(let kind): "is not a regular file (it is \(kind)); give the path of an ordinary file"
        case .tooLarge(let size, let limit): "is too large (\(size) bytes; at most \(limit) bytes are read)"
        case .system(let reason): "cannot be read: \(reason)"
        }
    }
}

/// Reads a file the user named, refusing anything but a regular file before reading a byte:
/// a FIFO, `/dev/zero` or a socket fails at once instead of blocking or reading forever.
/// Symbolic links are followed (a spec may be a link); the type checked is the target's.
public enum RegularFileReader {
    public static func contents(of path: String, maxBytes: Int) throws(RegularFileError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO without a writer must not wait.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .noSuchFile }
            throw .system(String(cString: strerror(code)).lowercased())
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system(String(cString: strerror(errno)).lowercased()) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .directory
        case S_IFIFO: throw .notRegular("a FIFO (named pipe)")
        case S_IFCHR: throw .notRegular("a character device")
        case S_IFBLK: throw .notRegular("a block device")
        case S_IFSOCK: throw .notRegular("a socket")
        default: throw .notRegular("not an ordinary file")
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else { throw .tooLarge(size: size, limit: maxBytes) }
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .system(String(cString: strerror(errno)).lowercased())
            }
            if got == 0 { break }
            filled += got
        }
        guard filled <= maxBytes else { throw .tooLarge(size: filled, limit: maxBytes) }
        return Array(bytes[..<filled])
    }
}
