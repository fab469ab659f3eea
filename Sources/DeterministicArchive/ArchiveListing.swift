import CArchiveSupport
import Crypto
import Foundation

/// One member of a tar archive as read back: its header attributes and the SHA-256 of its
/// content. A value: `venvstacks diff` compares two of them.
public struct ArchiveMember: Sendable, Equatable {
    /// What kind of entry the member is.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        case file, directory, symlink, hardLink
        /// A device, FIFO, socket or unknown type, described.
        case other(String)

        public var description: String {
            switch self {
            case .file: "file"
            case .directory: "directory"
            case .symlink: "symlink"
            case .hardLink: "hard link"
            case .other(let what): what
            }
        }
    }

    /// The name as stored (a directory's without its trailing slash).
    public var name: String
    public var kind: Kind
    /// Permission bits (`0o7777` at most).
    public var mode: UInt32
    public var uid: Int64
    public var gid: Int64
    public var uname: String
    public var gname: String
    /// Modification time in seconds since 1970, and its fraction when the header records one.
    public var mtime: Int64
    public var mtimeNanoseconds: Int
    public var size: Int64
    /// A symlink's or hard link's target.
    public var linkTarget: String?
    /// The SHA-256 of a file's content; nil for other kinds and for a member that could not be read.
    public var sha256: [UInt8]?
    /// The content, for members the caller asked to keep (small text files).
    public var content: Data?
    /// Header fields beyond the ustar basics that libarchive decoded for this member (from PAX
    /// or GNU extended headers): "atime", "ctime", "birthtime", "xattr <name>".
    public var extendedFields: [String]
    /// Why the member's content could not be read (the archive is damaged from here on).
    public var damage: String?

    public init(
        name: String, kind: Kind, mode: UInt32, uid: Int64, gid: Int64, uname: String, gname: String, mtime: Int64,
        mtimeNanoseconds: Int, size: Int64, linkTarget: String?, sha256: [UInt8]?, content: Data?,
        extendedFields: [String], damage: String?
    ) {
        self.name = name
        self.kind = kind
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.uname = uname
        self.gname = gname
        self.mtime = mtime
        self.mtimeNanoseconds = mtimeNanoseconds
        self.size = size
        self.linkTarget = linkTarget
        self.sha256 = sha256
        self.content = content
        self.extendedFields = extendedFields
        self.damage = damage
    }
}

/// Everything one archive holds, read in one streaming pass (``ArchiveLister``).
public struct ArchiveListing: Sendable {
    /// How the file is compressed (from its headers).
    public var compression: CompressionFacts
    /// The tar dialects libarchive recognised, in order of first appearance.
    public var tarFormats: [String]
    public var members: [ArchiveMember]
    /// Set when reading stopped early: the archive is damaged or truncated from there on.
    public var damage: String?
    /// Bytes of tar stream read (the decompressed size).
    public var tarBytes: Int64
}

/// Reads an archive member by member without unpacking it: each file's content is hashed as it
/// streams past, and kept only when it is no larger than what `keepContent` allows for its name
/// (0: not kept). Memory grows with the number of members and the kept content, not with the
/// size of the archive.
public enum ArchiveLister {
    /// Lists `url`. Throws ``ArchiveError`` only when the file cannot be opened or is not an
    /// archive at all; damage found later is recorded in the listing (``ArchiveListing/damage``
    /// and the member's ``ArchiveMember/damage``), so a caller can still compare what was read.
    public static func list(
        _ url: URL, keepContent: (String) -> Int = { _ in 0 }, progress: (Int64) -> Void = { _ in }
    ) throws(ArchiveError) -> ArchiveListing {
        let compression = try CompressionFacts.read(from: url)
        // One decoding thread per archive: `venvstacks diff` reads both sides at once, which
        // keeps two cores busy, and each side then needs about 10 MiB instead of the ~100 MiB
        // of liblzma's multi-threaded decoder (misc/bench-diff.sh).
        let reader = try TarEntryReader(url: url, archiveName: url.lastPathComponent, xzDecoding: .libarchive)
        var listing = ArchiveListing(
            compression: compression, tarFormats: [], members: [], damage: nil, tarBytes: 0)
        var previous: String?
        do throws(ArchiveError) {
            while let entry = try reader.next(after: previous) {
                var member = describe(entry)
                previous = member.name
                let format = reader.formatName
                if !listing.tarFormats.contains(format) { listing.tarFormats.append(format) }
                if member.kind == .file && member.linkTarget == nil {
                    let keep = member.size <= keepContent(member.name)
                    do throws(ArchiveError) {
                        let (digest, content, count) = try readContent(of: member.name, from: reader, keep: keep)
                        member.sha256 = digest
                        member.content = content
                        listing.tarBytes += count
                    } catch {
                        member.damage = error.description
                        listing.members.append(member)
                        throw error
                    }
                }
                listing.tarBytes += 512
                listing.members.append(member)
                progress(reader.bytesRead)
            }
            try reader.finish()
        } catch {
            listing.damage = error.description
        }
        return listing
    }

