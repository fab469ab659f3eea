import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is at a path, as `lstat`/`fstat` see it.
public enum FileKind: Sendable, Equatable, CustomStringConvertible {
    case regularFile, directory, symbolicLink, fifo, characterDevice, blockDevice, socket, unknown

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: self = .unknown
        }
    }

    /// "a FIFO", "a character device", ... (for messages).
    public var description: String {
        switch self {
        case .regularFile: "a regular file"
        case .directory: "a directory"
        case .symbolicLink: "a symbolic link"
        case .fifo: "a FIFO (named pipe)"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .socket: "a socket"
        case .unknown: "of an unknown kind"
        }
    }
}

/// File-system operations with plain-words errors (``FileSystemError``) that never wait on
/// a FIFO or device and never follow a symbolic link where venvstacks makes files.
public enum FileSystem {
    /// The most venvstacks reads of a metadata, lock or manifest file (far more than any holds).
    public static let metadataLimit = 64 << 20

    /// Reads the regular file at `url` (at most `maxBytes`). Symbolic links are followed (a
    /// file the user names may be a link), but a FIFO, device, socket or directory is
    /// refused before a byte is read, so a reader never blocks on one.
    public static func readRegularFile(at url: URL, maxBytes: Int) throws(FileSystemError) -> Data {
        let descriptor = try openRegularFile(at: url)
        defer { close(descriptor) }
        return try read(descriptor, path: url.path, maxBytes: maxBytes)
    }

    /// ``readRegularFile(at:maxBytes:)``, with nil when nothing is at `url` (any other
    /// failure, such as a directory or a FIFO in its place, is an error).
    public static func readRegularFileIfPresent(at url: URL, maxBytes: Int) throws(FileSystemError) -> Data? {
        do {
            return try readRegularFile(at: url, maxBytes: maxBytes)
        } catch  where error.isMissing {
            return nil
        }
    }

    /// Opens the regular file at `url` for reading (following links), checked with `fstat`
    /// after opening; the caller closes the descriptor.
    static func openRegularFile(at url: URL) throws(FileSystemError) -> Int32 {
        let path = url.path
        var info = stat()
        // Checked before opening too: opening some devices has effects of its own.
        guard stat(path, &info) == 0 else { throw .posix(path: path) }
        guard FileKind(mode: info.st_mode) == .regularFile else {
            throw FileSystemError(path: path, cause: .notRegularFile(FileKind(mode: info.st_mode)))
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .posix(path: path) }
        guard fstat(descriptor, &info) == 0, FileKind(mode: info.st_mode) == .regularFile else {
            let kind = FileKind(mode: info.st_mode)
            close(descriptor)
            throw FileSystemError(path: path, cause: .notRegularFile(kind))
        }
        return descriptor
    }

