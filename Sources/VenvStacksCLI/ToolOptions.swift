import ArgumentParser
import Foundation
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

/// The tools a lock or build run uses: uv, the process runner and the runtime provider.
struct StackTools {
    let uv: UVCommands
    let runner: ProcessToolRunner
    let runtimes: UVRuntimeProvider

    init(_ options: ToolOptions, console: Console) throws {
        let environment = ProcessInfo.processInfo.environment
        uv = UVCommands(uv: try options.uv(environment: environment))
        runner = ProcessToolRunner()
        runtimes = UVRuntimeProvider(
            commands: uv, runner: runner, cacheRoot: UVRuntimeProvider.defaultCacheRoot(environment: environment),
            environment: environment, fallbackDownloadList: UVTool.projectFile(UVTool.projectMirrorList))
        if let list = runtimes.downloadList { console.detail("Python runtimes: uv download list \(list)") }
    }

    func locker(_ spec: StackSpec, filter: SourceTreeFilter, observer: ProgressDisplay) -> StackLocker {
        StackLocker(spec: spec, runner: runner, uv: uv, runtimes: runtimes, filter: filter, observer: observer)
    }

    func builder(_ spec: StackSpec, filter: SourceTreeFilter, observer: ProgressDisplay) -> StackBuilder {
        StackBuilder(spec: spec, runner: runner, uv: uv, runtimes: runtimes, filter: filter, observer: observer)
    }
}
