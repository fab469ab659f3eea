import Foundation

/// Plans a publish run: the archive request of every layer selected for publishing, in
/// the manifest's order (runtimes, frameworks, applications, each in definition order).
public struct PublishPlanner: Sendable {
    let spec: StackSpec

    public init(spec: StackSpec) {
        self.spec = spec
    }

    /// Output layout and naming.
    public struct Options: Sendable {
        public var buildDirectory: URL
        public var outputDirectory: URL
        public var platform: TargetPlatform
        public var tagged: Bool
        public var archiveExtension: String
        /// The archive settings recorded in each snippet's `provenance` block; a previous
        /// archive made with other settings is rebuilt.
        public var archiveSettings: JSONValue?
        /// Put each layer's byte code in its archive (docs/precompiled.md).
        public var precompiled = false

        public init(
            buildDirectory: URL, outputDirectory: URL, platform: TargetPlatform, tagged: Bool,
            archiveExtension: String = ".tar.xz", archiveSettings: JSONValue? = nil
        ) {
            self.buildDirectory = buildDirectory
            self.outputDirectory = outputDirectory
            self.platform = platform
            self.tagged = tagged
            self.archiveExtension = archiveExtension
            self.archiveSettings = archiveSettings
        }

        private var suffix: String { tagged ? "-" + platform.rawValue : "" }

        /// `__venvstacks__/env_metadata/<layer>[-<platform>].json`.
        public func snippetURL(for buildName: String) -> URL {
            outputDirectory.appendingPathComponent("__venvstacks__/env_metadata")
                .appendingPathComponent("\(buildName)\(suffix).json")
        }

        /// `__venvstacks__/sbom/<layer>[-<platform>].cdx.json` (docs/formats.md#layer-sboms).
        public func sbomURL(for buildName: String) -> URL {
            outputDirectory.appendingPathComponent("__venvstacks__/sbom")
                .appendingPathComponent("\(buildName)\(suffix).cdx.json")
        }

        /// `__venvstacks__/venvstacks[-<platform>].json`.
        public var manifestURL: URL {
            outputDirectory.appendingPathComponent("__venvstacks__/venvstacks\(suffix).json")
        }
    }

    /// A layer to publish: its environment, lock and archive request.
    public struct PlannedArchive: Sendable {
        public let environment: LayerEnvironment
        public let lock: LockMetadata
        public let request: ArchiveRequest
    }

    /// A layer selected for publishing (or exporting), with its lock and metadata.
    public struct SelectedLayer: Sendable {
        public let environment: LayerEnvironment
        public let lock: LockMetadata
        /// The layer's published metadata (docs/formats.md#published-metadata-fields) without the archive fields.
        public let details: LayerMetadata
    }

    /// Every layer `plan` publishes, in manifest order. Each must be validly locked.
    /// `states` are the stack's lock states (``LockStateEvaluator``).
    public func selectedLayers(plan: OperationPlan, states: StackLockState, buildDirectory: URL)
        throws(StackError) -> [SelectedLayer]
    {
        let environments = LayerEnvironment.all(in: spec, states: states, buildDirectory: buildDirectory)
        var selected: [SelectedLayer] = []
        for kind in LayerKind.allCases {
            for layer in spec.enabledLayers where layer.kind == kind && plan[layer.buildName]?.publish == true {
                guard let state = states[layer.buildName], state.hasValidLock, let lock = state.stored,
                    let environment = environments[layer.buildName]
                else {
                    let reasons = states[layer.buildName]?.invalidityReasons.joined(separator: "; ") ?? "no lock"
                    throw StackError(
                        layer: layer.buildName, "Environment has not been locked (\(reasons))",
                        hint: "run 'venvstacks lock' first")
                }
                let details = LayerMetadata(of: environment, lock: lock, moduleHashes: state.moduleHashes)
                selected.append(SelectedLayer(environment: environment, lock: lock, details: details))
            }
        }
        return selected
    }

