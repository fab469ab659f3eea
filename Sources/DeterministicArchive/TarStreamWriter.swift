import CArchiveSupport

/// A pax-restricted tar stream written by libarchive with no compression filter: every block
/// goes through the write callback into a `StreamCompressor`.
///
/// Names are handed over as UTF-8 (`_utf8` setters); pax extended headers appear only where
/// ustar cannot hold a field (long or non-ASCII names and link targets), and carry nothing but
/// `path`/`linkpath`. Callers write headers in archive order, each file's data straight after.
final class TarStreamWriter {
    /// Owner and group of every member.
    static let ownerName = "root"
    /// POSIX record size (also GNU tar's): the stream is padded to a multiple of it.
    static let recordSize: Int32 = 10240

    private let archive: OpaquePointer
    private let entry: OpaquePointer
    private let output: TarOutput

    init(compressor: any StreamCompressor) throws(ArchiveError) {
        guard let archive = archive_write_new() else {
            throw ArchiveError(description: "libarchive cannot create a writer")
        }
        guard let entry = archive_entry_new() else {
            archive_write_free(archive)
            throw ArchiveError(description: "libarchive cannot create an entry")
        }
        self.archive = archive
        self.entry = entry
        output = TarOutput(compressor: compressor)
        try check(archive_write_set_format_pax_restricted(archive), "cannot select the pax tar format")
        try check(archive_write_add_filter_none(archive), "cannot select no compression filter")
        try check(archive_write_set_bytes_per_block(archive, Self.recordSize), "cannot set the block size")
        try check(archive_write_set_bytes_in_last_block(archive, Self.recordSize), "cannot set the last block size")
        let client = Unmanaged.passUnretained(output).toOpaque()
        try check(archive_write_open2(archive, client, nil, tarOutputCallback, nil, nil), "cannot start the tar stream")
    }

    deinit {
        archive_entry_free(entry)
        archive_write_free(archive)
    }

    /// Writes the header of `member` (mode, owner root 0/0, the one modification time).
    func writeHeader(_ member: PlannedEntry, modificationTime: Int64) throws(ArchiveError) {
        archive_entry_clear(entry)
        withCString(member.storedName) { archive_entry_set_pathname_utf8(entry, $0) }
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        archive_entry_set_uname_utf8(entry, Self.ownerName)
        archive_entry_set_gname_utf8(entry, Self.ownerName)
        archive_entry_set_mtime(entry, time_t(modificationTime), 0)
        archive_entry_set_perm(entry, mode_t(member.permissions))
        switch member.body {
        case .directory:
            archive_entry_set_filetype(entry, TarFileType.directory)
        case .file, .data:
            archive_entry_set_filetype(entry, TarFileType.regular)
            archive_entry_set_size(entry, member.contentSize)
        case .symlink(let target):
            archive_entry_set_filetype(entry, TarFileType.symlink)
            archive_entry_set_symlink_utf8(entry, target)
        case .hardLink(let target):
            archive_entry_set_filetype(entry, TarFileType.regular)
            archive_entry_set_hardlink_utf8(entry, target)
        }
        // A warning here means a name could not be converted: never accept a fallback encoding.
        let status = archive_write_header(archive, entry)
        guard status == ARCHIVE_OK else { throw failure("cannot write the header of '\(member.path)'") }
    }

    /// Writes content bytes of the current member.
    func writeData(_ bytes: UnsafeRawBufferPointer, of member: PlannedEntry) throws(ArchiveError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let written = archive_write_data(archive, base, bytes.count)
        guard written == bytes.count else { throw failure("cannot write the content of '\(member.path)'") }
    }

    /// Writes in-memory content of the current member.
    func writeData(_ bytes: [UInt8], of member: PlannedEntry) throws(ArchiveError) {
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw failure("cannot write the content of '\(member.path)'") }
    }

    /// Ends the current member (pads its data to the 512-byte block).
    func finishEntry(_ member: PlannedEntry) throws(ArchiveError) {
        guard archive_write_finish_entry(archive) == ARCHIVE_OK else {
            throw failure("cannot finish '\(member.path)'")
        }
    }

    /// Writes the end-of-archive blocks and the last record; the compressor is not finished here.
    func close() throws(ArchiveError) {
        guard archive_write_close(archive) == ARCHIVE_OK else { throw failure("cannot end the tar stream") }
    }

    private func check(_ status: Int32, _ what: String) throws(ArchiveError) {
        guard status == ARCHIVE_OK else { throw failure(what) }
    }

    /// The compressor's own error if the callback failed, else libarchive's message.
    private func failure(_ what: String) -> ArchiveError {
        if let error = output.failure { return error }
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "no message from libarchive"
        return ArchiveError(description: "\(what): libarchive: \(message)")
    }
}

/// File type bits as libarchive takes them (`AE_IFREG` and friends).
private enum TarFileType {
    static let regular: UInt32 = 0o100000
    static let directory: UInt32 = 0o040000
    static let symlink: UInt32 = 0o120000
}

/// What the write callback reaches through libarchive's client pointer.
private final class TarOutput {
    let compressor: any StreamCompressor
    /// The first error of the compressor or the archive file; libarchive only sees "-1".
    var failure: ArchiveError?

    init(compressor: any StreamCompressor) {
        self.compressor = compressor
    }
}

/// libarchive's write callback: compresses each block of the tar stream.
private func tarOutputCallback(
    _ archive: OpaquePointer?, _ client: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int
) -> Int {
    guard let client else { return -1 }
    let output = Unmanaged<TarOutput>.fromOpaque(client).takeUnretainedValue()
    do throws(ArchiveError) {
        try output.compressor.compress(UnsafeRawBufferPointer(start: buffer, count: length))
        return length
    } catch {
        if output.failure == nil { output.failure = error }
        return -1
    }
}

/// Calls `body` with `bytes` as a NUL-terminated C string.
private func withCString(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> Void) {
    (bytes + [0]).withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
    }
}
