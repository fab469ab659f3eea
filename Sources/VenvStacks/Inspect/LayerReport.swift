import Foundation

/// Where one layer stands: its lock, its build, its published archive, its sizes and its
/// packages (docs/inspecting.md#status). A value: `venvstacks status` prints it, `--json`
/// renders ``json``.
public struct LayerReport: Sendable, Equatable {
    /// The lock, as `show` judges it.
    public enum Lock: Sendable, Equatable {
        case valid
        /// The first reason the lock is not valid.
        case invalid(reason: String)
    }

    /// What changed since a layer was built.
    public enum StaleCause: String, Sendable, Equatable, CaseIterable {
        /// A spec field of the layer (requirements, platforms, targets, indexes, layout).
        case spec
        /// Its lock (requirements hash, lock time or lock version).
        case lock
        /// Its application modules.
        case modules
        /// The build record cannot be read or differs in a way not named here.
        case record
    }

    /// The build environment against the layer as the spec and lock describe it now.
    public enum Build: Sendable, Equatable {
        case current
        /// Built, but something changed since: the causes and the fields that differ.
        case stale(causes: [StaleCause], fields: [String])
        case notBuilt
        /// The layer does not target the platform asked about, so it is never built here.
        case otherPlatforms
    }

    /// The published archive against the layer's current metadata.
    public enum Publication: Sendable, Equatable {
        /// The snippet matches and its archive is there with the recorded size.
        case current(archive: String)
        /// Published, but no longer what publishing now would give (the reason says why).
        case stale(archive: String, reason: String)
        case absent
    }

    public var name: String
    public var deployedName: String
    public var kind: LayerKind
    public var lock: Lock
    public var build: Build
    public var publication: Publication
    /// Bytes of files in the layer's own build folder (nil when not built).
    public var addedSize: Int64?
    /// ``addedSize`` plus that of every layer below it: what an application of this layer
    /// needs on disk (nil unless all of them are built).
    public var environmentSize: Int64?
    /// Size of the published archive, when there is one.
    public var archiveSize: Int64?
    /// Packages the lock installs in this layer, and those it takes from lower layers (nil
    /// without a readable lock file).
    public var installedPackages: Int?
    public var inheritedPackages: Int?

    public init(
        name: String, deployedName: String, kind: LayerKind, lock: Lock, build: Build, publication: Publication,
        addedSize: Int64? = nil, environmentSize: Int64? = nil, archiveSize: Int64? = nil,
        installedPackages: Int? = nil, inheritedPackages: Int? = nil
    ) {
        self.name = name
        self.deployedName = deployedName
        self.kind = kind
        self.lock = lock
        self.build = build
        self.publication = publication
        self.addedSize = addedSize
        self.environmentSize = environmentSize
        self.archiveSize = archiveSize
        self.installedPackages = installedPackages
        self.inheritedPackages = inheritedPackages
    }

    /// The JSON form (schema in docs/inspecting.md#status).
    public var json: JSONValue {
        let size: (Int64?) -> JSONValue = { $0.map { .int(Int($0)) } ?? .null }
        let count: (Int?) -> JSONValue = { $0.map(JSONValue.int) ?? .null }
        var lockMembers: [String: JSONValue] = [:]
        switch lock {
        case .valid: lockMembers = ["state": .string("valid")]
        case .invalid(let reason): lockMembers = ["state": .string("invalid"), "reason": .string(reason)]
        }
        var buildMembers: [String: JSONValue]
        switch build {
        case .current: buildMembers = ["state": .string("current")]
        case .notBuilt: buildMembers = ["state": .string("not built")]
        case .otherPlatforms: buildMembers = ["state": .string("other platforms")]
        case .stale(let causes, let fields):
            buildMembers = [
                "state": .string("stale"), "causes": .array(causes.map { .string($0.rawValue) }),
                "changed_fields": .array(fields.map(JSONValue.string)),
            ]
        }
        var publishMembers: [String: JSONValue]
        switch publication {
        case .current(let archive): publishMembers = ["state": .string("current"), "archive": .string(archive)]
        case .absent: publishMembers = ["state": .string("absent")]
        case .stale(let archive, let reason):
            publishMembers = ["state": .string("stale"), "archive": .string(archive), "reason": .string(reason)]
        }
        return .object([
            "name": .string(name),
            "install_target": .string(deployedName),
            "kind": .string(kind.rawValue),
            "lock": .object(lockMembers),
            "build": .object(buildMembers),
            "publish": .object(publishMembers),
            "sizes": .object([
                "added": size(addedSize), "environment": size(environmentSize), "archive": size(archiveSize),
            ]),
            "packages": .object(["installed": count(installedPackages), "inherited": count(inheritedPackages)]),
        ])
    }
}

/// Where every selected layer of a stack stands (``LayerReport``), with the folders judged.
public struct StackReport: Sendable, Equatable {
    public var specPath: String
    public var buildDirectory: String
    public var outputDirectory: String
    /// Runtimes, frameworks, then applications, each in definition order.
    public var layers: [LayerReport]

    public init(specPath: String, buildDirectory: String, outputDirectory: String, layers: [LayerReport]) {
        self.specPath = specPath
        self.buildDirectory = buildDirectory
        self.outputDirectory = outputDirectory
        self.layers = layers
    }

    /// The JSON form (schema in docs/inspecting.md#status).
    public var json: JSONValue {
        .object([
            "spec_path": .string(specPath),
            "build_dir": .string(buildDirectory),
            "output_dir": .string(outputDirectory),
            "layers": .array(layers.map(\.json)),
        ])
    }
}
