import ArgumentParser
import Foundation
import VenvStacks

/// The commands of an `inspect` session, parsed with the same option types as the one-shot
/// commands (minus the spec, which the session has loaded).
struct SessionLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "",
        subcommands: [
            SessionStatus.self, SessionWhy.self, SessionWhich.self, SessionSize.self, SessionLayer.self,
            SessionPackages.self, SessionReload.self, SessionHelp.self, SessionQuit.self,
        ])

    /// Command names, for completion and "did you mean".
    static let names = ["status", "why", "which", "size", "layer", "packages", "reload", "help", "quit", "exit"]

    /// What `help` prints.
    static let summary = """
        Commands (each takes the options of the command of that name; 'help COMMAND' lists them):
          status [--include PATTERN] [--output-dir DIR] [--json]   lock, build, archive, sizes per layer
          why PACKAGE [--layer PATTERN] [--json]                    how a package gets into each layer
          which NAME --app APP [--json]                             which layer gives an app NAME
          size [--top N] [--include PATTERN] [--json]               what makes the built layers big
          layer NAME [--json]                                       a layer's spec, lock and packages
          packages LAYER [--json]                                   the packages of a layer's lock
          reload                                                    load the spec and locks again
          help [COMMAND]                                            this text, or a command's options
          quit                                                      end the session (also exit, Ctrl-D)
        """
}

/// A session command that asks one of the one-shot commands' questions.
protocol SessionQueryCommand: ParsableCommand {
    var inspectQuery: any InspectQuery { get }
}

struct SessionStatus: SessionQueryCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: StatusCommand.configuration.abstract)
    @OptionGroup var query: StatusQuery
    var inspectQuery: any InspectQuery { query }
}

struct SessionWhy: SessionQueryCommand {
    static let configuration = CommandConfiguration(commandName: "why", abstract: WhyCommand.configuration.abstract)
    @OptionGroup var query: WhyQuery
    var inspectQuery: any InspectQuery { query }
}

struct SessionWhich: SessionQueryCommand {
    static let configuration = CommandConfiguration(commandName: "which", abstract: WhichCommand.configuration.abstract)
    @OptionGroup var query: WhichQuery
    var inspectQuery: any InspectQuery { query }
}

struct SessionSize: SessionQueryCommand {
    static let configuration = CommandConfiguration(commandName: "size", abstract: SizeCommand.configuration.abstract)
    @OptionGroup var query: SizeQuery
    var inspectQuery: any InspectQuery { query }
}

struct SessionLayer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layer", abstract: "Show a layer's spec, its lock and its packages.")
    @Argument(help: "The layer (build name, or name).") var name: String
    @Flag(inversion: .prefixedNo, help: "Print the answer as JSON.") var json = false
}

struct SessionPackages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packages", abstract: "List the packages of a layer's lock, installed or from below.")
    @Argument(help: "The layer (build name, or name).") var layer: String
    @Flag(inversion: .prefixedNo, help: "Print the answer as JSON.") var json = false
}

struct SessionReload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reload", abstract: "Load the spec and locks again.")
}

struct SessionHelp: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "help", abstract: "List the commands.")
    @Argument var command: String?
}

struct SessionQuit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quit", abstract: "End the session.", aliases: ["exit"])
}

/// Splits a session line into words: blanks separate them, single and double quotes group
/// (a backslash escapes the next character outside single quotes).
enum SessionWords {
    struct Unterminated: Error, CustomStringConvertible {
        var description: String { "a quote is not closed" }
    }

    static func split(_ line: String) throws(Unterminated) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'", "\"":
                quote = character
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            default:
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { throw Unterminated() }
        if inWord { words.append(current) }
        return words
    }
}

/// The text forms of ``LayerDetails``.
enum LayerText {
    static func render(_ layer: LayerDetails) -> String {
        var lines = [
            layer.deployedName == layer.name ? layer.name : "\(layer.name) -> \(layer.deployedName)",
            "  kind: \(layer.kind.rawValue)",
            layer.kind == .runtime ? "  python: \(layer.runtime)" : "  runtime: \(layer.runtime)",
        ]
        if layer.kind != .runtime { lines.append("  frameworks: \(list(layer.frameworks))") }
        if let launch = layer.launchModule { lines.append("  launch module: \(launch)") }
        lines.append("  requirements: \(list(layer.requirements))")
        lines.append("  platforms: \(list(layer.platforms))")
        switch layer.lock {
        case .valid: lines.append("  lock: valid" + lockDetail(layer))
        case .invalid(let reason): lines.append("  lock: invalid (\(reason))" + lockDetail(layer))
        }
        if let packages = layer.packages {
            let installed = packages.filter(\.installed).count
            lines.append("  packages: \(installed) installed here, \(packages.count - installed) from lower layers")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func packages(_ layer: LayerDetails) -> String {
        guard let packages = layer.packages else { return "\(layer.name): its lock file cannot be read\n" }
        if packages.isEmpty { return "\(layer.name): no packages\n" }
        return packages.map { package in
            "\(package.name) \(package.version)" + (package.installed ? "" : "  (from a lower layer)")
                + (package.marker.map { "  ; \($0)" } ?? "")
        }.joined(separator: "\n") + "\n"
    }

    private static func list(_ items: [String]) -> String { items.isEmpty ? "(none)" : items.joined(separator: ", ") }

    private static func lockDetail(_ layer: LayerDetails) -> String {
        guard let lockedAt = layer.lockedAt else { return "" }
        return ", locked at \(lockedAt)" + (layer.lockVersion.map { ", lock version \($0)" } ?? "")
    }
}
