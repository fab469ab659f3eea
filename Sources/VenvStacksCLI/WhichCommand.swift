import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks which NAME --app APP SPEC`: the layer that gives an application something.
struct WhichCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "which",
        abstract: "Show which layer gives an application a distribution, a module or a shared library.",
        discussion: """
            NAME is looked up as a distribution (pip name), an importable module (dotted names allowed) and a shared library file name (libgomp matches \
            libgomp-a34b3233.so.1.0.0) in every layer the application sees: its own, its frameworks in linearised order, then its runtime, with the \
            standard library first for modules, as on sys.path. The match the application gets is marked '*'; the others are shadowed. For an \
            application that is not built, the answer comes from the locks (distributions only). Reads only.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A distribution, module or shared library name.")
    var name: String

    @Option(help: "The application (build name such as app-x, or its name).")
    var app: String

    @OptionGroup var spec: SpecArgument

    @Option(help: "Build directory, relative to the spec file's folder.")
    var buildDir = "_build"

    @Flag(inversion: .prefixedNo, help: "Print the answer as JSON (schema in docs/inspecting.md).")
    var json = false

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let workspace = try await Composition.open(try spec.load(console), console: console)
            let answer = try workspace.providers(
                of: name, application: app,
                buildDirectory: resolveDirectory(buildDir, specDirectory: workspace.spec.specDirectory))
            console.output(json ? answer.json.rendered() : WhichText.render(answer))
        }
    }
}

/// The text form of ``Providers``.
enum WhichText {
    static func render(_ answer: Providers) -> String {
        var lines = [
            "\(answer.name) for \(answer.application) (search order: \(answer.searchOrder.joined(separator: ", ")); "
                + "from the \(answer.source.rawValue))"
        ]
        for kind in [Providers.Kind.distribution, .module, .library] {
            let matches = answer.matches.filter { $0.kind == kind }
            guard !matches.isEmpty else { continue }
            lines.append("\(kind.rawValue):")
            for match in matches {
                var text = (match.wins ? "* " : "  ") + match.layer
                if let distribution = match.distribution { text += ": \(distribution)" }
                if let version = match.version { text += " \(version)" }
                if let path = match.path { text += "  \(path)" }
                if let note = match.note { text += "  (\(note))" }
                lines.append("  " + text)
            }
        }
        if answer.hasShadowing {
            lines.append("* marks what the application gets; the other layers' copies are shadowed.")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
