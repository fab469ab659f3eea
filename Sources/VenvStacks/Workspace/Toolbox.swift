import Foundation

/// The programs an operation may start, made once in the composition root: the runner every
/// child process goes through, and, for locking and building, uv and the runtime provider.
public struct Toolbox: Sendable {
    public let runner: any ToolRunner
    private let uvTools: UVTools?

    struct UVTools: Sendable {
        let commands: UVCommands
        let runtimes: any RuntimeProvider
    }

    /// Tools for operations that start no uv (show, publish, local-export, deploy).
    public init(runner: any ToolRunner = ProcessToolRunner()) {
        self.runner = runner
        uvTools = nil
    }

    /// Tools for locking and building.
    public init(runner: any ToolRunner, uv: UVCommands, runtimes: any RuntimeProvider) {
        self.runner = runner
        uvTools = UVTools(commands: uv, runtimes: runtimes)
    }

    /// Locates uv (`explicit`, then `$VENVSTACKS_UV`, the pinned uv, uv on `PATH`) and sets up
    /// runtimes from uv's downloads, with the project's offline mirror list as the fallback.
    public static func withUV(
        explicit: String?, environment: [String: String], runner: any ToolRunner = ProcessToolRunner()
    ) throws(StackError) -> Toolbox {
        let uv = UVCommands(uv: try UVTool.locate(explicit: explicit, environment: environment))
        let runtimes = UVRuntimeProvider(
            commands: uv, runner: runner, cacheRoot: UVRuntimeProvider.defaultCacheRoot(environment: environment),
            environment: environment, fallbackDownloadList: UVTool.projectFile(UVTool.projectMirrorList))
        return Toolbox(runner: runner, uv: uv, runtimes: runtimes)
    }

    /// The uv download list runtimes come from, if any (for `-v`).
    public var runtimeDownloadList: String? { (uvTools?.runtimes as? UVRuntimeProvider)?.downloadList }

    /// uv and the runtimes; an operation that needs them was given a toolbox without them
    /// only through a programming error, reported as such.
    func requireUV(for operation: String) throws(StackError) -> (UVCommands, any RuntimeProvider) {
        guard let uvTools else {
            throw StackError("internal error: \(operation) needs uv, but the workspace was opened without it")
        }
        return (uvTools.commands, uvTools.runtimes)
    }
}
