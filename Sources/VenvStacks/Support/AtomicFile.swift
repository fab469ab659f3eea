import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that an interrupted run never leaves a half-written file under its
/// final name: the bytes go to a new temporary file in the same folder
/// (``TemporaryName/partial(for:)``, created exclusively, never through a symbolic link),
/// which is then renamed over the final name (a link there is replaced, not followed).
public enum AtomicFile {
    /// Writes `data` to `url` unless a regular file there already holds exactly these
    /// bytes. Returns true when the file was (re)written. The file is `rw-r--r--`
    /// whatever the umask.
    @discardableResult
    public static func write(_ data: Data, to url: URL) throws(FileSystemError) -> Bool {
        if try FileSystem.kind(at: url) == .regularFile,
            let existing = try? FileSystem.readRegularFile(at: url, maxBytes: data.count), existing == data
        {
            return false
        }
        try FileSystem.makeDirectories(at: url.deletingLastPathComponent())
        let temporary = TemporaryName.partial(for: url)
        let descriptor = try FileSystem.createFile(at: temporary, mode: 0o644)
        var failure: FileSystemError?
        do throws(FileSystemError) {
            try FileSystem.write(data, to: descriptor, path: temporary.path)
        } catch {
            failure = error
        }
        if close(descriptor) != 0 && failure == nil { failure = .posix(path: temporary.path) }
        if failure == nil {
            do throws(FileSystemError) {
                try FileSystem.rename(temporary, to: url)
            } catch {
                failure = error
            }
        }
        if let failure {
            unlink(temporary.path)
            throw failure
        }
        return true
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    public static func write(_ text: String, to url: URL) throws(FileSystemError) -> Bool {
        try write(Data(text.utf8), to: url)
    }
}