    /// Reads from `descriptor` until the end, failing when there are more than `maxBytes`.
    static func read(_ descriptor: Int32, path: String, maxBytes: Int) throws(FileSystemError) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .posix(path: path)
            }
            if count == 0 { return data }
            guard data.count + count <= maxBytes else {
                throw FileSystemError(path: path, cause: .tooLarge(limit: maxBytes))
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// What is at `url` itself (a link is not followed), or nil when nothing is there.
    public static func kind(at url: URL) throws(FileSystemError) -> FileKind? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw .posix(path: url.path)
        }
        return FileKind(mode: info.st_mode)
    }

    /// Creates a new file at `url` for writing: never an existing file, and never through a
    /// symbolic link (`O_CREAT | O_EXCL | O_NOFOLLOW`). Its mode is `mode` whatever the
    /// umask. The caller closes the descriptor.
    static func createFile(at url: URL, mode: mode_t = 0o644) throws(FileSystemError) -> Int32 {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .posix(path: url.path) }
        guard fchmod(descriptor, mode) == 0 else {
            let code = errno
            close(descriptor)
            unlink(url.path)
            throw .posix(code, path: url.path)
        }
        return descriptor
    }

    /// Writes all of `data` to `descriptor`.
    static func write(_ data: Data, to descriptor: Int32, path: String) throws(FileSystemError) {
        if let failure = data.withUnsafeBytes({ writeAll($0, to: descriptor) }) { throw .posix(failure, path: path) }
    }

    /// Writes all of `bytes` to `descriptor`, retrying partial and interrupted writes: nil when
    /// every byte was written, else the `errno` of the write that failed.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Copies the regular file at `source` to a new file at `destination` (never an existing
    /// file, never through a link), keeping its permission bits and modification time. A
    /// failure names the file it happened on: reading blames `source`, while writing (a full
    /// disk, say) blames `destination`. A partly written copy is removed.
    static func copyFile(from source: URL, to destination: URL) throws(FileSystemError) {
        let input = try openRegularFile(at: source)
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0 else { throw .posix(path: source.path) }
        let output = try createFile(at: destination, mode: info.st_mode & 0o7777)
        do throws(FileSystemError) {
            defer { close(output) }
            try copyContents(of: input, source: source.path, to: output, destination: destination.path)
            #if canImport(Darwin)
                let times = [info.st_atimespec, info.st_mtimespec]
            #else
                let times = [info.st_atim, info.st_mtim]
            #endif
            guard futimens(output, times) == 0 else { throw .posix(path: destination.path) }
        } catch {
            unlink(destination.path)
            throw error
        }
    }

    /// Copies what is left to read from `input` to `output`; a failed read names `source`,
    /// a failed write `destination`.
    static func copyContents(of input: Int32, source: String, to output: Int32, destination: String)
        throws(FileSystemError)
    {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .posix(path: source)
            }
            if count == 0 { return }
            try write(Data(buffer[0..<count]), to: output, path: destination)
        }
    }

    /// Creates a new folder at `url` (not an existing one, not through a link).
    static func makeDirectory(at url: URL, mode: mode_t = 0o755) throws(FileSystemError) {
        guard mkdir(url.path, mode) == 0 else { throw .posix(path: url.path) }
    }

    /// Creates `url` and its missing parents (an existing folder is fine).
    public static func makeDirectories(at url: URL) throws(FileSystemError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw FileSystemError(error, path: url.path)
        }
    }

    /// Renames `source` to `destination` (replacing a file or a symbolic link there, which
    /// is not followed).
    static func rename(_ source: URL, to destination: URL) throws(FileSystemError) {
        guard systemRename(source.path, destination.path) == 0 else { throw .posix(path: destination.path) }
    }

    /// Removes what venvstacks made at `url`: a regular file, or a folder with everything
    /// in it (links inside are removed, never followed). Anything else there is left alone
    /// and reported, except a symbolic link itself with `evenALink` (when the tool put it
    /// there by renaming); nothing there is fine.
    static func removeMadeItem(at url: URL, evenALink: Bool = false) throws(FileSystemError) {
        do {
            try PathContainment.checkEntry(url)
        } catch {
            throw FileSystemError(
                path: url.path,
                cause: .other(
                    "names a folder itself, its parent or the root, not an entry inside a folder: not removed"))
        }
        switch try kind(at: url) {
        case nil: return
        case .regularFile?:
            guard unlink(url.path) == 0 || errno == ENOENT else { throw .posix(path: url.path) }
        case .symbolicLink? where evenALink:
            guard unlink(url.path) == 0 || errno == ENOENT else { throw .posix(path: url.path) }
        case .directory?:
            do {
                try FileManager.default.removeItem(at: url)
            } catch {
                throw FileSystemError(error, path: url.path)
            }
        case let other?:
            throw FileSystemError(
                path: url.path, cause: other == .symbolicLink ? .symbolicLink : .notRegularFile(other))
        }
    }
}

/// The C library's `read`, `write` and `rename` (hidden inside ``FileSystem`` by its own names).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

private func systemRename(_ source: String, _ destination: String) -> Int32 {
    rename(source, destination)
}
