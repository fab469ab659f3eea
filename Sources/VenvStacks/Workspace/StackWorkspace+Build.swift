import Foundation

extension StackWorkspace {
    /// What `build` is asked to do: lock first or not, build or not, and how to publish.
    public struct BuildSettings: Sendable {
        /// Lock the layers whose lock is missing or no longer valid first.
        public var lockIfNeeded: Bool
        public var build: Bool
        /// Rebuild every selected layer (and recreate its runtime copy).
        public var clean: Bool
        /// How many independent layers build at once.
        public var jobs: Int
        public var access: IndexAccess
        /// Publishing always follows; `publish.dryRun` decides between archives and a report.
        public var publish: PublishSettings

        public init(
            lockIfNeeded: Bool, build: Bool, clean: Bool, jobs: Int, access: IndexAccess = IndexAccess(),
            publish: PublishSettings
        ) {
            self.lockIfNeeded = lockIfNeeded
            self.build = build
            self.clean = clean
            self.jobs = jobs
            self.access = access
            self.publish = publish
        }
    }

    /// What `build` did in each phase (nil for a phase not asked for).
    public struct BuildOutcome: Sendable {
        public var locked: [LockedLayer]?
        public var built: [BuiltLayer]?
        public var publication: Publication
    }

    /// Locks (if asked), builds and publishes (or dry-runs publishing) the layers `plan`
    /// selects, holding the lock of every folder it writes for the whole run. Each finished
    /// phase is told to `observers.phase` before the next starts.
    public func build(_ plan: OperationPlan, _ settings: BuildSettings) async throws -> BuildOutcome {
        let buildDirectory = settings.publish.buildDirectory
        let folders =
            (settings.lockIfNeeded ? [spec.requirementsDirectory] : [])
            + (settings.lockIfNeeded || settings.build ? [buildDirectory] : [])
            + (settings.publish.dryRun ? [] : [settings.publish.outputDirectory])
        return try await holding(folders, waiting: settings.publish.waiting) { held in
            let platform = try await Self.performing(.build) { try Self.hostPlatform(for: "builds") }
            var workspace = held
            var outcome = BuildOutcome(publication: .dryRun(requests: .null, outputDirectory: buildDirectory))
            if settings.lockIfNeeded {
                let lockSettings = LockSettings(
                    buildDirectory: buildDirectory, clean: settings.clean, access: settings.access)
                let locked: [LockedLayer]
                (locked, workspace) = try await workspace.lockHeld(plan, lockSettings)
                outcome.locked = locked
                observers.phase?(.locked(locked))
            }
            if settings.build {
                let states = workspace.states
                let built = try await Self.performing(.build) {
                    let (uv, runtimes) = try tools.requireUV(for: "building")
                    let builder = StackBuilder(
                        spec: spec, runner: tools.runner, uv: uv, runtimes: runtimes, filter: filter,
                        observer: observers.build)
                    return try await builder.build(
                        BuildRequest(
                            plan: plan, buildDirectory: buildDirectory, clean: settings.clean, platform: platform,
                            jobs: settings.jobs),
                        states: states)
                }
                outcome.built = built
                observers.phase?(.built(built))
            }
            outcome.publication = try await workspace.publishHeld(plan, settings.publish)
            return outcome
        }
    }
}
