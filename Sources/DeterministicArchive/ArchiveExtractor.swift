import CArchiveSupport
import Foundation

/// Extracts a layer archive into a deploy folder, checking every entry before it is written.
///
///     archive file ─▶ TarEntryReader   libarchive: zstd / gzip / none, tar format
///                  │                   (.xz: libarchive, or XZStreamDecoder, liblzma's 2-thread decoder)
///                  ─▶ ExtractionRules  paths, types, links (docs/archive-format.md, "Extraction")
///                  ─▶ DiskEntryWriter  libarchive disk writer, absolute paths, modes & mtimes
///
/// Each call has its own libarchive objects and sets only its own thread's locale, so several
/// archives can be extracted at once from different threads.
public enum ArchiveExtractor {
    /// Extracts every entry after checking it; throws on the first refused or unreadable entry
    /// (what was extracted so far stays in `destination`; the caller removes that folder).
    public static func extract(
        _ request: ExtractionRequest, progress: (@Sendable (ExtractionProgress) -> Void)? = nil
    ) throws(ArchiveError) -> ExtractionResult {
        try extract(request, progress: progress, xzDecoding: request.xzDecoding)
    }

    /// `extract(_:progress:)` with a choice of xz decoder (for the benchmark).
    static func extract(
        _ request: ExtractionRequest, progress: (@Sendable (ExtractionProgress) -> Void)?, xzDecoding: XZDecoding
    ) throws(ArchiveError) -> ExtractionResult {
        let archiveName = request.archive.lastPathComponent
        var rules = try ExtractionRules(archiveName: archiveName, root: request.root, linkRoots: request.linkRoots)
        let disk = try DiskEntryWriter(destination: request.destination, archiveName: archiveName)
        // libarchive 3.6.2 converts names through the thread's locale; "C" cannot hold non-ASCII.
        let locale = UTF8LocaleScope()
        defer { locale.end() }
        let reader = try TarEntryReader(url: request.archive, archiveName: archiveName, xzDecoding: xzDecoding)
        let meter = ExtractionMeter(totalBytes: reader.size, callback: progress)
        var result = ExtractionResult(entryCount: 0, contentBytes: 0)
        var previous: String?
        while let entry = try reader.next(after: previous) {
            let (name, kind) = try reader.describe(entry)
            let admission = try rules.admit(name, kind)
            disk.place(entry, at: admission)
            try disk.writeHeader(entry, of: name)
            if kind == .file {
                try reader.copyData(of: name, to: disk, progress: meter.read(upTo:))
                result.contentBytes += archive_entry_size(entry)
            }
            try disk.finishEntry(name)
            result.entryCount += 1
            meter.finishEntry(bytesRead: reader.bytesRead)
            previous = name
        }
        guard result.entryCount > 0 else {
            throw ArchiveError(
                description: "\(archiveName) holds no entries, not even the layer folder '\(request.root)'")
        }
        try reader.finish()
        try disk.close()
        meter.finish(bytesRead: reader.bytesRead)
        return result
    }
}