    /// The hash of the current entry's content, the content itself when `keep`, and its size.
    static func readContent(
        of name: String, from reader: TarEntryReader, keep: Bool
    ) throws(ArchiveError) -> ([UInt8], Data?, Int64) {
        var hasher = SHA256()
        var content = keep ? Data() : nil
        var position: Int64 = 0
        try reader.forEachBlock(of: name) { block, offset throws(ArchiveError) in
            if offset > position {  // a hole in a sparse entry reads as zeros
                let zeros = [UInt8](repeating: 0, count: Int(offset - position))
                hasher.update(data: zeros)
                content?.append(contentsOf: zeros)
            }
            hasher.update(bufferPointer: block)
            content?.append(contentsOf: block)
            position = offset + Int64(block.count)
        }
        return (Array(hasher.finalize()), content, position)
    }

    /// The header attributes of `entry`.
    static func describe(_ entry: OpaquePointer) -> ArchiveMember {
        let text: (UnsafePointer<CChar>?) -> String? = { pointer in
            pointer.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) }
        }
        var name = text(archive_entry_pathname(entry)) ?? ""
        if name.count > 1 && name.hasSuffix("/") { name.removeLast() }
        var kind: ArchiveMember.Kind
        var target: String?
        if let hardLink = archive_entry_hardlink(entry) {
            kind = .hardLink
            target = text(hardLink)
        } else {
            switch UInt32(archive_entry_filetype(entry)) {
            case EntryFileType.regular: kind = .file
            case EntryFileType.directory: kind = .directory
            case EntryFileType.symlink:
                kind = .symlink
                target = text(archive_entry_symlink(entry)) ?? ""
            case EntryFileType.characterDevice: kind = .other("character device")
            case EntryFileType.blockDevice: kind = .other("block device")
            case EntryFileType.fifo: kind = .other("FIFO")
            case EntryFileType.socket: kind = .other("socket")
            case let type: kind = .other("entry of unknown type 0o\(String(type, radix: 8))")
            }
        }
        var extended: [String] = []
        if archive_entry_atime_is_set(entry) != 0 { extended.append("atime") }
        if archive_entry_ctime_is_set(entry) != 0 { extended.append("ctime") }
        if archive_entry_birthtime_is_set(entry) != 0 { extended.append("birthtime") }
        if archive_entry_xattr_reset(entry) > 0 {
            var xattrName: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            while archive_entry_xattr_next(entry, &xattrName, &value, &size) == ARCHIVE_OK {
                extended.append("xattr " + (text(xattrName) ?? "?"))
            }
        }
        return ArchiveMember(
            name: name, kind: kind, mode: UInt32(archive_entry_perm(entry)) & 0o7777,
            uid: Int64(archive_entry_uid(entry)), gid: Int64(archive_entry_gid(entry)),
            uname: text(archive_entry_uname(entry)) ?? "", gname: text(archive_entry_gname(entry)) ?? "",
            mtime: Int64(archive_entry_mtime(entry)), mtimeNanoseconds: Int(archive_entry_mtime_nsec(entry)),
            size: Int64(archive_entry_size(entry)), linkTarget: target, sha256: nil, content: nil,
            extendedFields: extended, damage: nil)
    }
}
