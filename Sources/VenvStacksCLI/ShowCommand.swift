import ArgumentParser
import VenvStacks

/// `venvstacks show`: print the layers of a stack and whether their locks are valid.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the layers of a stack and the state of their locks.",
        discussion: """
            Prints a tree of runtimes, frameworks and applications in definition order. A '*' marks a layer without a valid lock; 'name -> name@N' shows the deployed name of a \
            versioned layer ('@???' until it is locked). With -v, the reasons a lock is not valid are printed to stderr. Nothing is locked, built or written.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument
    @OptionGroup var include: IncludeOptions

    @Option(
        help: "Build directory, relative to the spec file's folder (accepted for compatibility; show does not use it).")
    var buildDir = "_build"

    @Flag(inversion: .prefixedNo, help: "Print the status as JSON instead of a tree.")
    var json = false

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let workspace = try await Composition.open(try spec.load(console), console: console)
            var shown: Set<String>?
            if !include.patterns.isEmpty {
                let included = try include.select(in: workspace.spec, console: console)
                shown = LayerSelection.shown(including: included, in: workspace.spec)
            }
            for (layer, reasons) in workspace.invalidLocks(shown: shown) {
                console.detail("\(layer): lock not valid: \(reasons.joined(separator: "; "))")
            }
            let status = workspace.status(shown: shown)
            console.output(json ? status.json.rendered() : status.renderTree())
        }
    }
}
