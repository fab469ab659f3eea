/// Counts what has been written and calls the caller's progress callback sparingly: when at
/// least 1 MiB of content or 256 members have been written since the last call, and once at
/// the end.
final class ProgressMeter {
    static let byteStep: Int64 = 1 << 20
    static let entryStep = 256

    private let callback: (@Sendable (ArchiveProgress) -> Void)?
    private var progress: ArchiveProgress
    private var reportedBytes: Int64 = 0
    private var reportedEntries = 0

    init(totalBytes: Int64, totalEntries: Int, callback: (@Sendable (ArchiveProgress) -> Void)?) {
        self.callback = callback
        progress = ArchiveProgress(bytesDone: 0, totalBytes: totalBytes, entriesDone: 0, totalEntries: totalEntries)
    }

    /// `count` more content bytes written.
    func addBytes(_ count: Int) {
        progress.bytesDone += Int64(count)
        if progress.bytesDone - reportedBytes >= Self.byteStep { report() }
    }

    /// One more member completely written.
    func finishEntry() {
        progress.entriesDone += 1
        if progress.entriesDone == progress.totalEntries
            || progress.entriesDone - reportedEntries >= Self.entryStep
            || progress.bytesDone - reportedBytes >= Self.byteStep
        {
            report()
        }
    }

    private func report() {
        reportedBytes = progress.bytesDone
        reportedEntries = progress.entriesDone
        callback?(progress)
    }
}
