import Foundation

/// `venvstacks deploy`: unpacks published layers into a target folder and runs their
/// post-install scripts (the deployment procedure of docs/behaviour.md#post-install-script, automated).
///
///     manifest ─▶ requested layers + every layer they need (runtime first)
///              ─▶ each archive's size and SHA-256 checked against the manifest, `jobs` at
///                 a time (nothing is touched when one does not match)
///              ─▶ per layer: safe extraction into `.<name>.partial-<pid>-<hex>/`, rename into place
///              ─▶ per layer: its sources compiled in pieces (``DeployCompiler``)
///              ─▶ per layer, runtime first: `<base python> postinstall.py`
///
/// A layer appears under its final name only once completely unpacked. The post-install
/// script writes absolute paths, so it runs there; the layer's deploy record
/// (`DeployRecord`) says `extracted` until it succeeded and `ready` afterwards, so a layer
/// whose deploy was interrupted is redeployed by the next run, and a failed post-install
/// removes the layer. Unpacking, compiling and post-install steps of different layers run in
/// parallel, `jobs` at a time.
/// One deploy at a time writes a target folder (``FolderLock``); it first removes what an
/// interrupted deploy left there (``TemporaryName``).
public struct StackDeployer: Sendable {
    let runner: ToolRunner
    let unpacker: LayerUnpacker
    let observer: DeployObserver?

    public init(runner: ToolRunner, unpacker: LayerUnpacker, observer: DeployObserver? = nil) {
        self.runner = runner
        self.unpacker = unpacker
        self.observer = observer
    }

    /// What deploying one layer involves.
    enum Step: Equatable {
        case deploy
        /// A different layer (or an unfinished deploy) is there and gets replaced.
        case replace
        case keep
    }

    public func deploy(_ request: DeployRequest) async throws(StackError) -> DeployResult {
        let stack = try PublishedStack.load(from: request.publishedDirectory, platform: request.platform)
        let requested = try stack.matching(request.patterns)
        let layers = try stack.closure(of: requested)
        let target = request.targetDirectory
        let application = try request.launchArguments.map { _ throws(StackError) in
            try Self.singleApplication(in: requested, patterns: request.patterns)
        }
        let fm = FileManager.default
        let created = !fm.itemExists(at: target)
        let lock = try StackError.during("cannot deploy into \(target.path)") {
            try FolderLock(folder: target, waiting: request.waiting) { [observer] lockFile in
                observer?.handle(.waitingForLock(folder: target, lockFile: lockFile))
            }
        }
        defer { lock.release() }
        let steps: [String: Step]
        do {
            try Self.removeLeftovers(in: target, layers: layers.map(\.installTarget))
            steps = try plan(layers, target: target, force: request.force)
            try await verify(layers.filter { steps[$0.installTarget] != .keep }, stack: stack, jobs: request.jobs)
        } catch {
            // Nothing was deployed: a folder this run created goes again.
            if created { try? fm.removeItem(at: target) }
            throw error
        }
        let seconds = try await run(
            layers.filter { steps[$0.installTarget] != .keep }, steps: steps, stack: stack, request)
        var deployed: [DeployedLayer] = []
        for layer in layers {
            let step = steps[layer.installTarget] ?? .keep
            let result = DeployedLayer(
                layer: layer, folder: target.appendingPathComponent(layer.installTarget),
                action: step == .keep ? .unchanged : .deployed(replaced: step == .replace),
                seconds: seconds[layer.installTarget] ?? 0)
            if step == .keep { observer?.handle(.finished(result)) }
            deployed.append(result)
        }
        let launch = try application.map { app throws(StackError) in
            try Self.launchInvocation(of: app, in: target, arguments: request.launchArguments ?? [])
        }
        return DeployResult(
            manifestURL: stack.manifestURL, targetDirectory: target, layers: deployed, requested: requested,
            launch: launch)
    }

