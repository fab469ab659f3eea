import DeterministicArchive
import Foundation

/// A layer's archive after a publish run: newly written, or kept because nothing changed.
public struct PublishedArchive: Sendable {
    public let buildName: String
    public let archive: URL
    public let snippet: URL
    /// The snippet written or kept (docs/formats.md#published-metadata-fields).
    public let metadata: LayerSnippet
    public let built: Bool
    public let seconds: Double
}

/// What a publish run produced.
public struct PublishResult: Sendable {
    public let manifestURL: URL
    public let manifest: StackManifest
    public let archives: [PublishedArchive]
}

public enum PublishEvent: Sendable {
    /// The archive is built again because the file on disk no longer matches the size and
    /// SHA-256 its metadata records (``ArchiveRequest/damagedArchive``).
    case rebuildingDamaged(layer: String, archive: String)
    case started(layer: String, archive: String)
    /// A precompiled layer's byte code is being compiled (``BytecodeCompiler``): `done` of
    /// `total` source files so far (sent once with 0 before compiling starts, then after
    /// each batch of files).
    case compiling(layer: String, done: Int, total: Int)
    case progress(layer: String, ArchiveProgress)
    case finished(PublishedArchive)
}

public protocol PublishObserver: Sendable {
    func handle(_ event: PublishEvent)
}

/// Writes one archive from a layer's entries. The implementation decides the format; the
/// same entries and time must always give the same bytes.
public protocol LayerArchiver: Sendable {
    /// `.tar.xz`, `.tar.zst`, ...
    var fileExtension: String { get }
    /// The settings recorded in the snippets' `provenance` block (format, compressor, level).
    var settings: JSONValue { get }
    /// Writes `entries` to `url` atomically, every entry with `modificationTime` (seconds
    /// since the epoch). Returns the archive's size and SHA-256 (hex).
    func write(
        _ entries: [ArchiveEntry], to url: URL, modificationTime: Int64,
        progress: @escaping @Sendable (ArchiveProgress) -> Void
    ) throws(StackError) -> (size: Int64, sha256: String)
}
