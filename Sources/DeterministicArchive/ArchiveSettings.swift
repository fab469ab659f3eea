import Foundation

/// How to write one archive.
public struct ArchiveSettings: Sendable {
    /// The container and compressor.
    public var format: ArchiveFormat
    /// Compressor threads. The archive bytes never depend on it (see docs/archive-format.md).
    public var threads: Int
    /// Whole seconds since the epoch: the modification time of every member.
    public var modificationTime: Int64

    /// Settings for one archive.
    public init(format: ArchiveFormat, threads: Int, modificationTime: Int64) {
        self.format = format
        self.threads = threads
        self.modificationTime = modificationTime
    }
}

/// How far a write has got, for a progress display.
public struct ArchiveProgress: Sendable {
    /// Uncompressed content bytes (files and data) written so far.
    public var bytesDone: Int64
    /// Uncompressed content bytes of all files and data in the archive.
    public var totalBytes: Int64
    /// Members written so far.
    public var entriesDone: Int
    /// Members in the archive.
    public var totalEntries: Int

    /// A progress report.
    public init(bytesDone: Int64, totalBytes: Int64, entriesDone: Int, totalEntries: Int) {
        self.bytesDone = bytesDone
        self.totalBytes = totalBytes
        self.entriesDone = entriesDone
        self.totalEntries = totalEntries
    }
}

/// What was written.
public struct ArchiveResult: Sendable, Equatable {
    /// Bytes of the compressed archive file.
    public var size: Int64
    /// SHA-256 of the archive file, lowercase hex.
    public var sha256: String
    /// Members in the archive (hard links included).
    public var entryCount: Int

    /// A result.
    public init(size: Int64, sha256: String, entryCount: Int) {
        self.size = size
        self.sha256 = sha256
        self.entryCount = entryCount
    }
}

/// Why an archive could not be written; the description names the archive, the member or
/// source file, and the underlying library's message.
public struct ArchiveError: Error, CustomStringConvertible, Sendable {
    /// The message for the user.
    public var description: String

    /// An error with this message.
    public init(description: String) {
        self.description = description
    }

    /// This error as part of writing `archive`.
    func writing(_ archive: URL) -> ArchiveError {
        ArchiveError(description: "cannot write archive \(archive.path): \(description)")
    }
}
