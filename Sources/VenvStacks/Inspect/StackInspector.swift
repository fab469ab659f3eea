import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `status` looks at besides the spec and locks.
public struct StatusRequest: Sendable {
    /// Build names to report (all enabled layers when nil).
    public var layers: Set<String>?
    public var buildDirectory: URL
    /// The folder `publish` writes, with its naming (tagged or not) and platform.
    public var outputDirectory: URL
    public var tagged: Bool
    public var platform: TargetPlatform

    public init(
        layers: Set<String>? = nil, buildDirectory: URL, outputDirectory: URL, tagged: Bool = false,
        platform: TargetPlatform
    ) {
        self.layers = layers
        self.buildDirectory = buildDirectory
        self.outputDirectory = outputDirectory
        self.tagged = tagged
        self.platform = platform
    }
}

/// Works out ``StackReport``s from a loaded stack, its lock states and what is on disk.
/// Read-only: it writes nothing, starts no program and hashes no archive (an archive is
/// judged by its recorded size), so it answers in well under a second.
struct StackInspector {
    let spec: StackSpec
    let states: StackLockState

    func report(_ request: StatusRequest) -> StackReport {
        let environments = LayerEnvironment.all(in: spec, states: states, buildDirectory: request.buildDirectory)
        let options = PublishPlanner.Options(
            buildDirectory: request.buildDirectory, outputDirectory: request.outputDirectory,
            platform: request.platform, tagged: request.tagged)
        var added: [String: Int64] = [:]
        for layer in spec.enabledLayers {
            guard let environment = environments[layer.buildName],
                Self.isBuilt(environment, in: request.buildDirectory)
            else { continue }
            added[layer.buildName] = TreeSize.of(environment.directory)
        }
        var reports: [LayerReport] = []
        for kind in LayerKind.allCases {
            for layer in spec.enabledLayers
            where layer.kind == kind && (request.layers?.contains(layer.buildName) ?? true) {
                reports.append(report(layer, environments: environments, options: options, added: added))
            }
        }
        return StackReport(
            specPath: spec.specURL.path, buildDirectory: request.buildDirectory.path,
            outputDirectory: request.outputDirectory.path, layers: reports)
    }

    private func report(
        _ layer: LayerSpec, environments: [String: LayerEnvironment], options: PublishPlanner.Options,
        added: [String: Int64]
    ) -> LayerReport {
        let name = layer.buildName
        let state = states[name]
        let environment = environments[name]
        let metadata = environment.flatMap { environment in
            state?.stored.map { LayerMetadata(of: environment, lock: $0, moduleHashes: state?.moduleHashes ?? []) }
        }
        let below = LayerSelection.dependencyBuildNames(of: layer, in: spec)
        let environmentSize: Int64? =
            ([name] + below).allSatisfy { added[$0] != nil } ? ([name] + below).reduce(0) { $0 + added[$1]! } : nil
        let (publication, archiveSize) = publication(of: name, metadata: metadata, options: options)
        let packages = packageCounts(state)
        return LayerReport(
            name: name, deployedName: state?.deployedName(placeholder: "???") ?? name, kind: layer.kind,
            lock: state.map { $0.hasValidLock ? .valid : .invalid(reason: $0.invalidityReasons.first ?? "not valid") }
                ?? .invalid(reason: "not judged"),
            build: layer.platforms.contains(options.platform)
                ? build(of: environment, metadata: metadata, buildDirectory: options.buildDirectory) : .otherPlatforms,
            publication: publication, addedSize: added[name], environmentSize: environmentSize,
            archiveSize: archiveSize, installedPackages: packages?.installed, inheritedPackages: packages?.inherited)
    }

    /// A layer counts as built when its Python and its build record are there.
    static func isBuilt(_ environment: LayerEnvironment, in buildDirectory: URL) -> Bool {
        let fm = FileManager.default
        return fm.isExecutableFile(atPath: environment.python.path)
            && fm.fileExists(atPath: BuildRecord.url(for: environment.buildName, in: buildDirectory).path)
    }

    /// The build against the record the layer would get if built now.
    private func build(of environment: LayerEnvironment?, metadata: LayerMetadata?, buildDirectory: URL)
        -> LayerReport.Build
    {
        guard let environment, Self.isBuilt(environment, in: buildDirectory) else { return .notBuilt }
        guard let metadata else { return .stale(causes: [.lock], fields: ["lock metadata"]) }
        let current = BuildRecord(details: metadata, spec: LayerSpecRecord.json(of: environment.layer))
        let stored = BuildRecord.read(BuildRecord.url(for: environment.buildName, in: buildDirectory))
        switch current.changes(stored: stored) {
        case nil: return .current
        case .noRecord?: return .notBuilt
        case .unreadable?: return .stale(causes: [.record], fields: [])
        case .fields(let fields)?:
            let causes = Set(fields.map { Self.cause(section: $0.section, key: $0.key) })
            return .stale(
                causes: LayerReport.StaleCause.allCases.filter(causes.contains),
                fields: fields.map(\.key))
        }
    }

    /// What a changed build-record field says changed.
    static func cause(section: String, key: String) -> LayerReport.StaleCause {
        switch (section, key) {
        case ("layer_details", "requirements_hash"), ("layer_details", "locked_at"),
            ("layer_details", "lock_version"):
            .lock
        case ("layer_details", "app_launch_module_hash"), ("layer_details", "app_support_modules"):
            .modules
        case ("layer_details", "layer_details"), ("layer_spec", "layer_spec"):
            .record
        default:
            .spec
        }
    }

    /// The published snippet and archive against the layer's current metadata.
    private func publication(of name: String, metadata: LayerMetadata?, options: PublishPlanner.Options)
        -> (LayerReport.Publication, Int64?)
    {
        guard let snippet = LayerSnippet.read(options.snippetURL(for: name)), let archive = snippet.archive else {
            return (.absent, nil)
        }
        let url = options.outputDirectory.appendingPathComponent(archive.name)
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return (.stale(archive: archive.name, reason: "the archive is missing"), nil)
        }
        let size = Int64(info.st_size)
        guard archive.size.map(Int64.init) == size else {
            return (.stale(archive: archive.name, reason: "the archive's size differs from its metadata"), size)
        }
        guard let metadata else {
            return (.stale(archive: archive.name, reason: "the layer has no lock metadata"), size)
        }
        guard snippet.metadata == metadata else {
            let differing = Self.differingFields(snippet.metadata.json, metadata.json)
            return (.stale(archive: archive.name, reason: "changed: " + differing.joined(separator: ", ")), size)
        }
        return (.current(archive: archive.name), size)
    }

    static func differingFields(_ old: JSONValue, _ new: JSONValue) -> [String] {
        guard case .object(let before) = old, case .object(let now) = new else { return [] }
        return Set(before.keys).union(now.keys).filter { before[$0] != now[$0] }.sorted(by: bytewise)
    }

    /// Packages the layer's lock installs and those marked as provided by lower layers.
    private func packageCounts(_ state: LayerLockStatus?) -> (installed: Int, inherited: Int)? {
        guard let state,
            let data = try? FileSystem.readRegularFile(at: state.files.pylock, maxBytes: FileSystem.metadataLimit),
            let packages = try? PylockReader.packages(
                in: String(decoding: data, as: UTF8.self), file: state.files.pylock.path)
        else { return nil }
        let inherited = packages.filter { $0.marker?.contains(sharedMarkerClause) ?? false }.count
        return (packages.count - inherited, inherited)
    }
}
