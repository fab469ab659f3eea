import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks deploy`: unpack published layers into a folder, post-install them and
/// optionally run an application.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy published layers (and every layer they need) into a folder, ready to run.",
        usage: """
            venvstacks deploy [<options>] <published-dir> <target-dir> <layer> ...
            venvstacks deploy [<options>] <published-dir> <target-dir> <application> --run [-- <argument> ...]
            """,
        discussion: """
            Reads the manifest `venvstacks publish` wrote in PUBLISHED-DIR/__venvstacks__ (venvstacks-<platform>.json, else \
            venvstacks.json), selects the layers matching the LAYER names or patterns (fnmatch on build names such as \
            app-x and deployed names such as app-x@2) plus every layer they need, and checks each archive's size and SHA-256 \
            against the manifest before anything is unpacked. Each layer is unpacked into TARGET-DIR/.<name>.partial (entries \
            with absolute paths, '..', links leading outside the layer and its lower layers, devices, FIFOs and duplicates \
            are refused) and renamed to TARGET-DIR/<name>; then its postinstall.py runs with its runtime's Python, runtime \
            first. A layer already deployed from the same archive is kept; a different one is replaced only with --force. \
            With --run, the one requested application's launch module is then run with the arguments after `--`, and \
            its exit status becomes deploy's. PUBLISHED-DIR may instead be a registry reference host[:port]/name[:tag] \
            that `venvstacks push` wrote to (when no such folder exists): the stack index, the manifests and only the \
            archives the requested layers need are fetched, every digest and each archive's metadata checked before \
            anything is unpacked; archives are kept in the download cache (docs/registries.md).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: ArgumentHelp(
            "The folder `venvstacks publish` wrote (its --output-dir), or a registry reference host[:port]/name[:tag] "
                + "a stack was pushed to."))
    var publishedDir: String

    @Argument(help: "The folder to deploy into (created when missing).")
    var targetDir: String

    @Argument(help: "Layer names or fnmatch patterns to deploy (with the layers they need).")
    var layers: [String] = []

    /// The arguments after `--` (see ``passingApplicationArguments(_:)``).
    @Option(
        name: .customLong(Self.applicationArgumentOption), parsing: .unconditionalSingleValue,
        help: .hidden)
    var applicationArguments: [String] = []

    static let applicationArgumentOption = "application-argument"

    /// `deploy … -- ARGS` with each of ARGS as `--application-argument=ARG`: ArgumentParser
    /// cannot give the words after `--` to a second list next to the layer names.
    static func passingApplicationArguments(_ arguments: [String]) -> [String] {
        guard arguments.first == configuration.commandName, let end = arguments.firstIndex(of: "--") else {
            return arguments
        }
        return Array(arguments[..<end]) + arguments[(end + 1)...].map { "--\(applicationArgumentOption)=\($0)" }
    }

    @Flag(
        name: .customLong("insecure-registry"),
        help: "Use plain HTTP for a registry (PUBLISHED-DIR given as a reference) that is not this machine.")
    var insecureRegistry = false

    @Flag(inversion: .prefixedNo, help: "Replace deployed layers that differ from the published archives.")
    var force = false

    @Flag(
        name: .customLong("run"),
        help: "Then run the requested application's launch module; deploy exits with its status.")
    var runApplication = false

    @Option(help: "Layers unpacked or post-installed at once (default: the number of processors).")
    var jobs: Int?

    @OptionGroup var folderLock: FolderLockOptions

    func validate() throws {
        if layers.isEmpty {
            throw ValidationError("name at least one layer to deploy (for example 'app-*')")
        }
        if !applicationArguments.isEmpty && !runApplication {
            throw ValidationError("arguments after `--` are for the application: add --run to run it")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        var launch: ToolInvocation?
        try await reportingErrors(console) {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let request = DeployRequest(
                publishedDirectory: URL(fileURLWithPath: publishedDir, relativeTo: cwd).standardizedFileURL,
                targetDirectory: URL(fileURLWithPath: targetDir, relativeTo: cwd).standardizedFileURL,
                patterns: layers, force: force, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                launchArguments: runApplication ? applicationArguments : nil, waiting: folderLock.waiting)
            let progress = DeployProgressDisplay(verbosity: global.verbosity)
            let result: DeployResult
            var source: String?
            if let reference = RegistryDeploy.reference(in: publishedDir) {
                let pulled = try await RegistryDeploy.deploy(
                    request, from: reference, insecure: insecureRegistry, transport: URLSessionTransport(),
                    environment: ProcessInfo.processInfo.environment, observer: progress)
                result = pulled.deploy
                source =
                    "\(reference); \(pulled.pull.blobsDownloaded) archives downloaded (\(pulled.pull.bytesDownloaded) bytes), "
                    + "\(pulled.pull.blobsCached) from the download cache"
                    + (pulled.pull.alreadyDeployed > 0 ? ", \(pulled.pull.alreadyDeployed) already deployed" : "")
            } else {
                result = try await StackWorkspace.deploy(request, observer: progress)
            }
            progress.finish()
            if runApplication {
                launch = result.launch
                if let source { console.detail("Pulled from \(source)") }
            } else {
                console.output(Self.report(result, source: source))
            }
        }
        guard let launch else { return }
        console.detail("Running \(launch.commandLine)")
        throw ExitCode(await Self.launch(launch, console: console))
    }

    /// Runs the deployed application with this process's standard streams; its exit status.
    static func launch(_ invocation: ToolInvocation, console: Console) async -> Int32 {
        do {
            return try await StackWorkspace.launch(invocation)
        } catch {
            console.error(
                "cannot run \(invocation.commandLine): \((error as? ToolError)?.reason ?? FileSystemError.reason(error))"
            )
            return 1
        }
    }

    /// Where each layer went and how to run the requested applications.
    static func report(_ result: DeployResult, source: String? = nil) -> String {
        let width = result.layers.map(\.layer.installTarget.count).max() ?? 0
        var lines = ["Deployed into \(result.targetDirectory.path) (from \(source ?? result.manifestURL.path)):"]
        for deployed in result.layers {
            let name = deployed.layer.installTarget.padding(toLength: width, withPad: " ", startingAt: 0)
            switch deployed.action {
            case .unchanged: lines.append("  \(name)  unchanged")
            case .deployed(let replaced):
                lines.append(
                    "  \(name)  \(replaced ? "replaced" : "deployed")  \(String(format: "%.1fs", deployed.seconds))")
            }
        }
        let apps = result.requested.filter { $0.kind == .application }
        if !apps.isEmpty {
            lines.append("Run with:")
            for app in apps {
                if let launch = try? StackDeployer.launchInvocation(of: app, in: result.targetDirectory, arguments: [])
                {
                    lines.append("  " + launch.commandLine)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
