import Foundation

/// What to export and where.
public struct ExportRequest: Sendable {
    public var plan: OperationPlan
    public var buildDirectory: URL
    public var outputDirectory: URL
    /// Export every selected layer even when its metadata is unchanged.
    public var force: Bool
    /// Export each layer with its byte code, as a precompiled archive holds it
    /// (docs/precompiled.md), so its post-install compiles only `sitecustomize.py`.
    public var precompiled: Bool
    /// Python interpreters compiling byte code at once.
    public var jobs: Int

    public init(
        plan: OperationPlan, buildDirectory: URL, outputDirectory: URL, force: Bool, precompiled: Bool = false,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.plan = plan
        self.buildDirectory = buildDirectory
        self.outputDirectory = outputDirectory
        self.force = force
        self.precompiled = precompiled
        self.jobs = jobs
    }

    /// `__venvstacks__/env_metadata/<layer>.json` (never platform-tagged).
    public func snippetURL(for buildName: String) -> URL {
        outputDirectory.appendingPathComponent("__venvstacks__/env_metadata/\(buildName).json")
    }

    public var manifestURL: URL { outputDirectory.appendingPathComponent("__venvstacks__/venvstacks.json") }
}

/// `local-export` (docs/behaviour.md#local-export): each selected layer's environment copied under its
/// deployed name with the archive content rules, files hard-linked where possible, then its
/// `postinstall.py` run with the deployed runtime's own Python. A layer is exported into a
/// temporary folder that is renamed into place, and its metadata is written only after its
/// post-install succeeded, so an interrupted export is redone by the next run (which removes
/// the temporary folders it left). The caller holds the output folder's ``FolderLock``.
///
/// A precompiled export (``ExportRequest/precompiled``) compiles the layer's byte code once,
/// with ``BytecodeCompiler``, into a temporary folder beside the export; the `.pyc` files are
/// hard-linked into the export with the precompiled `postinstall.py` and the byte-code record,
/// exactly the entries of a precompiled archive, and the post-install compiles only the
/// `sitecustomize.py` it writes.
public struct LocalExporter: Sendable {
    let spec: StackSpec
    let runner: ToolRunner
    let observer: PublishObserver?

    public init(spec: StackSpec, runner: ToolRunner, observer: PublishObserver? = nil) {
        self.spec = spec
        self.runner = runner
        self.observer = observer
    }

    /// A selected layer and whether it must be exported again.
    struct PlannedExport {
        let layer: PublishPlanner.SelectedLayer
        let needsExport: Bool
        var environment: LayerEnvironment { layer.environment }
        /// Export snippets carry no archive fields.
        var metadata: LayerSnippet { LayerSnippet(metadata: layer.details) }
    }

    /// Every selected layer with its export metadata (no archive fields).
    func plan(_ request: ExportRequest, states: StackLockState) throws(StackError) -> [PlannedExport] {
        try PublishPlanner(spec: spec).selectedLayers(
            plan: request.plan, states: states, buildDirectory: request.buildDirectory
        ).map { layer in
            let previous = LayerSnippet.read(request.snippetURL(for: layer.environment.buildName))
            let folder = request.outputDirectory.appendingPathComponent(layer.environment.deployedName)
            let needsExport =
                request.force || previous != LayerSnippet(metadata: layer.details)
                || !FileManager.default.itemExists(at: folder) || Self.isPrecompiled(folder) != request.precompiled
            return PlannedExport(layer: layer, needsExport: needsExport)
        }
    }

    /// Whether the exported layer in `folder` holds its byte code: a precompiled export holds
    /// the record of it (``LayerContents/bytecodeRecordPath``), an ordinary one does not, so
    /// exporting with the other setting exports the layer again.
    static func isPrecompiled(_ folder: URL) -> Bool {
        FileManager.default.itemExists(at: folder.appendingPathComponent(LayerContents.bytecodeRecordPath))
    }

    /// `{"layers": {...}}` with each selected layer's export metadata.
    public func dryRun(_ request: ExportRequest, states: StackLockState) throws(StackError) -> JSONValue {
        StackManifest(
            try plan(request, states: states).map { .init(kind: $0.environment.layer.kind, snippet: $0.metadata) }
        )
        .json
    }

