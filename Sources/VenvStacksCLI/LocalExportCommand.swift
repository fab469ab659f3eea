import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks local-export`: deployed copies of the built layers, ready to run.
struct LocalExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local-export",
        abstract: "Export each built layer as a ready-to-run folder (no archive).",
        discussion: """
            Each selected layer is copied to <output>/<deployed name> with the same content rules as its archive (files are hard-linked \
            to the build environment where possible), then its postinstall.py is run with the deployed runtime's Python, which writes \
            pyvenv.cfg and sitecustomize.py for the deployed location and byte-compiles lib/. A layer whose metadata is unchanged and \
            whose export exists is kept (--force exports it again). Exporting never locks or builds.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument
    @OptionGroup var include: IncludeOptions
    @OptionGroup var showOptions: ShowOptions
    @OptionGroup var buildDirectoryOption: BuildDirectoryOption

    @Option(help: "Where the layers are exported, relative to the spec file's folder.")
    var outputDir = "_export"

    @Flag(inversion: .prefixedNo, help: "Export the selected layers again even when their metadata is unchanged.")
    var force = false

    @Flag(name: .customLong("dry-run"), inversion: .prefixedNo, help: "Report what would be exported, write nothing.")
    var dryRun = false

    @OptionGroup var selectionOptions: PublishSelectionOptions
    @OptionGroup var folderLock: FolderLockOptions

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
            let request = ExportRequest(
                plan: plan, buildDirectory: buildDirectoryOption.url(for: stack),
                outputDirectory: outputDirectory, force: force)
            if dryRun {
                let metadata = try LocalExporter(spec: stack, runner: ProcessToolRunner()).dryRun(
                    request, states: states)
                console.output(
                    "Environment export skipped, reporting local export request details:\n" + metadata.rendered()
                        + "Environments will be exported to \(request.outputDirectory.path)\n"
                        + "Environment export skipped (run without --dry-run to export)\n")
                return
            }
            let progress = ArchiveProgressDisplay(verbosity: global.verbosity, verb: "Exported")
            let result = try LocalExporter(spec: stack, runner: ProcessToolRunner(), observer: progress).export(
                request, states: states)
            progress.finish()
            console.output(
                outputReport(
                    result, manifestLabel: "Full export manifest saved to:", snippetsLabel: "Individual manifests:",
                    outputsLabel: "Exported environments:"))
        }
    }
}
