import ArgumentParser
import VenvStacks

/// `venvstacks`: lock, build and publish layered Python environment stacks.
public struct VenvStacksCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "venvstacks",
        abstract: "Lock, build and publish layered Python environment stacks.",
        discussion: """
            A stack spec (venvstacks.toml) defines runtime, framework and application layers.
            Exit status: 0 on success, 1 when the spec, its locks or the environment have a
            problem (the message says which file, layer and field, and how to fix it), and 64
            for command-line usage errors.
            """,
        version: "venvstacks \(VenvStacksVersion.current)",
        subcommands: [ShowCommand.self]
    )

    public init() {}
}
