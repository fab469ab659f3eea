import VenvStacksCLI

VenvStacksCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
