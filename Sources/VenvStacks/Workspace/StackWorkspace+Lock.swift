import Foundation

extension StackWorkspace {
    /// What `lock` asks for beyond the plan.
    public struct LockSettings: Sendable {
        public var buildDirectory: URL
        /// Recreate the selected runtimes from the runtime cache.
        public var clean: Bool
        public var access: IndexAccess
        public var waiting: FolderLock.Waiting

        public init(
            buildDirectory: URL, clean: Bool = false, access: IndexAccess = IndexAccess(),
            waiting: FolderLock.Waiting = .wait
        ) {
            self.buildDirectory = buildDirectory
            self.clean = clean
            self.access = access
            self.waiting = waiting
        }
    }

    /// Locks the layers `plan` selects for locking (writing the lock files, and the runtimes
    /// and resolve projects in the build folder) and returns them with the workspace judged
    /// again.
    public func lock(_ plan: OperationPlan, _ settings: LockSettings) async throws -> (
        locked: [LockedLayer], workspace: StackWorkspace
    ) {
        try await holding([spec.requirementsDirectory, settings.buildDirectory], waiting: settings.waiting) {
            try await $0.lockHeld(plan, settings)
        }
    }

    /// ``lock(_:_:)`` for a caller that holds the folder locks.
    func lockHeld(_ plan: OperationPlan, _ settings: LockSettings) async throws -> (
        locked: [LockedLayer], workspace: StackWorkspace
    ) {
        try await Self.performing(.lock) { try await lockUnmarked(plan, settings) }
    }

    private func lockUnmarked(_ plan: OperationPlan, _ settings: LockSettings) async throws -> (
        locked: [LockedLayer], workspace: StackWorkspace
    ) {
        let (uv, runtimes) = try tools.requireUV(for: "locking")
        let locker = StackLocker(
            spec: spec, runner: tools.runner, uv: uv, runtimes: runtimes, filter: filter, observer: observers.lock)
        let locked = try await locker.lock(
            LockRequest(
                plan: plan, buildDirectory: settings.buildDirectory, clean: settings.clean, access: settings.access,
                environment: environment),
            states: states)
        // Judged again only when lock files changed.
        let changed = locked.contains(where: { $0.action != .kept || $0.metadataWritten })
        return (locked, changed ? try rejudged() : self)
    }
}
