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

    /// The tools for locking and building (uv located now), announced with `-v`.
    func toolbox(_ console: Console) throws -> Toolbox {
        let tools = try Toolbox.withUV(explicit: uvPath, environment: ProcessInfo.processInfo.environment)
        if let list = tools.runtimeDownloadList { console.detail("Python runtimes: uv download list \(list)") }
        return tools
    }
}

/// The composition root: the one place that makes tools and opens workspaces.
enum Composition {
    /// Opens the workspace of a loaded spec with the plain tools;
    /// commands that run uv swap in ``ToolOptions/toolbox(_:)`` once they know they will.
    static func open(
        _ spec: StackSpec, console: Console, observers: WorkspaceObservers = WorkspaceObservers()
    ) async throws -> StackWorkspace {
        var observers = observers
        if observers.waiting == nil {
            observers.waiting = { folder, lockFile in
                console.notice(FolderLockOptions.waitingMessage(folder: folder, lockFile: lockFile))
            }
        }
        return try await StackWorkspace.open(spec, tools: Toolbox(), observers: observers)
    }
}
