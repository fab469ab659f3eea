import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks status`: where each layer stands (lock, build, published archive, sizes, packages).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether each layer is locked, built and published, and how big it is.",
        discussion: """
            One row per layer: its lock (valid or not), its build environment (current, stale and why, or not built), its archive in the output folder \
            (current, stale or absent), its size on disk (what the layer adds, and with every layer below it), its archive's size, and the packages its \
            lock installs and takes from lower layers. Reasons follow the table. Reads only: nothing is locked, built, run or written.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument
    @Option(
        name: .customLong("include"),
        help: ArgumentHelp(
            "Only report layers whose build name matches PATTERN (fnmatch: *, ?, [..]); repeatable.",
            valueName: "PATTERN"))
    var include: [String] = []

    @Option(help: "Build directory, relative to the spec file's folder.")
    var buildDir = "_build"

    @Option(help: "The folder `publish` writes archives to, relative to the spec file's folder.")
    var outputDir = "_artifacts"

    @Flag(help: "Judge the platform-tagged metadata that `publish --tag-outputs` writes.")
    var tagOutputs = false

    @Flag(inversion: .prefixedNo, help: "Print the status as JSON (schema in docs/inspecting.md).")
    var json = false

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let workspace = try await Composition.open(try spec.load(console), console: console)
            let selected = include.isEmpty ? nil : try workspace.spec.layers(matching: include)
            let report = workspace.report(
                StatusRequest(
                    layers: selected,
                    buildDirectory: resolveDirectory(buildDir, specDirectory: workspace.spec.specDirectory),
                    outputDirectory: resolveDirectory(outputDir, specDirectory: workspace.spec.specDirectory),
                    tagged: tagOutputs, platform: try StackWorkspace.hostPlatform(for: "publishes")))
            console.output(json ? report.json.rendered() : StatusText.render(report))
        }
    }
}
