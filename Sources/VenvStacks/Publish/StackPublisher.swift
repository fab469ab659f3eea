import DeterministicArchive
import Foundation

/// What to publish and how.
public struct PublishRequest: Sendable {
    public var plan: OperationPlan
    public var options: PublishPlanner.Options
    /// Rebuild every selected archive even when its metadata is unchanged.
    public var force: Bool
    /// This tool's version and the uv version, recorded in every new snippet.
    public var toolVersion: String

    public init(plan: OperationPlan, options: PublishPlanner.Options, force: Bool, toolVersion: String) {
        self.plan = plan
        self.options = options
        self.force = force
        self.toolVersion = toolVersion
    }
}

/// Publishes layer archives and their metadata (docs/formats.md#published-outputs): one archive per selected
/// layer whose metadata changed, its snippet `env_metadata/<layer>.json`, and the combined
/// manifest. Every file is written atomically, archives first, so an interrupted run leaves
/// either the old or the new metadata and the next run finishes the job (removing the
/// temporary files it left, see ``TemporaryName``). The caller holds the output folder's
/// ``FolderLock``.
public struct StackPublisher: Sendable {
    let spec: StackSpec
    let archiver: LayerArchiver
    let observer: PublishObserver?
    /// Compiles the byte code of precompiled layers (``PublishPlanner/Options/precompiled``).
    let compiler: BytecodeCompiler?

    public init(
        spec: StackSpec, archiver: LayerArchiver, observer: PublishObserver? = nil, compiler: BytecodeCompiler? = nil
    ) {
        self.spec = spec
        self.archiver = archiver
        self.observer = observer
        self.compiler = compiler
    }

    /// The settings recorded in each snippet's `provenance` block: the archiver's, plus
    /// `"bytecode": "unchecked-hash"` for precompiled layers.
    static func settings(of archiver: LayerArchiver, precompiled: Bool) -> JSONValue {
        guard precompiled, case .object(var members) = archiver.settings else { return archiver.settings }
        members["bytecode"] = .string("unchecked-hash")
        return .object(members)
    }

    public func publish(_ request: PublishRequest, states: StackLockState) async throws(StackError) -> PublishResult {
        var options = request.options
        options.archiveExtension = archiver.fileExtension
        options.archiveSettings = Self.settings(of: archiver, precompiled: options.precompiled)
        let planned = try PublishPlanner(spec: spec).requests(
            plan: request.plan, options: options, states: states, force: request.force)
        // The build records of the layers to archive: checked current, and their uv version recorded.
        var records: [String: BuildProvenance] = [:]
        for item in planned where item.request.needsBuild {
            records[item.environment.buildName] = try CurrentBuild.require(
                item.environment, lock: item.lock, moduleHashes: states[item.environment.buildName]?.moduleHashes ?? [],
                buildDirectory: options.buildDirectory, purpose: "archive")
        }
        try Self.prepare(options.outputDirectory, sbom: true)
        var archives: [PublishedArchive] = []
        for item in planned {
            let published = try await publishLayer(
                item, builtBy: records[item.environment.buildName], request: request, options: options,
                states: states)
            archives.append(published)
            observer?.handle(.finished(published))
        }
        let manifest = combinedManifest(published: archives, options: options)
        try manifest.write(to: options.manifestURL)
        return PublishResult(manifestURL: options.manifestURL, manifest: manifest, archives: archives)
    }

    private func publishLayer(
        _ item: PublishPlanner.PlannedArchive, builtBy: BuildProvenance?, request: PublishRequest,
        options: PublishPlanner.Options, states: StackLockState
    )
        async throws(StackError) -> PublishedArchive
    {
        let name = item.environment.buildName
        var snippet = item.request.snippet
        let archiveName = snippet.archive?.name ?? name + archiver.fileExtension
        let archiveURL = options.outputDirectory.appendingPathComponent(archiveName)
        let snippetURL = options.snippetURL(for: name)
        let pylock = states[name]?.files.pylock
        guard item.request.needsBuild else {
            // A kept archive from before SBOMs were written gets one, when its build is current.
            let sbomURL = options.sbomURL(for: name)
            if let pylock, let sha256 = snippet.archive?.sha256, !FileManager.default.itemExists(at: sbomURL),
                (try? CurrentBuild.require(
                    item.environment, lock: item.lock, moduleHashes: states[name]?.moduleHashes ?? [],
                    buildDirectory: options.buildDirectory, purpose: "describe")) != nil
            {
                try writeSBOM(
                    of: item, archiveSHA256: sha256, pylock: pylock, request: request, to: sbomURL, options: options)
            }
            return PublishedArchive(
                buildName: name, archive: archiveURL, snippet: snippetURL, metadata: snippet, built: false, seconds: 0)
        }
        let started = Date()
        if let damaged = item.request.damagedArchive {
            observer?.handle(.rebuildingDamaged(layer: name, archive: damaged))
        }
        observer?.handle(.started(layer: name, archive: archiveName))
        guard let lockedAt = Timestamp.parse(item.lock.lockedAt) else {
            throw StackError(
                layer: name, "the lock time '\(item.lock.lockedAt)' is not a valid timestamp",
                hint: "lock the layer again")
        }
        let bytecode = try await compile(item.environment, options: options)
        let entries = try LayerContents.entries(
            of: item.environment, macOS: options.platform.isMacOS, bytecode: bytecode)
        let observer = self.observer
        let (size, sha256) = try archiver.write(
            entries, to: archiveURL, modificationTime: Int64(lockedAt.timeIntervalSince1970.rounded(.down)),
            progress: { observer?.handle(.progress(layer: name, $0)) })
        snippet.archive?.size = Int(size)
        snippet.archive?.sha256 = sha256
        snippet.archive?.provenance = provenance(builtBy: builtBy, request: request)
        if let pylock {
            try writeSBOM(
                of: item, archiveSHA256: sha256, pylock: pylock, request: request, to: options.sbomURL(for: name),
                options: options)
        }
        try snippet.write(to: snippetURL)
        if let bytecode { try? FileManager.default.removeItem(at: bytecode.scratch) }
        return PublishedArchive(
            buildName: name, archive: archiveURL, snippet: snippetURL, metadata: snippet, built: true,
            seconds: Date().timeIntervalSince(started))
    }