    /// The one application among `requested` (what `--run` launches).
    static func singleApplication(in requested: [PublishedLayer], patterns: [String]) throws(StackError)
        -> PublishedLayer
    {
        let applications = requested.filter { $0.kind == .application }
        guard applications.count == 1, let application = applications.first else {
            let matched =
                applications.isEmpty
                ? "no application layer"
                : "\(applications.count) applications (\(applications.map(\.installTarget).joined(separator: ", ")))"
            throw StackError(
                "--run needs exactly one application among the requested layers, but "
                    + "\(patterns.map { "'\($0)'" }.joined(separator: " ")) matched \(matched)",
                hint: "name a single application")
        }
        return application
    }

    /// Decides each layer's step; a layer that differs from its archive is replaced only
    /// with `force`, otherwise every such layer is named in one error.
    func plan(_ layers: [PublishedLayer], target: URL, force: Bool) throws(StackError) -> [String: Step] {
        var steps: [String: Step] = [:]
        var conflicts: [String] = []
        for layer in layers {
            let folder = target.appendingPathComponent(layer.installTarget)
            guard FileManager.default.itemExists(at: folder) else {
                steps[layer.installTarget] = .deploy
                continue
            }
            let record = DeployRecord.read(in: folder)
            if let record, record.isComplete(for: layer) {
                steps[layer.installTarget] = .keep
            } else if let record, record.state == .extracted, record.archiveSHA256 == layer.archiveSHA256 {
                steps[layer.installTarget] = .replace  // an earlier deploy of this archive did not finish
            } else if force {
                steps[layer.installTarget] = .replace
            } else {
                let origin =
                    record.map { "from another archive (\($0.archiveName))" }
                    ?? "without a venvstacks deploy record (unpacked by other means?)"
                conflicts.append("\(folder.path) is already deployed \(origin)")
            }
        }
        guard conflicts.isEmpty else {
            throw StackError(
                conflicts.joined(separator: "\n"),
                hint: "use --force to replace \(conflicts.count == 1 ? "it" : "them") with the published layer"
                    + (conflicts.count == 1 ? "" : "s"))
        }
        return steps
    }

    /// Checks the archives of `layers` against the manifest, `jobs` at a time; throws the
    /// first mismatch in layer order.
    private func verify(_ layers: [PublishedLayer], stack: PublishedStack, jobs: Int) async throws(StackError) {
        let byName = Dictionary(layers.map { ($0.installTarget, $0) }, uniquingKeysWith: { first, _ in first })
        _ = try await LayerScheduler.run(order: layers.map(\.installTarget), dependencies: [:], limit: jobs) {
            name async throws(StackError) in
            let layer = byName[name]!
            observer?.handle(.verifying(layer: name))
            try ArchiveVerifier.verify(layer, archive: stack.archiveURL(of: layer), manifest: stack.manifestURL)
        }
    }

