import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes byte-reproducible compressed tar archives.
///
///     entries ─▶ EntryPlanner (check, lstat, sort bytewise, hard links)
///             ─▶ TarStreamWriter (libarchive, pax-restricted, no filter)
///             ─▶ StreamCompressor (xz / zstd / gzip)
///             ─▶ ArchiveFileSink (.<name>.partial-<pid>-<8 hex> + SHA-256) ─rename─▶ destination
///
/// The same entries, content and settings give the same bytes whatever the thread count,
/// source location, timezone, umask or locale (docs/archive-format.md).
public enum ArchiveWriter {
    /// Sorts the entries, writes a new partial file beside `destination` (``partialURL(for:)``),
    /// then renames it to `destination` (replacing any existing file). On any error the
    /// partial file is removed.
    public static func write(
        entries: [ArchiveEntry], to destination: URL, settings: ArchiveSettings,
        progress: (@Sendable (ArchiveProgress) -> Void)? = nil
    ) throws(ArchiveError) -> ArchiveResult {
        do throws(ArchiveError) {
            let members = try EntryPlanner.plan(entries)
            let sink = try ArchiveFileSink(creating: partialURL(for: destination))
            do throws(ArchiveError) {
                try writeMembers(members, settings: settings, sink: sink, progress: progress)
                let file = try sink.finish()
                try rename(sink.url, to: destination)
                return ArchiveResult(size: file.size, sha256: file.sha256, entryCount: members.count)
            } catch {
                sink.discard()
                throw error
            }
        } catch {
            throw error.writing(destination)
        }
    }

    /// A partial file name for `destination` that no other write uses:
    /// `.<name>.partial-<pid>-<8 hex>` in the same folder. It is created exclusively and
    /// never through a symbolic link, so two writers of one destination never share it
    /// (whoever renames last wins, each with a complete file). What an interrupted run left
    /// under such a name is for the caller to remove.
    public static func partialURL(for destination: URL) -> URL {
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let suffix = String(repeating: "0", count: 8 - random.count) + random
        return destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).partial-\(getpid())-\(suffix)")
    }

    /// Streams every member through libarchive and the compressor into `sink`.
    private static func writeMembers(
        _ members: [PlannedEntry], settings: ArchiveSettings, sink: ArchiveFileSink,
        progress: (@Sendable (ArchiveProgress) -> Void)?
    ) throws(ArchiveError) {
        let locale = UTF8LocaleScope()
        defer { locale.end() }
        if !locale.isActive, let member = members.first(where: \.hasNonASCIIName) {
            throw ArchiveError(
                description: "'\(member.path)' has a non-ASCII name, and the system has no UTF-8 locale "
                    + "to write it reproducibly (install C.UTF-8)")
        }
        let compressor = try makeCompressor(for: settings.format, threads: settings.threads, sink: sink)
        let tar = try TarStreamWriter(compressor: compressor)
        let reader = SourceFileReader()
        let meter = ProgressMeter(
            totalBytes: members.reduce(0) { $0 + $1.contentSize }, totalEntries: members.count, callback: progress)
        for member in members {
            try tar.writeHeader(member, modificationTime: settings.modificationTime)
            switch member.body {
            case .file(let source, let size, _):
                try reader.read(source, expectedSize: size, for: member.path) { chunk throws(ArchiveError) in
                    try tar.writeData(chunk, of: member)
                    meter.addBytes(chunk.count)
                }
            case .data(let bytes):
                try tar.writeData(bytes, of: member)
                meter.addBytes(bytes.count)
            case .directory, .symlink, .hardLink:
                break
            }
            try tar.finishEntry(member)
            meter.finishEntry()
        }
        try tar.close()
        try compressor.finish()
    }

    /// Moves the finished partial file into place, replacing any existing file.
    private static func rename(_ partial: URL, to destination: URL) throws(ArchiveError) {
        let result = partial.withUnsafeFileSystemRepresentation { from in
            destination.withUnsafeFileSystemRepresentation { to -> Int32 in
                guard let from, let to else { return -1 }
                return systemRename(from, to)
            }
        }
        guard result == 0 else {
            throw ArchiveError(
                description: "cannot rename \(partial.path) to \(destination.path): \(String(cString: strerror(errno)))"
            )
        }
    }
}

/// The `rename` system call (`ArchiveWriter.rename` hides the global name inside the type).
private func systemRename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 {
    rename(from, to)
}