    /// Writes the layer's CycloneDX SBOM (docs/formats.md#layer-sboms) atomically.
    private func writeSBOM(
        of item: PublishPlanner.PlannedArchive, archiveSHA256: String, pylock: URL, request: PublishRequest,
        to url: URL,
        options: PublishPlanner.Options
    ) throws(StackError) {
        let environment = item.environment
        let lower = environment.dependencies.enumerated().map { index, layer in
            (
                name: layer.deployedName,
                kind: index == environment.dependencies.count - 1 ? LayerKind.runtime : .framework
            )
        }
        let sbom = LayerSBOM(
            metadata: item.request.snippet.metadata, kind: environment.layer.kind,
            targetPlatform: options.platform.rawValue, archiveSHA256: archiveSHA256, toolVersion: request.toolVersion,
            packages: try SBOMCollector.packages(of: environment, pylock: pylock, platform: options.platform),
            lowerLayers: lower)
        try StackError.during("cannot write \(url.path)", layer: environment.buildName) {
            try AtomicFile.write(sbom.json.rendered() + "\n", to: url)
        }
    }

    /// For a precompiled publish, the layer's byte code compiled into a scratch folder in the
    /// build folder (removed once archived).
    private func compile(
        _ environment: LayerEnvironment, options: PublishPlanner.Options
    ) async throws(StackError) -> LayerContents.Bytecode? {
        guard options.precompiled else { return nil }
        guard let compiler else {
            throw StackError(layer: environment.buildName, "precompiled publishing needs a byte-code compiler")
        }
        let scratch = options.buildDirectory.appendingPathComponent(environment.buildName + ".bytecode")
        return try await compiler.bytecode(of: environment, into: scratch, reportingTo: observer)
    }

    /// The archive settings, this tool's version and the uv version that built the layer.
    private func provenance(builtBy: BuildProvenance?, request: PublishRequest) -> JSONValue {
        let settings = Self.settings(of: archiver, precompiled: request.options.precompiled)
        guard case .object(var members) = settings else { return settings }
        members["tool"] = .string("venvstacks-swift \(request.toolVersion)")
        members["uv_version"] = builtBy?.uvVersion.map(JSONValue.string)
        return .object(members)
    }

    /// This run's snippets plus, for every other layer of the stack, its snippet from an
    /// earlier run when that archive is still there (venvstacks 0.8 drops them).
    private func combinedManifest(published: [PublishedArchive], options: PublishPlanner.Options) -> StackManifest {
        StackManifest.merging(published, spec: spec, snippetURL: options.snippetURL) { old in
            old.archive.map {
                FileManager.default.fileExists(atPath: options.outputDirectory.appendingPathComponent($0.name).path)
            } ?? false
        }
    }

    /// Creates the output folder and its metadata folders (`sbom/` too when publishing), and
    /// removes what an interrupted run left in them (shared with `local-export`).
    static func prepare(_ outputDirectory: URL, sbom: Bool = false) throws(StackError) {
        let metadata = outputDirectory.appendingPathComponent("__venvstacks__")
        let snippets = metadata.appendingPathComponent("env_metadata")
        let sboms = metadata.appendingPathComponent("sbom")
        try StackError.during("cannot prepare the output folder \(outputDirectory.path)") {
            try FileSystem.makeDirectories(at: snippets)
            if sbom { try FileSystem.makeDirectories(at: sboms) }
            for folder in [outputDirectory, metadata, snippets] + (sbom ? [sboms] : []) {
                try TemporaryName.removeLeftovers(in: folder)
            }
        }
    }

}
