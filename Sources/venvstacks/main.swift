import VenvStacks
import VenvStacksCLI

// Before anything runs: a tool that stops reading its input must not end venvstacks silently.
BrokenPipes.survive()
await VenvStacksCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
