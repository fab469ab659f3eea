import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks diff OLD NEW`: what changed between two versions of a stack's outputs, locks or
/// archives (docs/diffing.md).
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two output folders, requirements folders, metadata files or layer archives, layer by layer.",
        discussion: """
            OLD and NEW are the same kind of thing. Output folders (what `publish` wrote, or an expected-output folder): each layer's metadata \
            field by field, and where both sides hold the layer's archive and its SHA-256 differs, the two archives member by member (streamed, never \
            unpacked): members added, removed or changed and which attributes differ, grouped by the package that owns them, with packages added, \
            removed, changed in version or moved between a layer and a lower one, and unified diffs of small text members. Requirements folders: each \
            layer's lock. Metadata files: layer snippets or combined manifests. Layer archives (.tar.xz, .tar.zst, .tar.gz, .tar): member by member. \
            Well-known patterns get a likely cause.

            Exit status as diff(1): 0 same, 1 different, 2 trouble (a missing, unreadable or malformed side, two different kinds). With --fail-on, \
            1 only when a listed kind of difference is found (a damaged archive always counts), 0 for other differences.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The old side.") var old: String
    @Argument(help: "The new side.") var new: String

    @Flag(inversion: .prefixedNo, help: "Print the differences as JSON (schema in docs/diffing.md).")
    var json = false

    @Flag(help: "One line per changed layer.")
    var summary = false

    @Flag(
        help:
            "Print Markdown for a pull-request comment: a summary table, then each layer's details in a collapsible section."
    )
    var markdown = false

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 1 only for these kinds of difference (repeat or separate with commas): "
                + DiffGate.names.joined(separator: ", ") + ".",
            valueName: "kind"))
    var failOn: [String] = []

    func validate() throws {
        guard [json, summary, markdown].filter({ $0 }).count <= 1 else {
            throw ValidationError("--json, --summary and --markdown choose one output form: give at most one")
        }
    }

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        let display = DiffProgressDisplay(verbosity: global.verbosity)
        let diff: StackDiff
        let gates: [DiffGate]
        do {
            gates = try failOn.flatMap { $0.split(separator: ",") }.map { text throws(StackError) in
                try DiffGate(parsing: String(text))
            }
            diff = try await StackComparer.compare(
                old: URL(fileURLWithPath: old).standardizedFileURL, new: URL(fileURLWithPath: new).standardizedFileURL,
                progress: display.handle)
            display.finish()
        } catch {
            display.finish()
            console.error(error.description)
            throw ExitCode(2)
        }
        let trips = diff.trips(gates)
        let gated = gates.isEmpty ? nil : (gates: gates, trips: trips)
        console.output(
            json
                ? DiffText.json(diff, gated).rendered()
                : summary
                    ? DiffText.summary(diff, gated)
                    : markdown ? DiffMarkdown.render(diff, gated) : DiffText.render(diff, gated))
        if gates.isEmpty ? !diff.isEmpty : !trips.isEmpty { throw ExitCode(1) }
    }
}
