import Foundation

/// Writes files so that an interrupted run never leaves a half-written file under its
/// final name: the bytes go to a temporary file in the same folder, which is then renamed.
public enum AtomicFile {
    /// Writes `data` to `url` unless the file already holds exactly these bytes.
    /// Returns true when the file was (re)written.
    @discardableResult
    public static func write(_ data: Data, to url: URL) throws -> Bool {
        if let existing = try? Data(contentsOf: url), existing == data { return false }
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        try setPermissions(temporary)
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: String(cString: strerror(code))])
        }
        return true
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    public static func write(_ text: String, to url: URL) throws -> Bool {
        try write(Data(text.utf8), to: url)
    }

    /// Lock files are plain data: rw-r--r-- regardless of umask (0644 masked by umask otherwise).
    private static func setPermissions(_ url: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
    }
}
