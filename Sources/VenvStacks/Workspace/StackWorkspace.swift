import Foundation
import Synchronization

/// The engine's front door: one loaded stack with what every operation on it needs (the
/// spec, the tools, the source filter, the lock states and the observers). Each command is a
/// request mapped to one of its operations and a result mapped to text.
///
/// ```
/// StackWorkspace.open ─┬─ status(…)             show, --show
///                      ├─ lock(…)               lock
///                      ├─ build(…)              build [--lock-if-needed] [--publish]
///                      ├─ publish(…)            publish [--dry-run]
///                      └─ export(…)             local-export [--dry-run]
/// StackWorkspace.deploy(…)                       deploy (reads published archives, no spec)
/// ```
///
/// A workspace is a value: an operation that changes lock files hands back the lock states
/// judged again.
public struct StackWorkspace: Sendable {
    public let spec: StackSpec
    public let tools: Toolbox
    /// The files of each application module folder (git's ignore rules applied once).
    public let filter: SourceTreeFilter
    /// Every layer's lock state, judged when the workspace was opened.
    public let states: StackLockState
    public let observers: WorkspaceObservers
    /// The environment child processes and lock-time settings read (`SOURCE_DATE_EPOCH`, uv's).
    public let environment: [String: String]

    /// Scans the application modules, then judges every layer's lock.
    public static func open(
        _ spec: StackSpec, tools: Toolbox, observers: WorkspaceObservers = WorkspaceObservers(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> StackWorkspace {
        let filter = await SourceTreeFilter.scan(spec, git: ProcessGitClient(runner: tools.runner))
        let states = try await performing(.open) { try LockStateEvaluator(spec: spec, filter: filter).evaluate() }
        return StackWorkspace(
            spec: spec, tools: tools, filter: filter, states: states, observers: observers, environment: environment)
    }

    init(
        spec: StackSpec, tools: Toolbox, filter: SourceTreeFilter, states: StackLockState,
        observers: WorkspaceObservers, environment: [String: String]
    ) {
        self.spec = spec
        self.tools = tools
        self.filter = filter
        self.states = states
        self.observers = observers
        self.environment = environment
    }

    /// The same workspace with every lock judged again (after lock files changed).
    public func rejudged() throws -> StackWorkspace {
        StackWorkspace(
            spec: spec, tools: tools, filter: filter,
            states: try LockStateEvaluator(spec: spec, filter: filter).evaluate(), observers: observers,
            environment: environment)
    }

    /// The status tree of the layers in `shown` (every enabled layer when nil), with their dependencies.
    public func status(shown: Set<String>? = nil) -> StackStatus {
        StackStatus(spec: spec, locks: states, shown: shown)
    }

    /// The layers `plan` selects, each with its operations.
    public func status(of plan: OperationPlan) -> StackStatus {
        StackStatus(spec: spec, locks: states, includeDependencies: false, operations: plan)
    }

    /// Why each shown layer's lock is not valid, in definition order (for `-v`).
    public func invalidLocks(shown: Set<String>? = nil) -> [(layer: String, reasons: [String])] {
        spec.enabledLayers.compactMap { layer in
            guard shown?.contains(layer.buildName) ?? true, let reasons = states[layer.buildName]?.invalidityReasons,
                !reasons.isEmpty
            else { return nil }
            return (layer.buildName, reasons)
        }
    }

    /// The platform this machine builds and publishes for.
    public static func hostPlatform(for operation: String) throws(StackError) -> TargetPlatform {
        guard let platform = TargetPlatform.host else {
            throw StackError("this machine's platform is not one venvstacks \(operation) for")
        }
        return platform
    }

    /// Runs `body` holding the folder lock of each of `folders` (each once, taken in path
    /// order so two runs can never wait for each other), announcing any wait. After waiting
    /// for another run, the locks are judged again before `body` sees the workspace.
    func holding<T>(
        _ folders: [URL], waiting: FolderLock.Waiting, _ body: (StackWorkspace) async throws -> T
    ) async throws -> T {
        try Self.checkDerivedPaths(of: spec, in: folders)
        try checkModulesHoldNone(of: folders)
        let waited = WaitRecord()
        let announce = observers.waiting
        let held = try FolderLock.acquire(folders, waiting: waiting) { folder, lockFile in
            waited.note()
            announce?(folder, lockFile)
        }
        defer { withExtendedLifetime(held) {} }
        return try await body(waited.happened ? try rejudged() : self)
    }

    /// Runs `body` as `operation`: a ``StackError`` it throws says which operation failed
    /// (unless an inner operation already said so).
    static func performing<T>(_ operation: StackError.Operation, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StackError {
            throw error.adding(operation: operation)
        }
    }

    /// A copy that starts programs with `tools` (a command opens its workspace before it knows
    /// whether it will run uv, e.g. with `--show-only`).
    public func using(_ tools: Toolbox) -> StackWorkspace {
        StackWorkspace(
            spec: spec, tools: tools, filter: filter, states: states, observers: observers, environment: environment)
    }
}

/// Whether a folder lock had to be waited for.
private final class WaitRecord: Sendable {
    private let waited = Mutex(false)
    func note() { waited.withLock { $0 = true } }
    var happened: Bool { waited.withLock { $0 } }
}

/// Who hears about a workspace operation while it runs.
public struct WorkspaceObservers: Sendable {
    public var lock: (any LockObserver)?
    public var build: (any BuildObserver)?
    public var publish: (any PublishObserver)?
    /// Told when one phase of a longer operation is over (the locks of `build
    /// --lock-if-needed` before it builds, the builds before it publishes).
    public var phase: (@Sendable (WorkspacePhase) -> Void)?
    /// Told when an operation waits for another run that holds a folder's lock.
    public var waiting: (@Sendable (_ folder: URL, _ lockFile: URL) -> Void)?

    public init(
        lock: (any LockObserver)? = nil, build: (any BuildObserver)? = nil, publish: (any PublishObserver)? = nil,
        phase: (@Sendable (WorkspacePhase) -> Void)? = nil,
        waiting: (@Sendable (_ folder: URL, _ lockFile: URL) -> Void)? = nil
    ) {
        self.lock = lock
        self.build = build
        self.publish = publish
        self.phase = phase
        self.waiting = waiting
    }
}

/// A finished phase of a workspace operation.
public enum WorkspacePhase: Sendable {
    case locked([LockedLayer])
    case built([BuiltLayer])
}
