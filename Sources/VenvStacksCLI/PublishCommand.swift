import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks publish`: deterministic layer archives and their metadata from built layers.
struct PublishCommand: ParsableCommand {
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

    func run() throws {
        let console = Console(verbosity: global.verbosity)
        try reportingErrors(console) {
            let stack = try spec.load(console)
            let plan = try selectionOptions.plan(stack, include: include, console: console)
            let outputDirectory = resolveDirectory(outputDir, specDirectory: stack.specDirectory)
            let held =
                dryRun || showOptions.stopsAfterStatus ? [] : try folderLock.lock([outputDirectory], console: console)
            defer { withExtendedLifetime(held) {} }
            let filter = SourceTreeFilter(specDirectory: stack.specDirectory)
            let states = try LockStateEvaluator(spec: stack, filter: filter).evaluate()
            if showOptions.wantsStatus {
                showOptions.printStatus(stack, plan: plan, locks: states, console: console)
                if showOptions.stopsAfterStatus { return }
            }
            try Self.publish(
                stack, plan: plan, states: states,
                settings: .init(
                    buildDirectory: buildDirectoryOption.url(for: stack),
                    outputDirectory: outputDirectory, tagged: tagOutputs, force: force, dryRun: dryRun,
                    archiver: archiveOptions.archiver(threads: jobs ?? ProcessInfo.processInfo.activeProcessorCount)),
                console: console, verbosity: global.verbosity)
        }
    }

    struct Settings {
        var buildDirectory: URL
        var outputDirectory: URL
        var tagged: Bool
        var force: Bool
        var dryRun: Bool
        var archiver: LibArchiveArchiver
        /// The last line of the dry-run report.
        var dryRunHint = "run without --dry-run to create the archives"
    }

    /// Publishes (or dry-runs) and prints the reference's report. Shared with `build --publish`.
    static func publish(
        _ stack: StackSpec, plan: OperationPlan, states: StackLockState, settings: Settings, console: Console,
        verbosity: Int
    ) throws {
        guard let platform = TargetPlatform.host else {
            throw CLIProblem("this machine's platform is not one venvstacks publishes for")
        }
        let options = PublishPlanner.Options(
            buildDirectory: settings.buildDirectory, outputDirectory: settings.outputDirectory, platform: platform,
            tagged: settings.tagged, archiveExtension: settings.archiver.fileExtension,
            archiveSettings: settings.archiver.settings)
        if settings.dryRun {
            let requests = try PublishPlanner(spec: stack).dryRun(plan: plan, options: options, states: states)
            console.output(
                publishDryRunReport(requests, outputDirectory: options.outputDirectory, hint: settings.dryRunHint)
            )
            return
        }
        let progress = ArchiveProgressDisplay(verbosity: verbosity, verb: "Archived")
        let result = try StackPublisher(spec: stack, archiver: settings.archiver, observer: progress).publish(
            PublishRequest(
                plan: plan, options: options, force: settings.force, toolVersion: VenvStacksVersion.current),
            states: states)
        progress.finish()
        console.output(
            outputReport(
                result, manifestLabel: "Full stack manifest saved to:", snippetsLabel: "Individual layer manifests:",
                outputsLabel: "Generated artifacts:"))
    }
}
