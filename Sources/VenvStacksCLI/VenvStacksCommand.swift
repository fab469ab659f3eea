import Foundation
import ArgumentParser
import VenvStacks

/// `venvstacks`: lock, build, publish and deploy layered Python environment stacks.
public struct VenvStacksCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "venvstacks",
        abstract: "Lock, build, publish and deploy layered Python environment stacks.",
        discussion: """
            A stack spec (venvstacks.toml) defines runtime, framework and application layers. Global options (-v, -q) may be given before or after the subcommand.

            Exit status: 0 on success; 1 when the spec, its locks or the environment have a problem (the message names the file, layer and field, and says how to fix it); 64 for command-line usage errors; `deploy --run` exits with the application's own status.
            """,
        version: "venvstacks \(VenvStacksVersion.current)",
        subcommands: [
            ShowCommand.self, StatusCommand.self, WhyCommand.self, WhichCommand.self, SizeCommand.self,
            InspectCommand.self, DiffCommand.self,
            BuildCommand.self, LockCommand.self,
            PublishCommand.self,
            LocalExportCommand.self, DeployCommand.self, PushCommand.self,
        ]
    )

    public init() {}

    /// Entry point: accepts the global flags before the subcommand too, then runs.
    public static func run(arguments: [String]) async {
        await main(DeployCommand.passingApplicationArguments(movingGlobalFlags(arguments)))
        if let problem = StandardStreams.outputProblem {
            Console.write("ERROR: \(problem)\n", to: .standardError)
            Foundation.exit(ExitCode.failure.rawValue)
        }
    }

    /// Moves leading `-v`/`-vv`/`-q`/`--verbose`/`--quiet` after the subcommand name, where
    /// every subcommand declares them (`venvstacks -v show x` == `venvstacks show -v x`).
    static func movingGlobalFlags(_ arguments: [String]) -> [String] {
        let isGlobal: (String) -> Bool = { arg in
            arg == "--verbose" || arg == "--quiet" || arg == "-q"
                || (arg.count > 1 && arg.hasPrefix("-") && !arg.hasPrefix("--")
                    && arg.dropFirst().allSatisfy { $0 == "v" })
        }
        let leading = arguments.prefix(while: isGlobal)
        guard !leading.isEmpty, leading.count < arguments.count else { return arguments }
        var rest = Array(arguments.dropFirst(leading.count))
        rest.insert(contentsOf: leading, at: 1)
        return rest
    }
}
