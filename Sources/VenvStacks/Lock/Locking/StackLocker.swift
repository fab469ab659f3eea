import Foundation
import PythonPackaging

/// What to lock and how.
public struct LockRequest: Sendable {
    /// Per-layer operations; layers whose `lock` is `.never` (or absent) are not locked.
    public var plan: OperationPlan
    /// The build directory (resolve projects and runtime environments live here).
    public var buildDirectory: URL
    /// Recreate the runtime environments that locking needs.
    public var clean: Bool
    public var access: IndexAccess
    /// The process environment (for `UV_EXCLUDE_NEWER`).
    public var environment: [String: String]

    public init(
        plan: OperationPlan, buildDirectory: URL, clean: Bool = false, access: IndexAccess = IndexAccess(),
        environment: [String: String] = [:]
    ) {
        self.plan = plan
        self.buildDirectory = buildDirectory
        self.clean = clean
        self.access = access
        self.environment = environment
    }
}

/// Locks the layers of a stack with uv (docs/behaviour.md#locking): one resolve project per layer,
/// `uv lock` + `uv export`, post-processing, then the four lock files, written atomically
/// and only when their content changes. The caller holds the ``FolderLock`` of the
/// requirements folder and of the build folder; temporary files an interrupted run left in
/// them (and in each layer's requirements folder) are removed first.
public struct StackLocker: Sendable {
    let spec: StackSpec
    let runner: any ToolRunner
    let uv: UVCommands
    let runtimes: any RuntimeProvider
    let filter: SourceTreeFilter
    let observer: (any LockObserver)?

    public init(
        spec: StackSpec, runner: any ToolRunner, uv: UVCommands, runtimes: any RuntimeProvider,
        filter: SourceTreeFilter, observer: (any LockObserver)? = nil
    ) {
        self.spec = spec
        self.runner = runner
        self.uv = uv
        self.runtimes = runtimes
        self.filter = filter
        self.observer = observer
    }

    /// Locks every layer the plan selects for locking, dependencies first.
    public func lock(_ request: LockRequest) async throws(StackError) -> [LockedLayer] {
        try await lock(request, states: try LockStateEvaluator(spec: spec, filter: filter).evaluate())
    }

    /// ``lock(_:)`` with the stack's current lock states, already judged by the caller
    /// (``LockStateEvaluator``).
    public func lock(_ request: LockRequest, states: StackLockState) async throws(StackError) -> [LockedLayer] {
        let clamp = try lockTimeClamp(request.environment)
        try prepareDirectories(request)
        var run = RunState(request: request, clamp: clamp)
        if request.clean {
            // --clean recreates every runtime environment selected for locking, used or not.
            for runtime in spec.runtimes where (request.plan[runtime.buildName]?.lock ?? .never) != .never {
                _ = try await runtimePython(runtime, run: &run)
            }
        }
        var results: [LockedLayer] = []
        for layer in spec.layersInBuildOrder {
            guard let operations = request.plan[layer.buildName], operations.lock != .never,
                let state = states[layer.buildName]
            else { continue }
            let started = Date()
            let locked = try await lockLayer(layer, state: state, operations: operations, run: &run)
            run.validNow.insert(layer.buildName)
            results.append(locked)
            observer?.handle(.finished(locked, seconds: Date().timeIntervalSince(started)))
        }
        return results
    }

    /// Mutable state of one run.
    struct RunState {
        let request: LockRequest
        let clamp: Date?
        /// Layers whose lock is valid right now (valid at the start, or locked in this run).
        var validNow = Set<String>()
        /// Runtimes already prepared (and cleaned when asked) in this run, with their Python.
        var pythons: [String: URL] = [:]
        /// Lock documents of the layers done in this run (the layers above read them).
        var documents: [String: PylockDocument] = [:]

        init(request: LockRequest, clamp: Date?) {
            self.request = request
            self.clamp = clamp
        }
    }

