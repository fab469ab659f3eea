import CArchiveSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes entries that `ExtractionRules` accepted into one folder through libarchive's disk
/// writer, by absolute path (libarchive would resolve relative paths against the process's
/// working directory).
///
/// Restored: file type, content, permission bits (masked to 0o777: never setuid, setgid or
/// sticky) and modification times. Never: owners, ACLs, extended attributes, file flags.
/// libarchive's own checks stay on as a second line of defence: no ".." in a path, and nothing
/// written through a symbolic link (checked on every name from "/" down, which is why the
/// destination is used with its symbolic links resolved).
final class DiskEntryWriter {
    static let options =
        ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS

    /// `archive_write_disk_new` reads the umask by setting it to 0 and back: two calls at once
    /// could leave the process with umask 0. Extractions on other threads take turns here.
    private static let creation = NSLock()

    /// The destination folder with its symbolic links resolved.
    let base: String
    private let archiveName: String
    private let archive: OpaquePointer

    /// A writer into `destination`, which must be an existing, empty folder.
    init(destination: URL, archiveName: String) throws(ArchiveError) {
        self.archiveName = archiveName
        base = try Self.resolve(destination, archiveName: archiveName)
        Self.creation.lock()
        let archive = archive_write_disk_new()
        Self.creation.unlock()
        guard let archive else {
            throw ArchiveError(description: "libarchive cannot create a disk writer for \(archiveName)")
        }
        self.archive = archive
        guard archive_write_disk_set_options(archive, Self.options) == ARCHIVE_OK else {
            throw ArchiveError(description: "libarchive cannot set the extraction options: \(message)")
        }
    }

    deinit {
        archive_write_free(archive)
    }

    /// Points `entry` at its place under the destination and drops what is never restored.
    func place(_ entry: OpaquePointer, at admission: ExtractionRules.Admission) {
        archive_entry_set_pathname(entry, absolute(admission.path))
        if let target = admission.hardLinkTarget {
            archive_entry_set_hardlink(entry, absolute(target))
            archive_entry_set_size(entry, 0)
        }
        archive_entry_set_perm(entry, archive_entry_perm(entry) & 0o777)
        archive_entry_acl_clear(entry)
        archive_entry_xattr_clear(entry)
        archive_entry_set_fflags(entry, 0, 0)
    }

    /// Creates the file, folder or link of `entry` (placed by `place`).
    func writeHeader(_ entry: OpaquePointer, of name: String) throws(ArchiveError) {
        guard archive_write_header(archive, entry) == ARCHIVE_OK else {
            throw failure("cannot create the entry '\(name)'")
        }
    }

    /// Writes a block of the current file's data at `offset`.
    func writeBlock(_ block: UnsafeRawPointer?, count: Int, at offset: Int64, of name: String) throws(ArchiveError) {
        guard archive_write_data_block(archive, block, count, la_int64_t(offset)) == ARCHIVE_OK else {
            throw failure("cannot write the content of '\(name)'")
        }
    }

    /// Completes the current entry (sets its mode and time).
    func finishEntry(_ name: String) throws(ArchiveError) {
        guard archive_write_finish_entry(archive) == ARCHIVE_OK else {
            throw failure("cannot complete the entry '\(name)'")
        }
    }

    /// Sets the modes and times of folders, which libarchive leaves until the end.
    func close() throws(ArchiveError) {
        guard archive_write_close(archive) == ARCHIVE_OK else {
            throw failure("cannot set the modes and times of the extracted folders")
        }
    }

    private func absolute(_ relative: String) -> String { base + "/" + relative }

    private var message: String {
        archive_error_string(archive).map { String(cString: $0) } ?? "no message from libarchive"
    }

    private func failure(_ what: String) -> ArchiveError {
        ArchiveError(description: "\(archiveName): \(what) in \(base): \(message)")
    }

    /// The real path of `destination`, checked to be an empty folder.
    private static func resolve(_ destination: URL, archiveName: String) throws(ArchiveError) -> String {
        let problem = "cannot extract \(archiveName) into \(destination.path)"
        var failure: Int32 = 0
        let resolved = destination.withUnsafeFileSystemRepresentation { path -> String? in
            guard let path, let real = realpath(path, nil) else {
                failure = errno
                return nil
            }
            defer { free(real) }
            failure = EILSEQ
            return String(validatingCString: real)
        }
        guard let resolved else {
            throw ArchiveError(description: "\(problem): \(String(cString: strerror(failure)))")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder), isFolder.boolValue else {
            throw ArchiveError(description: "\(problem): it is not a folder")
        }
        let contents: [String]
        do {
            contents = try FileManager.default.contentsOfDirectory(atPath: resolved)
        } catch {
            throw ArchiveError(description: "\(problem): \(posixText(of: error))")
        }
        guard contents.isEmpty else { throw ArchiveError(description: "\(problem): the folder is not empty") }
        return resolved
    }
}

/// The system's words for the POSIX error inside a Foundation error (never Foundation's
/// "The operation could not be completed").
private func posixText(of error: any Error) -> String {
    var current = error as NSError
    while true {
        if current.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(current.code))) }
        guard let underlying = current.userInfo[NSUnderlyingErrorKey] as? NSError else { break }
        current = underlying
    }
    return "cannot be read (\(current.domain) error \(current.code))"
}
