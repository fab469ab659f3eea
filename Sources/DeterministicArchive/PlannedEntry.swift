import Foundation

/// One archive member ready to be written: its stored name, tar mode and what goes in it.
struct PlannedEntry {
    /// What the tar stream records for the member.
    enum Body {
        case directory
        /// A regular file on disk of this size (checked again while it is read).
        case file(source: URL, size: Int64, identity: FileIdentity)
        case data([UInt8])
        case symlink(target: String)
        /// A later name of an on-disk file already stored under `target`.
        case hardLink(target: String)
    }

    /// The caller's path (used in messages and as a hard-link target).
    var path: String
    /// The name in the tar stream: the path, plus "/" for directories.
    var storedName: [UInt8]
    /// Permission bits (no file type bits).
    var permissions: UInt32
    var body: Body

    /// Content bytes this member adds to the tar stream.
    var contentSize: Int64 {
        switch body {
        case .file(_, let size, _): size
        case .data(let bytes): Int64(bytes.count)
        case .directory, .symlink, .hardLink: 0
        }
    }
}

extension PlannedEntry {
    /// Permission bits of regular files and generated data.
    static func filePermissions(executable: Bool) -> UInt32 { executable ? 0o755 : 0o644 }
    static let directoryPermissions: UInt32 = 0o755
    static let symlinkPermissions: UInt32 = 0o777

    /// Whether the stored name or link target has bytes outside ASCII.
    var hasNonASCIIName: Bool {
        let target: String? =
            switch body {
            case .symlink(let target), .hardLink(let target): target
            default: nil
            }
        return storedName.contains { $0 >= 0x80 } || (target?.utf8.contains { $0 >= 0x80 } ?? false)
    }
}
