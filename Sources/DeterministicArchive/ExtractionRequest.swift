import Foundation

/// What to extract and where.
///
///     destination/            an existing, empty folder (the deploy folder, or a staging copy of it)
///     └── <root>/...          everything the archive holds
///     <linkRoot>/...          future siblings of <root>: symbolic links may point into them
public struct ExtractionRequest: Sendable {
    /// A .tar.xz, .tar.zst, .tar.gz or plain .tar file; the format is detected from the content,
    /// not the name.
    public var archive: URL
    /// An existing, empty folder: the entry "a/b" lands at `destination/a/b`.
    public var destination: URL
    /// Every entry must be `root` itself or under `root/` (e.g. "framework-scipy@1").
    public var root: String
    /// Other top-level names (future siblings of `root` in the deploy folder) that symbolic
    /// links may resolve into.
    public var linkRoots: Set<String>
    /// How an .xz archive is decompressed: liblzma's multi-threaded decoder is faster on its
    /// own, but holds a block's worth of buffers per thread (about 75 MiB more for a layer
    /// published with 24 MiB blocks); one thread suits several extractions at once.
    public var xzDecoding: XZDecoding

    /// A request to extract `archive` into `destination`.
    public init(
        archive: URL, destination: URL, root: String, linkRoots: Set<String> = [],
        xzDecoding: XZDecoding = .multithreaded
    ) {
        self.archive = archive
        self.destination = destination
        self.root = root
        self.linkRoots = linkRoots
        self.xzDecoding = xzDecoding
    }
}

/// How far an extraction has got, for a progress display.
public struct ExtractionProgress: Sendable, Equatable {
    /// Compressed bytes of the archive file consumed so far.
    public var bytesRead: Int64
    /// The archive file's size.
    public var totalBytes: Int64
    /// Entries extracted so far.
    public var entriesDone: Int

    /// A progress report.
    public init(bytesRead: Int64, totalBytes: Int64, entriesDone: Int) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.entriesDone = entriesDone
    }
}

/// What was extracted.
public struct ExtractionResult: Sendable, Equatable {
    /// Entries extracted (folders, files, links).
    public var entryCount: Int
    /// The sum of the sizes of the regular files extracted (hard links not counted again).
    public var contentBytes: Int64

    /// A result.
    public init(entryCount: Int, contentBytes: Int64) {
        self.entryCount = entryCount
        self.contentBytes = contentBytes
    }
}

/// Reports extraction progress sparingly: when at least 1 MiB of the archive file or 256
/// entries have been consumed since the last report, and once at the end.
final class ExtractionMeter {
    private let callback: (@Sendable (ExtractionProgress) -> Void)?
    private var progress: ExtractionProgress
    private var reported: ExtractionProgress

    init(totalBytes: Int64, callback: (@Sendable (ExtractionProgress) -> Void)?) {
        self.callback = callback
        progress = ExtractionProgress(bytesRead: 0, totalBytes: totalBytes, entriesDone: 0)
        reported = progress
    }

    /// The archive file has been read up to `bytesRead`.
    func read(upTo bytesRead: Int64) {
        progress.bytesRead = max(progress.bytesRead, bytesRead)
        if progress.bytesRead - reported.bytesRead >= ProgressMeter.byteStep { report() }
    }

    /// One more entry extracted; the archive file has been read up to `bytesRead`.
    func finishEntry(bytesRead: Int64) {
        progress.entriesDone += 1
        progress.bytesRead = max(progress.bytesRead, bytesRead)
        if progress.entriesDone - reported.entriesDone >= ProgressMeter.entryStep
            || progress.bytesRead - reported.bytesRead >= ProgressMeter.byteStep
        {
            report()
        }
    }

    /// The last report, after every entry.
    func finish(bytesRead: Int64) {
        progress.bytesRead = max(progress.bytesRead, bytesRead)
        report()
    }

    private func report() {
        reported = progress
        callback?(progress)
    }
}
