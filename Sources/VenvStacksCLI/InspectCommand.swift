import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks inspect SPEC`: an interactive session that loads the stack once and answers
/// `status`, `why`, `which`, `size`, `layer`, `packages`, ... (docs/inspecting.md#inspect).
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Ask questions about a stack in an interactive session (status, why, which, size, layer, packages).",
        discussion: """
            Loads the spec and its locks once, then answers one command per line with the options of the command of that name ('help' lists them). \
            On a terminal: line editing, history kept between sessions (in $VENVSTACKS_HISTORY_FILE, else $XDG_STATE_HOME/venvstacks/inspect_history, \
            else ~/.local/state/venvstacks/inspect_history), Tab completion of commands, layers, applications and packages, and an announced reload when \
            the spec or a lock file changes. On a pipe: one command per line, answers on stdout and errors on stderr. With --json every answer is one \
            line of JSON (errors too: {"error": ...}). A spec with errors is reported and the session stays open for 'reload'. Writes nothing but \
            the history file.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument

    @Flag(inversion: .prefixedNo, help: "Give every answer as one line of JSON.")
    var json = false

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        let session = InspectSession(specPath: spec.specPath, jsonLines: json)
        if let problem = await session.load() { report(problem + "\n(fix the spec, then 'reload')", console) }
        if isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        {
            await interactive(session, console: console)
        } else {
            await piped(session, console: console)
        }
    }

    /// One command per line from stdin, until `quit` or the end of the input.
    private func piped(_ session: InspectSession, console: Console) async {
        while let line = readLine() {
            if session.changedOnDisk() { await reload(session, console: console, announce: console.notice) }
            guard await show(session.handle(line), console) else { return }
        }
    }

    private func interactive(_ session: InspectSession, console: Console) async {
        var history = SessionHistory()
        let editor = LineEditor(history: history.entries) { before in
            SessionCompletion.candidates(before: before, words: session.completionWords)
        }
        console.output("venvstacks inspect \(spec.specPath): 'help' lists the commands, Ctrl-D or 'quit' ends.\n")
        while true {
            switch editor.read(prompt: "venvstacks> ", changed: session.changedOnDisk) {
            case .endOfInput: return
            case .changed: await reload(session, console: console) { console.output($0 + "\n") }
            case .line(let line):
                history.add(line)
                editor.history = history.entries
                if session.changedOnDisk() { await reload(session, console: console) { console.output($0 + "\n") } }
                guard await show(session.handle(line), console) else { return }
            }
        }
    }

    /// Loads again after a change on disk, saying so.
    private func reload(_ session: InspectSession, console: Console, announce: (String) -> Void) async {
        if let problem = await session.load() {
            announce("(the spec or a lock file changed: reloading failed)")
            report(problem + "\n(fix the spec, then 'reload')", console)
        } else {
            announce("(the spec or a lock file changed: reloaded)")
        }
    }

    /// Prints a reply; false when the session ends.
    private func show(_ reply: InspectSession.Reply, _ console: Console) -> Bool {
        switch reply {
        case .quit: return false
        case .nothing: break
        case .output(let text): console.output(text)
        case .error(let message): report(message, console)
        }
        return true
    }

    private func report(_ message: String, _ console: Console) {
        if json {
            console.output(JSONValue.object(["error": .string(message)]).renderedLine())
        } else {
            console.error(message)
        }
    }
}

/// What Tab offers for the word before the cursor.
enum SessionCompletion {
    static let options: [String: [String]] = [
        "status": ["--include", "--build-dir", "--output-dir", "--tag-outputs", "--json"],
        "why": ["--layer", "--build-dir", "--json"],
        "which": ["--app", "--build-dir", "--json"],
        "size": ["--include", "--top", "--build-dir", "--json"],
        "layer": ["--json"], "packages": ["--json"],
    ]

    static func candidates(
        before: String, words: CompletionWords
    ) -> [String] {
        let parts = before.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1, let command = parts.first else { return words.commands }
        let current = parts[parts.count - 1]
        let previous = parts[parts.count - 2]
        if current.hasPrefix("-") { return options[command] ?? [] }
        switch previous {
        case "--include", "--layer": return words.layers
        case "--app": return words.applications
        case "--build-dir", "--output-dir", "--top": return []
        default: break
        }
        switch command {
        case "why", "which": return words.packages
        case "layer", "packages": return words.layers
        case "help": return Array(options.keys).sorted()
        default: return options[command] ?? []
        }
    }
}
