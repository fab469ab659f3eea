import Foundation

/// One member of an archive, as the caller describes it.
///
/// Every member gets the same owner (`root`, 0/0) and the archive's one modification time; only
/// the kind, the content and the executable bit come from here. Parent directories are not
/// invented: the caller passes every directory it wants in the archive.
public struct ArchiveEntry: Sendable, Equatable {
    /// What a member holds.
    public enum Content: Sendable, Equatable {
        /// A directory (stored as `path/`, mode 0755).
        case directory
        /// A regular file on disk, read when the archive is written (never followed if a symlink).
        case file(URL)
        /// Generated file content held in memory.
        case data([UInt8])
        /// A symbolic link; the target is stored verbatim (mode 0777).
        case symlink(String)
    }

    /// Relative archive path: "/" separators, no leading or trailing "/", no "." or ".." parts.
    public var path: String
    /// What the member holds.
    public var content: Content
    /// Files and data: mode 0755 when true, else 0644. Ignored for directories and symlinks.
    public var executable: Bool

    /// An archive member.
    public init(path: String, content: Content, executable: Bool = false) {
        self.path = path
        self.content = content
        self.executable = executable
    }
}