    /// Unpacks, compiles and post-installs `layers`, each step as soon as what it needs is
    /// done (``DeployPlan``); returns each layer's seconds.
    private func run(_ layers: [PublishedLayer], steps: [String: Step], stack: PublishedStack, _ request: DeployRequest)
        async throws(StackError) -> [String: Double]
    {
        let plan = DeployPlan(layers)
        let byName = Dictionary(layers.map { ($0.installTarget, $0) }, uniquingKeysWith: { first, _ in first })
        let target = request.targetDirectory
        let timings = Timings()
        let compiling = CompileWork()
        _ = try await LayerScheduler.run(order: plan.order, dependencies: plan.dependencies, limit: request.jobs) {
            task async throws(StackError) in
            let started = Date()
            let (kind, name, piece) = DeployPlan.parse(task)
            let layer = byName[name]!
            switch kind {
            case .unpack:
                try unpack(
                    layer, archive: stack.archiveURL(of: layer), into: target,
                    replacing: steps[layer.installTarget] == .replace)
                let folder = target.appendingPathComponent(name)
                let pieces = DeployCompiler.pieces(
                    DeployCompiler.sources(in: folder), count: DeployPlan.pieceCount(of: layer))
                await compiling.set(pieces, for: name)
                await timings.add(Date().timeIntervalSince(started), to: name)
            case .compile:
                guard let files = await compiling.piece(piece, of: name) else { return }
                await compile(files, of: layer, in: target)
                let (done, count) = await compiling.finished(piece, of: name)
                observer?.handle(.compiling(layer: name, piecesDone: done, pieces: count))
                await timings.add(Date().timeIntervalSince(started), to: name)
            case .postInstall:
                try await postInstall(layer, in: target)
                let seconds = await timings.add(Date().timeIntervalSince(started), to: name)
                observer?.handle(
                    .finished(
                        DeployedLayer(
                            layer: layer, folder: target.appendingPathComponent(name),
                            action: .deployed(replaced: steps[name] == .replace), seconds: seconds)))
            }
        }
        return await timings.seconds
    }

    /// Compiles `files` of the unpacked `layer` with its base Python. Nothing here fails the
    /// deploy: the post-install script compiles whatever is still missing, and reports a
    /// Python that does not run.
    func compile(_ files: [PythonSources.File], of layer: PublishedLayer, in target: URL) async {
        let folder = target.appendingPathComponent(layer.installTarget)
        guard let config = try? DeployedLayerConfig.read(in: folder, layer: layer.installTarget),
            let python = try? config.basePython(in: folder, target: target)
        else { return }
        let invocation = DeployCompiler.invocation(python: python, folder: folder, files: files)
        _ = try? await runner.run(ProcessUmask.wrapping(invocation))
    }

    /// What interrupted deploys left in `target`: temporary folders, and from earlier
    /// versions the `.<name>.old` folders of `layers` and an unused `.venvstacks-deploy.lock`.
    /// Links are left alone (never followed). The caller holds the folder's lock.
    static func removeLeftovers(in target: URL, layers: [String]) throws(StackError) {
        try StackError.during("cannot remove what an interrupted deploy left in \(target.path)") {
            try TemporaryName.removeLeftovers(in: target)
            for name in layers {
                let old = target.appendingPathComponent(".\(name).old")
                if try FileSystem.kind(at: old) == .directory { try FileSystem.removeMadeItem(at: old) }
            }
            FolderLock.removeUnusedLockFile(target.appendingPathComponent(".venvstacks-deploy.lock"))
        }
    }

    /// Extracts the layer into a new `.<name>.partial-<pid>-<hex>/` folder and renames it
    /// into place (moving a layer being replaced aside first, then removing it).
    func unpack(_ layer: PublishedLayer, archive: URL, into target: URL, replacing: Bool) throws(StackError) {
        let fm = FileManager.default
        let name = layer.installTarget
        let folder = target.appendingPathComponent(name)
        let staging = TemporaryName.partial(for: folder)
        let old = TemporaryName.old(for: folder)
        try StackError.during("cannot prepare", layer: name) { try FileSystem.makeDirectory(at: staging) }
        do throws(StackError) {
            observer?.handle(.extracting(layer: name, bytesRead: 0, totalBytes: layer.archiveSize))
            try unpacker.unpack(
                archive, into: staging, root: name, linkRoots: Set(layer.dependencies),
                progress: { [observer] read, total in
                    observer?.handle(.extracting(layer: name, bytesRead: read, totalBytes: total))
                })
            let unpacked = staging.appendingPathComponent(name)
            guard fm.itemExists(at: unpacked.appendingPathComponent("postinstall.py")) else {
                throw StackError(
                    layer: name,
                    "\(archive.lastPathComponent) has no \(name)/postinstall.py (is it a venvstacks layer archive?)")
            }
            try DeployRecord(layer: layer, state: .extracted).write(in: unpacked)
            try StackError.during("cannot move it into \(folder.path)", layer: name) {
                if replacing, try FileSystem.kind(at: folder) != nil { try FileSystem.rename(folder, to: old) }
                try FileSystem.rename(unpacked, to: folder)
                try FileSystem.removeMadeItem(at: staging)
                try FileSystem.removeMadeItem(at: old, evenALink: true)
            }
        } catch {
            try? FileSystem.removeMadeItem(at: staging)
            throw error
        }
    }

