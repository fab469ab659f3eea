import Foundation

/// What happened to one layer's lock in a `lock` run.
public enum LockAction: Sendable, Equatable {
    /// uv resolved the layer again; `changed` tells whether the lock file's content changed.
    case resolved(changed: Bool)
    /// Only the metadata was refreshed (a versioned layer whose version inputs changed).
    case metadataRefreshed
    /// The existing lock was valid and kept as it is.
    case kept
}

/// One layer's lock after a `lock` run.
public struct LockedLayer: Sendable, Equatable {
    public var buildName: String
    public var pylock: URL
    /// `locked_at` of the layer's metadata.
    public var lockedAt: String
    public var lockVersion: Int
    public var action: LockAction
    /// True when `pylock.<n>.meta.json` was rewritten.
    public var metadataWritten: Bool
}

/// Progress of a `lock` run, for the CLI to display (the engine never prints).
public enum LockEvent: Sendable {
    /// A long step started for a layer ("installing runtime cpython@3.11.7", "resolving", ...).
    case step(layer: String, description: String)
    /// A layer is done.
    case finished(LockedLayer, seconds: Double)
    /// Extra detail worth showing with `-v` (dropped packages, reused locks, ...).
    case detail(String)
}

/// Receives ``LockEvent``s.
public protocol LockObserver: Sendable {
    func handle(_ event: LockEvent)
}
