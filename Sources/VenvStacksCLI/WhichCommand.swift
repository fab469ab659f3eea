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
    @OptionGroup var query: WhichQuery
    @OptionGroup var spec: SpecArgument

    func run() async throws { try await answering(global, spec, query) }
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
