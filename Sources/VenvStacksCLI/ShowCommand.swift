import ArgumentParser
import VenvStacks

/// `venvstacks show`: print the layers of a stack and whether their locks are valid.
struct ShowCommand: ParsableCommand {
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

    func run() throws {
        let console = Console(verbosity: global.verbosity)
        try reportingErrors(console) {
            let stack = try spec.load(console)
            var shown: Set<String>?
            if !include.patterns.isEmpty {
                shown = LayerSelection.shown(including: try include.select(in: stack, console: console), in: stack)
            }
            let filter = SourceTreeFilter(specDirectory: stack.specDirectory)
            let locks = try LockStateEvaluator(spec: stack, filter: filter).evaluate()
            let status = StackStatus(spec: stack, locks: locks, shown: shown)
            for layer in stack.enabledLayers where shown?.contains(layer.buildName) ?? true {
                guard let reasons = locks[layer.buildName]?.invalidityReasons, !reasons.isEmpty else { continue }
                console.detail("\(layer.buildName): lock not valid: \(reasons.joined(separator: "; "))")
            }
            console.output(json ? status.json.rendered() : status.renderTree())
        }
    }
}