    public func export(_ request: ExportRequest, states: StackLockState) async throws(StackError) -> PublishResult {
        let planned = try plan(request, states: states)
        try StackPublisher.prepare(request.outputDirectory)
        for item in planned where item.needsExport {
            try CurrentBuild.require(
                item.environment, lock: item.layer.lock,
                moduleHashes: states[item.environment.buildName]?.moduleHashes ?? [],
                buildDirectory: request.buildDirectory, purpose: "export")
        }
        var exported: [PublishedArchive] = []
        for item in planned {
            let environment = item.environment
            let folder = request.outputDirectory.appendingPathComponent(environment.deployedName)
            let snippet = request.snippetURL(for: environment.buildName)
            var published = PublishedArchive(
                buildName: environment.buildName, archive: folder, snippet: snippet, metadata: item.metadata,
                built: false, seconds: 0)
            if item.needsExport {
                let started = Date()
                observer?.handle(.started(layer: environment.buildName, archive: environment.deployedName))
                try await exportLayer(environment, into: folder, request: request)
                try item.metadata.write(to: snippet)
                published = PublishedArchive(
                    buildName: environment.buildName, archive: folder, snippet: snippet, metadata: item.metadata,
                    built: true, seconds: Date().timeIntervalSince(started))
            }
            exported.append(published)
            observer?.handle(.finished(published))
        }
        let manifest = StackManifest.merging(exported, spec: spec, snippetURL: request.snippetURL) { old in
            FileManager.default.itemExists(
                at: request.outputDirectory.appendingPathComponent(old.metadata.installTarget))
        }
        try manifest.write(to: request.manifestURL)
        return PublishResult(manifestURL: request.manifestURL, manifest: manifest, archives: exported)
    }

    private func exportLayer(_ environment: LayerEnvironment, into folder: URL, request: ExportRequest)
        async throws(StackError)
    {
        let name = environment.buildName
        let fm = FileManager.default
        let partial = TemporaryName.partial(for: folder)
        // The byte code goes beside the export (the same file system, so it is hard-linked),
        // under a temporary name the next run removes if this one is killed.
        let scratch = request.precompiled ? TemporaryName.partial(for: folder.appendingPathExtension("bytecode")) : nil
        defer { if let scratch { try? FileSystem.removeMadeItem(at: scratch) } }
        var bytecode: LayerContents.Bytecode?
        if let scratch {
            // Compiled with the build folder's runtime: the same Python version as the deployed one.
            bytecode = try await BytecodeCompiler(runner: runner, jobs: request.jobs)
                .bytecode(of: environment, into: scratch, reportingTo: observer)
        }
        let entries = try LayerContents.entries(
            of: environment, macOS: TargetPlatform.host?.isMacOS ?? false, bytecode: bytecode)
        do throws(StackError) {
            try LayerExportWriter.write(entries, root: environment.deployedName, into: partial)
            try StackError.during("cannot move the export into \(folder.path)", layer: name) {
                let old = TemporaryName.old(for: folder)
                if try FileSystem.kind(at: folder) != nil { try FileSystem.rename(folder, to: old) }
                try FileSystem.rename(partial, to: folder)
                try FileSystem.removeMadeItem(at: old, evenALink: true)
            }
        } catch {
            try? FileSystem.removeMadeItem(at: partial)
            throw error
        }
        // The deployed runtime's own Python, so the byte code matches; before the runtime was
        // ever exported, the build environment's runtime.
        let deployedRuntime = request.outputDirectory.appendingPathComponent(environment.runtime.deployedName)
            .appendingPathComponent(LayerEnvironment.pythonPath)
        let python = fm.itemExists(at: deployedRuntime) ? deployedRuntime : environment.runtimePython
        try await StackError.during("the post-install script failed", layer: name) {
            try await runner.runChecked(
                ToolInvocation(
                    python.path, ["-X", "utf8", "-I", folder.appendingPathComponent("postinstall.py").path]),
                tailLines: 30)
        }
    }
}
