import CArchiveSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How .xz archives are decompressed.
public enum XZDecoding: Sendable, Equatable {
    /// libarchive's xz filter (one thread).
    case libarchive
    /// `XZStreamDecoder` (liblzma's multi-threaded decoder).
    case multithreaded
}

/// Reads a tar archive entry by entry through libarchive, streaming from the file: memory does
/// not grow with the archive. The compression (xz, zstd, gzip or none) is detected from the
/// content, not the file name.
///
///     archive file ─read(2), 1 MiB─▶ libarchive filter (xz / zstd / gzip / none) ─▶ tar format
///     .xz file     ─▶ XZStreamDecoder (2 threads) ─▶ libarchive tar format
final class TarEntryReader {
    /// How much of the archive file libarchive reads at a time.
    static let blockSize = 1 << 20

    /// The archive's file name, for messages.
    let archiveName: String
    /// The archive file's size in bytes.
    let size: Int64
    private let descriptor: Int32
    let archive: OpaquePointer
    private let decoder: XZStreamDecoder?

    /// Opens `url` for reading; throws if it is not a readable, non-empty file.
    init(url: URL, archiveName: String, xzDecoding: XZDecoding = .multithreaded) throws(ArchiveError) {
        self.archiveName = archiveName
        let descriptor = url.withUnsafeFileSystemRepresentation { path -> Int32 in
            guard let path else { return -1 }
            return open(path, O_RDONLY | O_CLOEXEC)
        }
        guard descriptor >= 0 else {
            throw ArchiveError(description: "cannot open the archive \(url.path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, UInt32(info.st_mode) & EntryFileType.mask == EntryFileType.regular else {
            close(descriptor)
            throw ArchiveError(description: "cannot read the archive \(url.path): it is not a file")
        }
        do throws(ArchiveError) {
            let useDecoder = xzDecoding == .multithreaded && XZStreamDecoder.isXZ(descriptor)
            decoder = useDecoder ? try XZStreamDecoder(descriptor: descriptor) : nil
        } catch {
            close(descriptor)
            throw error
        }
        guard let archive = archive_read_new() else {
            close(descriptor)
            throw ArchiveError(description: "libarchive cannot create a reader for \(archiveName)")
        }
        self.descriptor = descriptor
        self.archive = archive
        size = Int64(info.st_size)
        guard size > 0 else { throw damaged("the file is empty") }
        if let decoder {
            guard archive_read_support_format_tar(archive) == ARCHIVE_OK else {
                throw ArchiveError(description: "libarchive cannot read \(archiveName): \(message)")
            }
            let client = Unmanaged.passUnretained(decoder).toOpaque()
            guard archive_read_open(archive, client, nil, xzReadCallback, nil) == ARCHIVE_OK else {
                throw damaged(message)
            }
            return
        }
        // ARCHIVE_WARN means the filter runs an external program: slower, still correct.
        for support in [
            archive_read_support_filter_xz, archive_read_support_filter_zstd, archive_read_support_filter_gzip,
        ]
        where support(archive) < ARCHIVE_WARN {
            throw ArchiveError(description: "libarchive cannot read \(archiveName): \(message)")
        }
        guard archive_read_support_format_tar(archive) == ARCHIVE_OK else {
            throw ArchiveError(description: "libarchive cannot read \(archiveName): \(message)")
        }
        guard archive_read_open_fd(archive, descriptor, Self.blockSize) == ARCHIVE_OK else {
            throw damaged(message)
        }
    }

    deinit {
        archive_read_free(archive)
        close(descriptor)
    }

    /// The next entry's header, or nil after the last entry. The entry belongs to the reader
    /// and is valid until the next call. `previous` names the entry before, for messages.
    func next(after previous: String?) throws(ArchiveError) -> OpaquePointer? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK, let entry else {
            let place = previous.map { " (after the entry '\($0)')" } ?? ""
            throw damaged("\(message)\(place)")
        }
        return entry
    }

