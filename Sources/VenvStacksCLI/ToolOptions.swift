import ArgumentParser
import VenvStacks

/// `--uv PATH`: which uv to run.
struct ToolOptions: ParsableArguments {
    @Option(
        name: .customLong("uv"),
        help: ArgumentHelp(
            "The uv executable (default: $VENVSTACKS_UV, then the pinned uv that misc/setup.sh installs, then uv on PATH).",
            valueName: "PATH"))
    var uvPath: String?

    func uv(environment: [String: String]) throws -> UVTool {
        try UVTool.locate(explicit: uvPath, environment: environment)
    }
}
