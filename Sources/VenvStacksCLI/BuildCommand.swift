import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks build`: create (or update) the layer environments, locking first if asked.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the environment of each layer (and optionally lock first).",
        discussion: """
            Runtimes are copied from the runtime cache, framework and application layers are virtual environments of their runtime linked to \
            the layers below, and every layer is installed from its lock with 'uv pip install', made portable and checked (its Python runs, \
            sys.path lists the layers in order and each top-level requirement imports). A layer whose spec, lock and modules are unchanged \
            since its last build is reused as it is; a changed layer is rebuilt from scratch; --clean rebuilds every selected layer. \
            Layers must be locked first: pass --lock-if-needed to lock the ones that need it. With --publish the layer archives are \
            published afterwards (as 'venvstacks publish' does; --clean then rebuilds them too); otherwise publishing is reported as a dry run.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument
    @OptionGroup var include: IncludeOptions
    @OptionGroup var index: IndexOptions
    @OptionGroup var showOptions: ShowOptions
    @OptionGroup var tools: ToolOptions

    @OptionGroup var buildDirectoryOption: BuildDirectoryOption

    @Option(help: "Where archives and their metadata are published, relative to the spec file's folder.")
    var outputDir = "_artifacts"

    @Flag(inversion: .prefixedNo, help: "Rebuild every selected layer from scratch (and recreate its runtime copy).")
    var clean = false

    @Flag(name: .customLong("lock-if-needed"), help: "Lock the layers whose lock is missing or no longer valid first.")
    var lockIfNeeded = false

    @Flag(
        name: .customLong("lock"), inversion: .prefixedNo,
        help: ArgumentHelp("Deprecated spelling of --lock-if-needed.", visibility: .hidden))
    var lockAlias = false

    @Flag(inversion: .prefixedNo, help: "Build the selected layers (--no-build: only lock and/or report publishing).")
    var build = true

    @Flag(
        inversion: .prefixedNo,
        help: "Publish the layer archives afterwards (otherwise publishing is reported as a dry run).")
    var publish = false

    @OptionGroup var archiveOptions: ArchiveOptions

    @Flag(
        name: .customLong("tag-outputs"), inversion: .prefixedNo,
        help: "Name archives and metadata with the platform and build number.")
    var tagOutputs = false

    @OptionGroup var lockSelection: LockSelectionOptions
    @OptionGroup var folderLock: FolderLockOptions

    @Flag(
        name: .customLong("build-dependencies"), inversion: .prefixedNo,
        help: "With --include: always rebuild the layers the included layers depend on (otherwise only if needed).")
    var buildDependencies = false

    @OptionGroup var publishSelection: PublishSelectionOptions

    @Flag(
        name: .customLong("include-dependencies"), inversion: .prefixedNo,
        help: "With --include: sets all three --lock/--build/--publish-dependencies flags at once.")
    var includeDependencies: Bool?

    @Flag(
        name: .customLong("build-derived"), inversion: .prefixedNo,
        help: "With --include: also build the layers that build on the included layers.")
    var buildDerived = false

    @Option(
        help: ArgumentHelp(
            "How many independent layers may build at once, and compression threads with --publish (default: the number of cores).",
            valueName: "N"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
    }

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let progress = ProgressDisplay(verbosity: global.verbosity)
            let archives = ArchiveProgressDisplay(verbosity: global.verbosity, verb: "Archived")
            defer { progress.finish(); archives.finish() }
            let stack = try spec.load(console)
            let observers = WorkspaceObservers(
                lock: progress, build: progress, publish: archives,
                phase: { Self.report($0, stack: stack, progress: progress, console: console) })
            var workspace = try await Composition.open(stack, console: console, observers: observers)
            let plan = try selection(stack, console: console)
            if showOptions.printStatus(workspace, plan: plan, console: console) { return }
            if lockIfNeeded || lockAlias || build { workspace = workspace.using(try tools.toolbox(console)) }
            let outcome = try await workspace.build(plan, try settings(stack))
            archives.finish()
            console.output(
                publicationReport(outcome.publication, dryRunHint: "specify --publish to request archive build"))
        }
    }

    /// The options as the workspace's build settings.
    func settings(_ stack: StackSpec) throws -> StackWorkspace.BuildSettings {
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        return StackWorkspace.BuildSettings(
            lockIfNeeded: lockIfNeeded || lockAlias, build: build, clean: clean, jobs: jobs,
            access: try index.access(specDirectory: stack.specDirectory),
            publish: .init(
                buildDirectory: buildDirectoryOption.url(for: stack),
                outputDirectory: resolveDirectory(outputDir, specDirectory: stack.specDirectory), tagged: tagOutputs,
                force: clean, dryRun: !publish, archiver: archiveOptions.archiver(threads: jobs),
                waiting: folderLock.waiting, precompiled: archiveOptions.precompiled.resolved(for: stack)))
    }

    /// Prints each finished phase as it ends: the locks (when any changed), then the builds.
    static func report(_ phase: WorkspacePhase, stack: StackSpec, progress: ProgressDisplay, console: Console) {
        progress.finish()
        switch phase {
        case .locked(let locked):
            if locked.contains(where: { $0.action != .kept }) {
                console.output(LockCommand.report(locked, requirementsDirectory: stack.requirementsDirectory))
            }
        case .built(let built):
            console.output(report(built))
        }
    }

    /// The operations of each layer (docs/behaviour.md#build-command): without patterns every layer is built;
    /// publication is always selected (the --publish flag decides between a real and a dry run).
    func selection(_ stack: StackSpec, console: Console) throws -> OperationPlan {
        var flags = OperationPlan.Flags(
            lock: lockIfNeeded || lockAlias ? .ifNeeded : .never, build: build ? .always : .never, publish: true)
        flags.lockDependencies = includeDependencies ?? lockSelection.lockDependencies
        flags.buildDependencies = includeDependencies ?? buildDependencies
        flags.publishDependencies = includeDependencies ?? publishSelection.publishDependencies
        flags.buildDerived = buildDerived
        flags.publishDerived = publishSelection.publishDerived
        return try include.plan(stack, flags: flags, resetPatterns: lockSelection.resetLock, console: console)
    }

    /// One line per layer worked on.
    static func report(_ built: [BuiltLayer]) -> String {
        guard !built.isEmpty else { return "No environments found to build\n" }
        var lines = ["Built environments:"]
        for layer in built {
            lines.append("  \(layer.buildName): \(ProgressDisplay.describe(layer))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