    /// The name of `entry` as stored and what kind of entry it is.
    func describe(_ entry: OpaquePointer) throws(ArchiveError) -> (name: String, kind: ExtractionRules.Kind) {
        guard let rawName = archive_entry_pathname(entry) else { throw damaged("an entry has no name") }
        guard let name = String(validatingCString: rawName) else {
            throw ExtractionRules.refusal(
                archiveName: archiveName, entry: String(cString: rawName), "has a name that is not UTF-8")
        }
        if let target = archive_entry_hardlink(entry) {
            return (name, .hardLink(target: try linkTarget(target, of: name)))
        }
        switch UInt32(archive_entry_filetype(entry)) {
        case EntryFileType.regular: return (name, .file)
        case EntryFileType.directory: return (name, .directory)
        case EntryFileType.symlink:
            guard let target = archive_entry_symlink(entry) else { return (name, .symlink(target: "")) }
            return (name, .symlink(target: try linkTarget(target, of: name)))
        case EntryFileType.characterDevice: return (name, .unsupported("character device"))
        case EntryFileType.blockDevice: return (name, .unsupported("block device"))
        case EntryFileType.fifo: return (name, .unsupported("FIFO"))
        case EntryFileType.socket: return (name, .unsupported("socket"))
        case let type: return (name, .unsupported("file of unknown type 0o\(String(type, radix: 8))"))
        }
    }

    /// Copies the data of the current entry to `disk` block by block, calling `progress` after each.
    func copyData(
        of name: String, to disk: DiskEntryWriter, progress: (Int64) -> Void
    ) throws(ArchiveError) {
        try forEachBlock(of: name) { block, offset throws(ArchiveError) in
            try disk.writeBlock(block.baseAddress, count: block.count, at: offset, of: name)
            progress(bytesRead)
        }
    }

    /// Hands the data of the current entry to `body` block by block, with each block's offset
    /// in the entry (a sparse entry's holes are not handed over).
    func forEachBlock(
        of name: String, _ body: (UnsafeRawBufferPointer, Int64) throws(ArchiveError) -> Void
    ) throws(ArchiveError) {
        var block: UnsafeRawPointer?
        var count = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(archive, &block, &count, &offset)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK else { throw damaged("\(message) (in the entry '\(name)')") }
            try body(UnsafeRawBufferPointer(start: block, count: count), Int64(offset))
        }
    }

    /// The tar dialect libarchive recognised for the last entry read ("POSIX pax interchange
    /// format", "GNU tar format", ...).
    var formatName: String { archive_format_name(archive).map { String(cString: $0) } ?? "unknown" }

    /// Bytes of the archive file consumed so far.
    var bytesRead: Int64 { decoder?.bytesRead ?? Int64(archive_filter_bytes(archive, -1)) }

    /// After the last entry: reads the rest of an .xz file so that all its checksums are verified.
    func finish() throws(ArchiveError) {
        guard let decoder, !decoder.finish() else { return }
        throw damaged(message)
    }

    private func linkTarget(_ raw: UnsafePointer<CChar>, of name: String) throws(ArchiveError) -> String {
        guard let target = String(validatingCString: raw) else {
            throw ExtractionRules.refusal(archiveName: archiveName, entry: name, "has a link target that is not UTF-8")
        }
        return target
    }

    /// The xz decoder's failure, else libarchive's last message.
    private var message: String {
        if let failure = decoder?.failure { return failure }
        return archive_error_string(archive).map { String(cString: $0) } ?? "no message from libarchive"
    }

    private func damaged(_ detail: String) -> ArchiveError {
        ArchiveError(description: "\(archiveName) is damaged or not a tar archive: \(detail)")
    }
}

/// File type bits as libarchive reports them (`AE_IFREG` and friends; the C macros are casts
/// Swift cannot import).
enum EntryFileType {
    /// The bits that hold the type (`AE_IFMT`, `S_IFMT`).
    static let mask: UInt32 = 0o170000
    static let regular: UInt32 = 0o100000
    static let directory: UInt32 = 0o040000
    static let symlink: UInt32 = 0o120000
    static let characterDevice: UInt32 = 0o020000
    static let blockDevice: UInt32 = 0o060000
    static let fifo: UInt32 = 0o010000
    static let socket: UInt32 = 0o140000
}
