import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks local-export`: deployed copies of the built layers, ready to run.
struct LocalExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local-export",
        abstract: "Export each built layer as a ready-to-run folder (no archive).",
        discussion: """
            Each selected layer is copied to <output>/<deployed name> with the same content rules as its archive (files are hard-linked \
            to the build environment where possible), then its postinstall.py is run with the deployed runtime's Python, which writes \
            pyvenv.cfg and sitecustomize.py for the deployed location and byte-compiles lib/. With --precompiled the layer's byte code \
            is compiled once and exported with it, and postinstall.py compiles only sitecustomize.py. A layer whose metadata and \
            precompiled setting are unchanged and whose export exists is kept (--force exports it again). Exporting never locks or \
            builds.
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
    @OptionGroup var precompiled: PrecompiledOption
    @OptionGroup var folderLock: FolderLockOptions

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let progress = ArchiveProgressDisplay(verbosity: global.verbosity, verb: "Exported")
            defer { progress.finish() }
            let stack = try spec.load(console)
            let workspace = try await Composition.open(stack, console: console, observers: .init(publish: progress))
            let plan = try selectionOptions.plan(stack, include: include, console: console)
            if showOptions.printStatus(workspace, plan: plan, console: console) { return }
            let request = ExportRequest(
                plan: plan, buildDirectory: buildDirectoryOption.url(for: stack),
                outputDirectory: resolveDirectory(outputDir, specDirectory: stack.specDirectory), force: force,
                precompiled: precompiled.resolved(for: stack))
            let export = try await workspace.export(request, dryRun: dryRun, waiting: folderLock.waiting)
            progress.finish()
            console.output(Self.report(export))
        }
    }

    /// The export report: the requests of a dry run, or the manifest and the folders written.
    static func report(_ export: StackWorkspace.Export) -> String {
        switch export {
        case .dryRun(let requests, let outputDirectory):
            "Environment export skipped, reporting local export request details:\n" + requests.rendered()
                + "Environments will be exported to \(outputDirectory.path)\n"
                + "Environment export skipped (run without --dry-run to export)\n"
        case .exported(let result):
            outputReport(
                result, manifestLabel: "Full export manifest saved to:", snippetsLabel: "Individual manifests:",
                outputsLabel: "Exported environments:")
        }
    }
}
