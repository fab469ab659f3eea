import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks publish`: deterministic layer archives and their metadata from built layers.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish an archive of each built layer, with JSON metadata.",
        discussion: """
            Each selected layer's build environment is archived under its deployed name (without __pycache__, sitecustomize.py, \
            pyvenv.cfg and top-level dot files, with the python wrapper regenerated and postinstall.py added). Archives are byte-for-byte \
            reproducible: entries sorted, owner root, normalised permissions, every time set to the layer's lock time. Metadata goes to \
            __venvstacks__/env_metadata/<layer>.json and the combined __venvstacks__/venvstacks.json. An archive whose metadata is \
            unchanged is kept (--force rebuilds it). Publishing never locks or builds: run 'venvstacks build' first.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument
    @OptionGroup var include: IncludeOptions
    @OptionGroup var showOptions: ShowOptions
    @OptionGroup var buildDirectoryOption: BuildDirectoryOption

    @Option(help: "Where archives and their metadata are published, relative to the spec file's folder.")
    var outputDir = "_artifacts"

    @Flag(inversion: .prefixedNo, help: "Rebuild the selected archives even when their metadata is unchanged.")
    var force = false

    @Flag(name: .customLong("dry-run"), inversion: .prefixedNo, help: "Report what would be published, write nothing.")
    var dryRun = false

    @Flag(
        name: .customLong("tag-outputs"), inversion: .prefixedNo,
        help: "Name archives and metadata with the platform and build number.")
    var tagOutputs = false

    @OptionGroup var selectionOptions: PublishSelectionOptions
    @OptionGroup var archiveOptions: ArchiveOptions

    @Option(help: ArgumentHelp("Compression threads (default: the number of cores).", valueName: "N"))
    var jobs: Int?

    @OptionGroup var folderLock: FolderLockOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
    }

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let archives = ArchiveProgressDisplay(verbosity: global.verbosity, verb: "Archived")
            defer { archives.finish() }
            let stack = try spec.load(console)
            let workspace = try await Composition.open(stack, console: console, observers: .init(publish: archives))
            let plan = try selectionOptions.plan(stack, include: include, console: console)
            if showOptions.printStatus(workspace, plan: plan, console: console) { return }
            let publication = try await workspace.publish(plan, settings(stack))
            archives.finish()
            console.output(publicationReport(publication, dryRunHint: "run without --dry-run to create the archives"))
        }
    }

    /// The options as the workspace's publish settings.
    func settings(_ stack: StackSpec) -> StackWorkspace.PublishSettings {
        StackWorkspace.PublishSettings(
            buildDirectory: buildDirectoryOption.url(for: stack),
            outputDirectory: resolveDirectory(outputDir, specDirectory: stack.specDirectory), tagged: tagOutputs,
            force: force, dryRun: dryRun,
            archiver: archiveOptions.archiver(threads: jobs ?? ProcessInfo.processInfo.activeProcessorCount),
            waiting: folderLock.waiting, precompiled: archiveOptions.precompiled.resolved(for: stack))
    }
}