    /// `UV_EXCLUDE_NEWER` (when set and non-empty), else the config's `exclude-newer`.
    func lockTimeClamp(_ environment: [String: String]) throws(StackError) -> Date? {
        let (text, origin): (String?, String) =
            if let value = environment["UV_EXCLUDE_NEWER"], !value.isEmpty {
                (value, "the UV_EXCLUDE_NEWER environment variable")
            } else {
                (spec.uvConfig.excludeNewer, "'exclude-newer' in \(spec.specURL.path)")
            }
        guard let text else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw StackError(
                "\(origin) is '\(text)', which is not a date or date-time", hint: "use e.g. \"2025-08-27T00:00:00Z\"")
        }
        return date
    }

    func prepareDirectories(_ request: LockRequest) throws(StackError) {
        do throws(FileSystemError) {
            try FileSystem.makeDirectories(at: spec.requirementsDirectory)
            try FileSystem.makeDirectories(at: request.buildDirectory)
            let layerFolders = spec.enabledLayers.flatMap {
                [
                    LayerLockFiles(requirementsDirectory: spec.requirementsDirectory, buildName: $0.buildName)
                        .directory,
                    request.buildDirectory.appendingPathComponent("\($0.buildName)_resolve"),
                ]
            }
            for folder in [spec.requirementsDirectory, request.buildDirectory] + layerFolders {
                try TemporaryName.removeLeftovers(in: folder)
            }
            try AtomicFile.write(
                ResolveProject.uvTomlText(spec.uvConfig, access: request.access),
                to: request.buildDirectory.appendingPathComponent("uv.toml"))
        } catch {
            throw StackError("cannot prepare to lock", cause: error)
        }
    }

    func lockLayer(
        _ layer: LayerSpec, state: LayerLockStatus, operations: LayerOperations, run: inout RunState
    ) async throws(StackError) -> LockedLayer {
        let name = layer.buildName
        let unlocked = LayerSelection.dependencyBuildNames(of: layer, in: spec).filter { !run.validNow.contains($0) }
        guard unlocked.isEmpty else {
            let list = pythonList(unlocked)
            throw StackError(
                layer: name, "Cannot lock with unlocked dependencies: \(list)",
                hint: "lock them too, e.g. with --lock-dependencies, or run 'venvstacks lock' without --include")
        }
        let files = state.files
        try write(
            LockFileContents.declaredRequirements(layer.requirements), to: files.declaredRequirements, layer: name)

        let storedLockedAt = state.stored.flatMap { Timestamp.parse($0.lockedAt) }
        let datedAfterClamp = run.clamp.map { clamp in storedLockedAt.map { $0 > clamp } ?? false } ?? false
        let mayKeep = operations.lock == .ifNeeded && !operations.resetLock && !datedAfterClamp
        let action: LockAction
        let document: PylockDocument
        if mayKeep && state.hasValidLockIgnoringVersion {
            action = state.hasValidLock ? .kept : .metadataRefreshed
            observer?.handle(
                .detail(
                    state.hasValidLock
                        ? "\(name): using the existing lock"
                        : "\(name): only version inputs changed; refreshing the lock metadata"))
            document = try readLock(files, layer: name)
        } else {
            let resolved = try await resolve(layer, files: files, run: &run)
            action = .resolved(changed: resolved.changed)
            document = resolved.document
        }
        run.documents[name] = document

        try write(
            LockFileContents.packageSummary(buildName: name, document: document), to: files.packageSummary, layer: name)
        let current = LockMetadata(
            lockInputHash: state.current.lockInputHash, lockVersion: 1, lockedAt: "",
            otherInputsHash: state.current.otherInputsHash,
            requirementsHash: LockHashes.requirementsHash(document.packages.map(\.hashed)),
            versionInputsHash: state.current.versionInputsHash)
        let storedJSON = Manifest.readJSON(files.metadata)
        let modified =
            (try? FileManager.default.attributesOfItem(atPath: files.pylock.path)[.modificationDate] as? Date)
            ?? Date()
        var metadata = storedJSON.flatMap(LockMetadata.init(json:)) ?? current
        var written = false
        if let updated = LockMetadataRules.update(
            storedJSON: storedJSON, current: current, versioned: layer.versioned, pylockModified: modified,
            clamp: run.clamp)
        {
            try write(updated.json.rendered(), to: files.metadata, layer: name)
            metadata = updated
            written = true
        }
        return LockedLayer(
            buildName: name, pylock: files.pylock, lockedAt: metadata.lockedAt,
            lockVersion: metadata.effectiveLockVersion(versioned: layer.versioned), action: action,
            metadataWritten: written)
    }

    /// Runs uv for `layer` and writes its post-processed lock. Returns the lock and whether
    /// the lock file's content changed.
    func resolve(
        _ layer: LayerSpec, files: LayerLockFiles, run: inout RunState
    ) async throws(StackError) -> (changed: Bool, document: PylockDocument) {
        let name = layer.buildName
        guard let runtime = spec.runtime(named: layer.runtime), let implementation = runtime.pythonImplementation else {
            throw StackError(layer: name, "runtime '\(layer.runtime)' is not defined")
        }
        let python = try await runtimePython(runtime, run: &run)
        // The runtime's lock first, then each linearised framework's.
        let dependencies = LayerSelection.dependencyBuildNames(of: layer, in: spec)
        let below = Array(dependencies.suffix(1) + dependencies.dropLast())
        var lowerLocks: [PylockDocument] = []
        for lower in below {
            if let document = run.documents[lower] {
                lowerLocks.append(document)
            } else {
                lowerLocks.append(
                    try readLock(
                        LayerLockFiles(requirementsDirectory: spec.requirementsDirectory, buildName: lower), layer: name
                    ))
            }
        }
        let pins = LowerLayerPins.collect(lowerLocks)
        let project = run.request.buildDirectory.appendingPathComponent("\(name)_resolve")
        let pyproject = ResolveProject.pyprojectText(
            for: layer, runtime: runtime, declared: layer.requirements.map(\.description),
            constraints: pins.map(\.constraint), config: spec.uvConfig, access: run.request.access)
        try write(pyproject, to: project.appendingPathComponent("pyproject.toml"), layer: name)

        observer?.handle(.step(layer: name, description: "resolving with uv lock"))
        var hint: String?
        if !pins.isEmpty {
            hint =
                "The packages pinned by the layers below (\(below.joined(separator: ", "))) are constraints for this layer; see constraint-dependencies in \(project.appendingPathComponent("pyproject.toml").path)"
        }
        try await runUV(
            uv.lock(project: project, python: python), layer: name, failure: "Failed to lock layer '\(name)'",
            hint: hint)
        let exported = project.appendingPathComponent("pylock.toml")
        try? FileManager.default.removeItem(at: exported)
        observer?.handle(.step(layer: name, description: "exporting pylock.toml"))
        try await runUV(
            uv.export(project: project, output: exported, python: python), layer: name,
            failure: "Failed to generate pylock.toml for layer '\(name)'")
        guard FileManager.default.fileExists(atPath: exported.path) else {
            throw StackError(layer: name, "Failed to generate '\(exported.path)' (uv export reported success)")
        }
        let exportText = try text(of: exported, layer: name)
        let document = try StackError.during("cannot read uv's export", layer: name) {
            try PylockDocument.parse(exportText, file: exported.path)
        }
        let processed = try PylockPostProcessor.process(
            document,
            context: PylockLayerContext(
                buildName: name, platforms: layer.platforms, implementation: implementation,
                wheels: WheelAvailability(linuxTarget: layer.linuxTarget, macosxTarget: layer.macosxTarget),
                lowerPins: pins, pylockDirectory: files.directory,
                exportDirectory: project))
        for dropped in processed.dropped {
            observer?.handle(.detail("\(name): dropping \(dropped) (its marker matches no target platform)"))
        }
        let changed = try write(PylockWriter.render(processed.document, layer: name), to: files.pylock, layer: name)
        return (changed, processed.document)
    }

    func runtimePython(_ runtime: LayerSpec, run: inout RunState) async throws(StackError) -> URL {
        if let python = run.pythons[runtime.buildName] { return python }
        let request = run.request
        let existing = RuntimeLayout.python(in: request.buildDirectory.appendingPathComponent(runtime.buildName))
        if request.clean || !FileManager.default.isExecutableFile(atPath: existing.path) {
            observer?.handle(
                .step(
                    layer: runtime.buildName,
                    description: "installing runtime \(runtime.pythonImplementation?.request ?? runtime.name)"))
        }
        let python = try await runtimes.prepare(runtime, in: request.buildDirectory, clean: request.clean)
        run.pythons[runtime.buildName] = python
        return python
    }

    func runUV(_ invocation: ToolInvocation, layer: String, failure: String, hint: String? = nil)
        async throws(StackError)
    {
        try await StackError.during(failure, layer: layer, hint: hint) {
            try await runner.runChecked(invocation, tailLines: 40)
        }
    }

    func readLock(_ files: LayerLockFiles, layer: String) throws(StackError) -> PylockDocument {
        let lockText = try text(of: files.pylock, layer: layer)
        return try StackError.during("", layer: layer, hint: "relock the layer it belongs to") {
            try PylockDocument.parse(lockText, file: files.pylock.path)
        }
    }

    func text(of url: URL, layer: String) throws(StackError) -> String {
        try StackError.during("cannot read", layer: layer) {
            String(decoding: try FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit), as: UTF8.self)
        }
    }

    @discardableResult
    func write(_ text: String, to url: URL, layer: String) throws(StackError) -> Bool {
        try StackError.during("cannot write \(url.path)", layer: layer) { try AtomicFile.write(text, to: url) }
    }
}