    /// The archive request of every layer `plan` publishes.
    public func requests(plan: OperationPlan, options: Options, states: StackLockState, force: Bool)
        throws(StackError) -> [PlannedArchive]
    {
        try selectedLayers(plan: plan, states: states, buildDirectory: options.buildDirectory).map { layer in
            let previous = LayerSnippet.read(options.snippetURL(for: layer.environment.buildName))
            let request = ArchiveRequest.plan(
                details: layer.details, previous: previous,
                archiveState: { name, previous in
                    ArchiveFileState.of(options.outputDirectory.appendingPathComponent(name), recordedIn: previous)
                },
                platform: options.platform, tagged: options.tagged, archiveExtension: options.archiveExtension,
                archiveSettings: options.archiveSettings, force: force)
            return PlannedArchive(environment: layer.environment, lock: layer.lock, request: request)
        }
    }

    /// `{"layers": {"runtimes": [...], "frameworks": [...], "applications": [...]}}` holding
    /// each selected layer's archive build metadata, as a dry run reports it (`--force` is
    /// ignored in a dry run, as in venvstacks 0.8).
    public func dryRun(plan: OperationPlan, options: Options, states: StackLockState) throws(StackError) -> JSONValue {
        let planned = try requests(plan: plan, options: options, states: states, force: false)
        return StackManifest(planned.map { .init(kind: $0.environment.layer.kind, snippet: $0.request.snippet) }).json
    }
}

/// The combined manifest `{"layers": {"applications": [...], "frameworks": [...], "runtimes": [...]}}`
/// (docs/formats.md#combined-manifest): one snippet per layer, each list in the order given.
public struct StackManifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var kind: LayerKind
        public var snippet: LayerSnippet

        public init(kind: LayerKind, snippet: LayerSnippet) {
            self.kind = kind
            self.snippet = snippet
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) { self.entries = entries }

    /// The manifest as JSON: entries grouped by layer kind, every group present.
    public var json: JSONValue {
        var layers: [String: JSONValue] = [:]
        for kind in LayerKind.allCases {
            layers[kind.category] = .array(entries.filter { $0.kind == kind }.map(\.snippet.json))
        }
        return .object(["layers": .object(layers)])
    }

    /// The manifest of a run that produced `published`, keeping for every other layer of
    /// the stack its snippet from an earlier run when `stillThere` says its output exists.
    static func merging(
        _ published: [PublishedArchive], spec: StackSpec, snippetURL: (String) -> URL,
        stillThere: (LayerSnippet) -> Bool
    ) -> StackManifest {
        let byName = Dictionary(published.map { ($0.buildName, $0.metadata) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        for kind in LayerKind.allCases {
            for layer in spec.enabledLayers where layer.kind == kind {
                if let metadata = byName[layer.buildName] {
                    entries.append(Entry(kind: kind, snippet: metadata))
                } else if let old = LayerSnippet.read(snippetURL(layer.buildName)), stillThere(old) {
                    entries.append(Entry(kind: kind, snippet: old))
                }
            }
        }
        return StackManifest(entries)
    }

    /// Writes the manifest (indent 2, sorted keys, trailing newline) atomically.
    func write(to url: URL) throws(StackError) {
        try Manifest.write(json, to: url)
    }
}

/// Reading and writing metadata files.
enum Manifest {
    /// A metadata file from an earlier run, or nil when there is none (or none that can be
    /// read as JSON: it is then made again, and replaced).
    static func readJSON(_ url: URL) -> JSONValue? {
        (try? FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit)).flatMap {
            try? JSONValue.parse($0)
        }
    }

    /// Writes `json` (indent 2, sorted keys, trailing newline) atomically.
    static func write(_ json: JSONValue, to url: URL) throws(StackError) {
        try StackError.during("cannot write \(url.path)") { try AtomicFile.write(json.rendered(), to: url) }
    }
}
