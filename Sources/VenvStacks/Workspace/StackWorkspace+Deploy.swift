import Foundation

extension StackWorkspace {
    /// Deploys published layers (no spec needed: the published manifest says everything):
    /// verifies, unpacks and post-installs them, and returns where they went and, with
    /// `request.launchArguments`, how to run the requested application.
    public static func deploy(
        _ request: DeployRequest, tools: Toolbox = Toolbox(), unpacker: any LayerUnpacker = LibArchiveUnpacker(),
        observer: (any DeployObserver)? = nil
    ) async throws -> DeployResult {
        try await performing(.deploy) {
            try await StackDeployer(runner: tools.runner, unpacker: unpacker, observer: observer).deploy(request)
        }
    }

    /// Runs a deployed application with this process's standard streams; its exit status
    /// (128 + the signal number when a signal ended it).
    public static func launch(_ invocation: ToolInvocation, tools: Toolbox = Toolbox()) async throws -> Int32 {
        var inherited = invocation
        inherited.streams = .inherited
        return try await performing(.launch) { try await tools.runner.run(inherited).status }
    }
}
