import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file-system failure in plain words: `<path>: No space left on device`,
/// `<path>: Not a directory`, `<path> is not a regular file (it is a FIFO)`.
///
/// Thrown by venvstacks' own system calls, and made from any error Foundation throws for a
/// file operation (`FileSystemError(error)`), whose own text would be "The operation could
/// not be completed (NSCocoaErrorDomain error 512)" for many causes.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Cause: Sendable, Equatable {
        /// A system call failed with this `errno`.
        case system(Int32)
        /// Something other than a regular file is where a file was expected.
        case notRegularFile(FileKind)
        /// A symbolic link where venvstacks does not follow links.
        case symbolicLink
        /// The file is larger than a reader accepts.
        case tooLarge(limit: Int)
        /// An error without a system cause, in its own words.
        case other(String)
    }

    public let path: String
    public let cause: Cause

    public init(path: String, cause: Cause) {
        self.path = path
        self.cause = cause
    }

    /// The failure of a system call on `path` (`code` defaults to the current `errno`).
    public static func posix(_ code: Int32 = errno, path: String) -> FileSystemError {
        FileSystemError(path: path, cause: .system(code))
    }

    /// The `errno` value, for failures of a system call.
    public var errorCode: Int32? {
        if case .system(let code) = cause { return code }
        return nil
    }

    /// Nothing is at the path (as opposed to something that cannot be read).
    public var isMissing: Bool { errorCode == ENOENT }

    /// The cause alone: "No space left on device", "is not a regular file (it is a FIFO)".
    public var reason: String {
        switch cause {
        case .system(let code): Self.text(of: code)
        case .notRegularFile(let kind): "is not a regular file (it is \(kind))"
        case .symbolicLink: "is a symbolic link, which venvstacks does not follow here (remove it)"
        case .tooLarge(let limit): "is larger than \(limit) bytes, too large to be the file expected here"
        case .other(let text): text
        }
    }

    /// `<path>: <system error text>` or `<path> <what it is>`.
    public var description: String {
        switch cause {
        case .system, .other: "\(path): \(reason)"
        case .notRegularFile, .symbolicLink, .tooLarge: "\(path) \(reason)"
        }
    }

    /// The C library's text for `code` ("Permission denied").
    static func text(of code: Int32) -> String {
        String(cString: strerror(code))
    }
}

extension FileSystemError {
    /// The plain-words form of `error`, which a file operation on `path` threw. The path
    /// the error names itself (Foundation's `NSFilePathErrorKey`) wins over `path`.
    public init(_ error: any Error, path: String? = nil) {
        if let own = error as? FileSystemError {
            self = own
            return
        }
        let named = Self.pathNamed(in: error) ?? path ?? "(unknown path)"
        if let code = Self.posixCode(in: error) {
            self.init(path: named, cause: .system(code))
        } else {
            self.init(path: named, cause: .other(Self.fallbackText(error)))
        }
    }

    /// The cause of `error` in plain words, without a path: what to show after a message
    /// that already names the file ("cannot create the output folder /x: Not a directory").
    public static func reason(_ error: any Error) -> String {
        FileSystemError(error).reason
    }

    /// The POSIX error number inside `error`: its own, or that of an underlying error
    /// (Foundation wraps them in `NSUnderlyingErrorKey`), or the one a Cocoa error code
    /// stands for.
    public static func posixCode(in error: any Error) -> Int32? {
        if let own = error as? FileSystemError { return own.errorCode }
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error,
            let code = posixCode(in: underlying)
        {
            return code
        }
        guard nsError.domain == NSCocoaErrorDomain else { return nil }
        return cocoaCodes[nsError.code]
    }

    /// The POSIX meaning of Cocoa file error codes that come without an underlying error.
    private static let cocoaCodes: [Int: Int32] = [
        CocoaError.fileNoSuchFile.rawValue: ENOENT,
        CocoaError.fileReadNoSuchFile.rawValue: ENOENT,
        CocoaError.fileReadNoPermission.rawValue: EACCES,
        CocoaError.fileWriteNoPermission.rawValue: EACCES,
        CocoaError.fileWriteOutOfSpace.rawValue: ENOSPC,
        CocoaError.fileWriteVolumeReadOnly.rawValue: EROFS,
        CocoaError.fileWriteFileExists.rawValue: EEXIST,
        CocoaError.fileReadInvalidFileName.rawValue: ENAMETOOLONG,
        CocoaError.fileWriteInvalidFileName.rawValue: ENAMETOOLONG,
        CocoaError.fileReadTooLarge.rawValue: EFBIG,
    ]

    /// The path a Foundation error names, if any.
    static func pathNamed(in error: any Error) -> String? {
        if let own = error as? FileSystemError { return own.path }
        let info = (error as NSError).userInfo
        return info[NSFilePathErrorKey] as? String ?? (info[NSURLErrorKey] as? URL)?.path
    }

    /// The text of an error with no POSIX cause, never Foundation's "NSCocoaErrorDomain error 512".
    private static func fallbackText(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain {
            let writing = (CocoaError.fileWriteUnknown.rawValue..<CocoaError.fileWriteUnknown.rawValue + 256)
                .contains(nsError.code)
            return writing ? "could not be written (unknown error)" : "could not be read (unknown error)"
        }
        if !(type(of: error) is NSError.Type) { return String(describing: error) }
        let text = nsError.localizedDescription
        return text.contains("Domain") ? "failed (\(nsError.domain) error \(nsError.code))" : text
    }
}
