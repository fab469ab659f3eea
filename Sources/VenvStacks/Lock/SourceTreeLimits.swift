import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bounds on an application module tree, so a mistaken module path (`/`, a home folder, a
/// data folder) is refused within moments instead of being hashed for minutes.
public enum SourceTreeLimits {
    /// Files and folders in one module tree.
    public static let maximumEntries = 100_000
    /// Folder nesting below the module root.
    public static let maximumDepth = 64
    /// Bytes of file content in one module tree.
    public static let maximumBytes: Int64 = 2 << 30
}

/// Counts a module tree against `SourceTreeLimits` while it is walked.
struct SourceTreeBudget {
    let root: URL
    private var entries = 0
    private var bytes: Int64 = 0

    init(root: URL) { self.root = root }

    mutating func add(file size: Int64, path: String) throws(StackError) {
        try count(path)
        bytes += size
        if bytes > SourceTreeLimits.maximumBytes {
            throw StackError(
                "the module \(root.path) holds more than \(SourceTreeLimits.maximumBytes >> 30) GiB of files; a launch or support module should be a Python file or package folder, not a data or home folder"
            )
        }
    }

    mutating func add(folderAt depth: Int, path: String) throws(StackError) {
        try count(path)
        if depth > SourceTreeLimits.maximumDepth {
            throw StackError(
                "the module \(root.path) nests folders more than \(SourceTreeLimits.maximumDepth) deep (at \(path)); a launch or support module should be a Python file or package folder"
            )
        }
    }

    private mutating func count(_ path: String) throws(StackError) {
        entries += 1
        if entries > SourceTreeLimits.maximumEntries {
            throw StackError(
                "the module \(root.path) holds more than \(SourceTreeLimits.maximumEntries) files and folders; a launch or support module should be a Python file or package folder, not a whole file system or home folder"
            )
        }
    }
}

/// What one path in a module tree is (`lstat`, then `stat` for links).
enum SourceTreeEntryKind {
    case file(size: Int64)
    case directory
    case linkToDirectory
    case danglingLink
    /// A FIFO, device or socket, described for a message.
    case special(String)

    /// Nil when the path vanished while walking.
    init?(at path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT == S_IFLNK {
            var target = stat()
            guard stat(path, &target) == 0 else {
                self = .danglingLink
                return
            }
            if target.st_mode & S_IFMT == S_IFDIR {
                self = .linkToDirectory
                return
            }
            info = target
        }
        switch FileKind(mode: info.st_mode) {
        case .regularFile: self = .file(size: Int64(info.st_size))
        case .directory: self = .directory
        case let other: self = .special(other.description)
        }
    }
}
