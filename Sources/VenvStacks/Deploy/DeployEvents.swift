import Foundation

/// What to deploy and where.
public struct DeployRequest: Sendable {
    /// The folder `venvstacks publish` wrote (archives and `__venvstacks__`).
    public var publishedDirectory: URL
    /// The folder the layers are deployed into (created when missing).
    public var targetDirectory: URL
    /// Layer names or fnmatch patterns (build names or install targets).
    public var patterns: [String]
    /// Replace a deployed layer that differs from its published archive.
    public var force: Bool
    /// Layers extracted or post-installed at once.
    public var jobs: Int
    /// Which platform's manifest to read (`venvstacks-<platform>.json`, else `venvstacks.json`).
    public var platform: TargetPlatform?
    /// When set, exactly one application must be requested; the result says how to run
    /// its launch module with these arguments.
    public var launchArguments: [String]?
    /// Whether to wait while another run deploys into the same folder.
    public var waiting: FolderLock.Waiting

    public init(
        publishedDirectory: URL, targetDirectory: URL, patterns: [String], force: Bool = false,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, platform: TargetPlatform? = .host,
        launchArguments: [String]? = nil, waiting: FolderLock.Waiting = .wait
    ) {
        self.waiting = waiting
        self.launchArguments = launchArguments
        self.publishedDirectory = publishedDirectory
        self.targetDirectory = targetDirectory
        self.patterns = patterns
        self.force = force
        self.jobs = max(1, jobs)
        self.platform = platform
    }
}

/// What happened to one layer.
public enum DeployAction: Sendable, Equatable {
    /// Unpacked and post-installed (`replaced` when a different layer was there before).
    case deployed(replaced: Bool)
    /// Already deployed from the same archive: left alone.
    case unchanged
}

/// One layer after a deploy run.
public struct DeployedLayer: Sendable, Equatable {
    public let layer: PublishedLayer
    public let folder: URL
    public let action: DeployAction
    public let seconds: Double
}

/// What a deploy run did, and how to launch the requested application (when exactly one
/// application was requested).
public struct DeployResult: Sendable {
    public let manifestURL: URL
    public let targetDirectory: URL
    /// Every layer involved, runtimes first.
    public let layers: [DeployedLayer]
    /// The layers matching the request's patterns.
    public let requested: [PublishedLayer]
    /// The requested application's launch command, when the request had launch arguments.
    public let launch: ToolInvocation?
}

public enum DeployEvent: Sendable {
    /// Another run is deploying into the target folder; this one waits for it to finish.
    case waitingForLock(folder: URL, lockFile: URL)
    case verifying(layer: String)
    case extracting(layer: String, bytesRead: Int64, totalBytes: Int64)
    /// Another piece of the layer's sources was byte-compiled (``DeployCompiler``).
    case compiling(layer: String, piecesDone: Int, pieces: Int)
    case postInstalling(layer: String)
    case finished(DeployedLayer)
}

public protocol DeployObserver: Sendable {
    func handle(_ event: DeployEvent)
}

/// Unpacks one layer archive. The implementation must refuse entries that would land
/// outside `root` or write through links (see `ArchiveExtractor`).
public protocol LayerUnpacker: Sendable {
    /// Extracts `archive`, whose entries all live under `root/`, into the empty folder
    /// `destination`; symbolic links may point into `root` or the sibling folders `linkRoots`.
    func unpack(
        _ archive: URL, into destination: URL, root: String, linkRoots: Set<String>,
        progress: @escaping @Sendable (_ bytesRead: Int64, _ totalBytes: Int64) -> Void
    ) throws(StackError)
}
