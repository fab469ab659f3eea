import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which file on disk a path names: equal identities are hard links to one file.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
}

/// What `lstat` says about a path (symlinks are not followed).
struct FileStatus {
    var identity: FileIdentity
    var size: Int64
    /// The file type bits of `st_mode`.
    var type: UInt32

    var isRegularFile: Bool { type == UInt32(S_IFREG) }

    /// The kind of file, for messages.
    var kindName: String {
        switch type {
        case UInt32(S_IFDIR): "directory"
        case UInt32(S_IFLNK): "symlink"
        case UInt32(S_IFIFO): "FIFO"
        case UInt32(S_IFSOCK): "socket"
        case UInt32(S_IFCHR), UInt32(S_IFBLK): "device"
        default: "special file"
        }
    }

    /// The status of `url`, or nil with `errno` set.
    static func of(_ url: URL) -> FileStatus? {
        var info = stat()
        let result = url.withUnsafeFileSystemRepresentation { path -> Int32 in
            guard let path else {
                errno = EINVAL
                return -1
            }
            return lstat(path, &info)
        }
        guard result == 0 else { return nil }
        return FileStatus(
            identity: FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
            size: Int64(info.st_size), type: UInt32(info.st_mode) & UInt32(S_IFMT))
    }
}
