import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes of the files in a folder tree, as `du -sb` counts them: regular files by their
/// length (a file with several hard links once), symbolic links by the length of their
/// target text, folders not at all. Links are never followed, so a tree is measured as it
/// would be archived.
public enum TreeSize {
    /// The size of the tree at `root`, or nil when `root` is not a folder.
    public static func of(_ root: URL) -> Int64? {
        var info = stat()
        guard lstat(root.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        var seen = Set<FileID>()
        return walk(root.path, seen: &seen)
    }

    private struct FileID: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private static func walk(_ path: String, seen: inout Set<FileID>) -> Int64 {
        var total: Int64 = 0
        for name in directoryEntryNames(path) {
            let child = path + "/" + name
            var info = stat()
            guard lstat(child, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                total += walk(child, seen: &seen)
            case S_IFREG:
                if info.st_nlink > 1 {
                    let id = FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
                    guard seen.insert(id).inserted else { continue }
                }
                total += Int64(info.st_size)
            case S_IFLNK:
                total += Int64(info.st_size)
            default:
                continue
            }
        }
        return total
    }
}
