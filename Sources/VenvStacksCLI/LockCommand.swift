import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks lock`: resolve every layer with uv and write its lock files.
struct LockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Lock the requirements of each layer with uv.",
        discussion: """
            Each selected layer is resolved against the layers below it (uv lock, then uv export as pylock.toml) and its lock files are written to \
            requirements/<layer>/ next to the spec: requirements-*.in, pylock.*.toml, pylock.*.meta.json and packages-*.txt. Files are only rewritten \
            when their content changes. Runtimes are installed with 'uv python install' first (see docs/offline-runtimes.md for machines without GitHub \
            access). By default every selected layer is resolved again; --if-needed keeps valid locks.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument
    @OptionGroup var include: IncludeOptions
    @OptionGroup var index: IndexOptions
    @OptionGroup var showOptions: ShowOptions
    @OptionGroup var tools: ToolOptions

    @OptionGroup var buildDirectoryOption: BuildDirectoryOption

    @Flag(
        inversion: .prefixedNo,
        help: "Recreate the selected runtime environments (copied again from the runtime cache).")
    var clean = false

    @Flag(name: .customLong("if-needed"), help: "Only lock layers whose lock is missing or no longer valid.")
    var ifNeeded = false

    @OptionGroup var lockSelection: LockSelectionOptions
    @OptionGroup var folderLock: FolderLockOptions

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let progress = ProgressDisplay(verbosity: global.verbosity)
            defer { progress.finish() }
            let stack = try spec.load(console)
            let workspace = try await Composition.open(stack, console: console, observers: .init(lock: progress))
            var flags = OperationPlan.Flags(lock: ifNeeded ? .ifNeeded : .always, build: .never, publish: false)
            flags.lockDependencies = lockSelection.lockDependencies
            let plan = try include.plan(stack, flags: flags, resetPatterns: lockSelection.resetLock, console: console)
            if showOptions.printStatus(workspace, plan: plan, console: console) { return }
            let settings = StackWorkspace.LockSettings(
                buildDirectory: buildDirectoryOption.url(for: stack), clean: clean,
                access: try index.access(specDirectory: stack.specDirectory), waiting: folderLock.waiting)
            let (locked, _) = try await workspace.using(try tools.toolbox(console)).lock(plan, settings)
            progress.finish()
            console.output(Self.report(locked, requirementsDirectory: stack.requirementsDirectory))
        }
    }

    /// The summary printed after locking (docs/behaviour.md#lock-summary).
    static func report(_ locked: [LockedLayer], requirementsDirectory: URL) -> String {
        guard !locked.isEmpty else { return "No environments found to lock\n" }
        let base = requirementsDirectory.standardizedFileURL.path
        var lines = ["Locked environments:"]
        for layer in locked {
            var path = layer.pylock.standardizedFileURL.path
            if path.hasPrefix(base + "/") { path.removeFirst(base.count + 1) }
            lines.append("  \(path) (locked at: \(layer.lockedAt))")
        }
        lines.append("All paths reported relative to \(base)")
        return lines.joined(separator: "\n") + "\n"
    }
}