    /// Runs the layer's `postinstall.py` with its base Python, then marks it ready. On
    /// failure the layer is removed and the error shows the script's output.
    func postInstall(_ layer: PublishedLayer, in target: URL) async throws(StackError) {
        observer?.handle(.postInstalling(layer: layer.installTarget))
        let folder = target.appendingPathComponent(layer.installTarget)
        let config = try DeployedLayerConfig.read(in: folder, layer: layer.installTarget)
        let python = try config.basePython(in: folder, target: target)
        // The umask is set explicitly: see ProcessUmask.
        let invocation = ToolInvocation(
            python.path, ["-X", "utf8", "-I", folder.appendingPathComponent("postinstall.py").path])
        let result: ToolResult
        do {
            result = try await runner.run(ProcessUmask.wrapping(invocation))
        } catch {
            try? FileManager.default.removeItemIfPresent(at: folder)
            throw StackError(layer: layer.installTarget, "cannot run its post-install script", cause: error)
        }
        guard result.status == 0 else {
            try? FileManager.default.removeItemIfPresent(at: folder)
            let output = (result.stdoutText + result.stderrText).trimmingCharacters(in: .whitespacesAndNewlines)
            throw StackError(
                layer: layer.installTarget,
                "its post-install script failed (exit status \(result.status)), "
                    + "so the layer was removed from \(target.path)\n  command: \(invocation.commandLine)"
                    + (output.isEmpty ? "" : "\n" + output))
        }
        try DeployRecord(layer: layer, state: .ready).write(in: folder)
    }

    /// How to run the launch module of the deployed application `layer` with `arguments`.
    public static func launchInvocation(
        of layer: PublishedLayer, in target: URL, arguments: [String]
    ) throws(StackError) -> ToolInvocation {
        guard let module = layer.launchModule else {
            throw StackError(layer: layer.installTarget, "not an application layer: it has no launch module to run")
        }
        let folder = target.appendingPathComponent(layer.installTarget)
        let config = try DeployedLayerConfig.read(in: folder, layer: layer.installTarget)
        let python = try config.python(in: folder, target: target)
        return ToolInvocation(python.path, ["-m", module] + arguments)
    }
}

/// Each layer's pieces of sources to compile, and how many are done.
private actor CompileWork {
    private var pieces: [String: [[PythonSources.File]]] = [:]
    private var done: [String: Int] = [:]

    func set(_ layerPieces: [[PythonSources.File]], for layer: String) { pieces[layer] = layerPieces }

    /// Piece `index` of `layer`, nil when the layer has fewer pieces.
    func piece(_ index: Int, of layer: String) -> [PythonSources.File]? {
        guard let all = pieces[layer], index < all.count else { return nil }
        return all[index]
    }

    /// Counts piece `index` as done; returns the pieces done and the layer's piece count.
    func finished(_ index: Int, of layer: String) -> (done: Int, count: Int) {
        done[layer, default: 0] += 1
        return (done[layer]!, pieces[layer]?.count ?? 0)
    }
}

/// Seconds spent on each layer, added to by the scheduler's child tasks.
private actor Timings {
    private(set) var seconds: [String: Double] = [:]

    /// Adds `seconds` to `layer`'s time and returns its total.
    @discardableResult
    func add(_ more: Double, to layer: String) -> Double {
        seconds[layer, default: 0] += more
        return seconds[layer]!
    }
}
