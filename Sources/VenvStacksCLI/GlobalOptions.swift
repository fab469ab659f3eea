import ArgumentParser
import Foundation
import VenvStacks

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Show more detail (repeat for debug output).")
    var verbose: Int

    @Flag(name: .shortAndLong, help: "Show only errors (overrides --verbose).")
    var quiet = false

    /// -1 quiet, 0 normal, 1 detail, 2 debug.
    var verbosity: Int { quiet ? -1 : min(verbose, 2) }
}

/// Where the CLI writes: results to stdout, diagnostics to stderr.
struct Console {
    let verbosity: Int

    /// Whether progress is redrawn in place: stderr is a terminal (not a "dumb" one) and
    /// the command is not quiet.
    static func showsProgress(verbosity: Int) -> Bool {
        verbosity >= 0 && isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    func output(_ text: String) {
        Self.write(text, to: .standardOutput)
    }

    /// Writes to a standard stream; when its reader has gone (`venvstacks … | head`), the
    /// text is dropped and the run goes on (see ``BrokenPipes``); any other failure to write
    /// standard output fails the run at its end (``StandardStreams``).
    static func write(_ text: String, to handle: FileHandle) {
        StandardStreams.write(text, to: handle.fileDescriptor)
    }

    /// A message about the run itself (such as waiting for another run); hidden by `-q`.
    func notice(_ message: String) {
        guard verbosity >= 0 else { return }
        Console.write("\(message)\n", to: .standardError)
    }

    func warning(_ message: String) {
        guard verbosity >= 0 else { return }
        Console.write("WARNING: \(message)\n", to: .standardError)
    }

    func error(_ message: String) {
        Console.write("ERROR: \(message)\n", to: .standardError)
    }

    func detail(_ message: String) {
        guard verbosity >= 1 else { return }
        Console.write("\(message)\n", to: .standardError)
    }
}

/// Runs `body`, turning engine errors into one readable message and exit status 1.
func reportingErrors(_ console: Console, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CustomStringConvertible & Error {
        console.error(error.description)
        throw ExitCode.failure
    } catch {
        console.error(FileSystemError.reason(error))
        throw ExitCode.failure
    }
}
