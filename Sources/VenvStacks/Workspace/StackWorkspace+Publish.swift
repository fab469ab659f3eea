import Foundation

extension StackWorkspace {
    /// What `publish` (and the publishing step of `build`) is asked to do.
    public struct PublishSettings: Sendable {
        public var buildDirectory: URL
        public var outputDirectory: URL
        /// Name archives and metadata with the platform and build number.
        public var tagged: Bool
        /// Rebuild archives even when their metadata is unchanged.
        public var force: Bool
        /// Report the requests, write nothing.
        public var dryRun: Bool
        public var archiver: LibArchiveArchiver
        public var waiting: FolderLock.Waiting
        /// Put each layer's byte code in its archive (docs/precompiled.md).
        public var precompiled: Bool

        public init(
            buildDirectory: URL, outputDirectory: URL, tagged: Bool = false, force: Bool = false,
            dryRun: Bool = false, archiver: LibArchiveArchiver, waiting: FolderLock.Waiting = .wait,
            precompiled: Bool = false
        ) {
            self.precompiled = precompiled
            self.buildDirectory = buildDirectory
            self.outputDirectory = outputDirectory
            self.tagged = tagged
            self.force = force
            self.dryRun = dryRun
            self.archiver = archiver
            self.waiting = waiting
        }
    }

    /// What publishing gave: the requests of a dry run, or the archives written.
    public enum Publication: Sendable {
        case dryRun(requests: JSONValue, outputDirectory: URL)
        case published(PublishResult)
    }

    /// Publishes the layers `plan` selects for publication (or reports what would be
    /// published). A real run holds the output folder's lock.
    public func publish(_ plan: OperationPlan, _ settings: PublishSettings) async throws -> Publication {
        if settings.dryRun { return try await publishHeld(plan, settings) }
        return try await holding([settings.outputDirectory], waiting: settings.waiting) {
            try await $0.publishHeld(plan, settings)
        }
    }

    /// ``publish(_:_:)`` for a caller that holds the folder locks.
    func publishHeld(_ plan: OperationPlan, _ settings: PublishSettings) async throws -> Publication {
        try await Self.performing(.publish) { try await publishUnmarked(plan, settings) }
    }

    private func publishUnmarked(_ plan: OperationPlan, _ settings: PublishSettings) async throws -> Publication {
        var options = PublishPlanner.Options(
            buildDirectory: settings.buildDirectory, outputDirectory: settings.outputDirectory,
            platform: try Self.hostPlatform(for: "publishes"), tagged: settings.tagged,
            archiveExtension: settings.archiver.fileExtension,
            archiveSettings: StackPublisher.settings(of: settings.archiver, precompiled: settings.precompiled))
        options.precompiled = settings.precompiled
        if settings.dryRun {
            let requests = try PublishPlanner(spec: spec).dryRun(plan: plan, options: options, states: states)
            return .dryRun(requests: requests, outputDirectory: options.outputDirectory)
        }
        let publisher = StackPublisher(
            spec: spec, archiver: settings.archiver, observer: observers.publish,
            compiler: BytecodeCompiler(runner: tools.runner, jobs: settings.archiver.threads))
        return .published(
            try await publisher.publish(
                PublishRequest(
                    plan: plan, options: options, force: settings.force, toolVersion: VenvStacksVersion.current),
                states: states))
    }

    /// What `local-export` gave: the export requests of a dry run, or the folders written.
    public enum Export: Sendable {
        case dryRun(requests: JSONValue, outputDirectory: URL)
        case exported(PublishResult)
    }

    /// Exports the built layers `request.plan` selects as plain folders (or reports what
    /// would be exported). A real run holds the output folder's lock.
    public func export(_ request: ExportRequest, dryRun: Bool, waiting: FolderLock.Waiting = .wait) async throws
        -> Export
    {
        let exporter = LocalExporter(spec: spec, runner: tools.runner, observer: observers.publish)
        return try await Self.performing(.export) {
            if dryRun {
                return .dryRun(
                    requests: try exporter.dryRun(request, states: states), outputDirectory: request.outputDirectory)
            }
            return try await holding([request.outputDirectory], waiting: waiting) {
                .exported(try await exporter.export(request, states: $0.states))
            }
        }
    }
}
