import Foundation

/// An application module named in layer metadata, with its hash (``ModuleHash``).
public struct ModuleDigest: Sendable, Equatable {
    public var name: String
    public var hash: String

    public init(name: String, hash: String) {
        self.name = name
        self.hash = hash
    }
}

/// A layer's metadata (docs/formats.md#published-metadata-fields, without the archive fields):
/// the `layer_details` of its build record, the start of every snippet it is published or
/// exported with. Encoded through the canonical JSON writer, so the bytes are venvstacks 0.8's.
public struct LayerMetadata: Sendable, Equatable {
    public var layerName: String
    public var installTarget: String
    public var requirementsHash: String
    public var lockVersion: Int
    public var lockedAt: String
    public var runtimeLayer: String
    public var pythonImplementation: String
    /// Only runtimes carry the interpreter; layered environments link to their runtime.
    public var boundToImplementation: Bool
    /// The frameworks a layered environment sees, by deployed name (nil for a runtime).
    public var requiredLayers: [String]?
    public var launchModule: ModuleDigest?
    /// Written only when there are any.
    public var supportModules: [ModuleDigest]

    /// The metadata of `environment` with the lock it is built from and its module hashes
    /// (launch module first, then the support modules).
    public init(of environment: LayerEnvironment, lock: LockMetadata, moduleHashes: [String]) {
        let layer = environment.layer
        layerName = layer.buildName
        installTarget = environment.deployedName
        requirementsHash = lock.requirementsHash
        lockVersion = lock.effectiveLockVersion(versioned: layer.versioned)
        lockedAt = lock.lockedAt
        runtimeLayer = environment.runtime.deployedName
        pythonImplementation = environment.implementation.request
        boundToImplementation = environment.isRuntime
        requiredLayers = environment.isRuntime ? nil : environment.frameworks.map(\.deployedName)
        if let launch = layer.launchModule, let launchHash = moduleHashes.first {
            launchModule = ModuleDigest(name: launch.name, hash: launchHash)
            supportModules = zip(layer.supportModules, moduleHashes.dropFirst()).map {
                ModuleDigest(name: $0.name, hash: $1)
            }
        } else {
            launchModule = nil
            supportModules = []
        }
    }

    /// The metadata as a JSON object (the field names of docs/formats.md).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "layer_name": .string(layerName),
            "install_target": .string(installTarget),
            "requirements_hash": .string(requirementsHash),
            "lock_version": .int(lockVersion),
            "locked_at": .string(lockedAt),
            "runtime_layer": .string(runtimeLayer),
            "python_implementation": .string(pythonImplementation),
            "bound_to_implementation": .bool(boundToImplementation),
        ]
        if let requiredLayers { members["required_layers"] = .array(requiredLayers.map(JSONValue.string)) }
        if let launchModule {
            members["app_launch_module"] = .string(launchModule.name)
            members["app_launch_module_hash"] = .string(launchModule.hash)
            if !supportModules.isEmpty {
                members["app_support_modules"] = .array(
                    supportModules.map { .object(["name": .string($0.name), "hash": .string($0.hash)]) })
            }
        }
        return .object(members)
    }

    /// Reads metadata written by this tool or venvstacks 0.8 (other fields, such as the
    /// archive fields of a snippet, are ignored); nil when a field is missing or mistyped.
    public init?(json: JSONValue) {
        guard let layerName = json["layer_name"]?.stringValue,
            let installTarget = json["install_target"]?.stringValue,
            let requirementsHash = json["requirements_hash"]?.stringValue,
            let lockVersion = json["lock_version"]?.intValue,
            let lockedAt = json["locked_at"]?.stringValue,
            let runtimeLayer = json["runtime_layer"]?.stringValue,
            let pythonImplementation = json["python_implementation"]?.stringValue,
            case .bool(let bound)? = json["bound_to_implementation"]
        else { return nil }
        self.layerName = layerName
        self.installTarget = installTarget
        self.requirementsHash = requirementsHash
        self.lockVersion = lockVersion
        self.lockedAt = lockedAt
        self.runtimeLayer = runtimeLayer
        self.pythonImplementation = pythonImplementation
        boundToImplementation = bound
        switch json["required_layers"] {
        case nil: requiredLayers = nil
        case .array(let items)?:
            let names = items.compactMap(\.stringValue)
            guard names.count == items.count else { return nil }
            requiredLayers = names
        default: return nil
        }
        if let name = json["app_launch_module"]?.stringValue {
            guard let hash = json["app_launch_module_hash"]?.stringValue else { return nil }
            launchModule = ModuleDigest(name: name, hash: hash)
        } else {
            launchModule = nil
        }
        guard case .array(let items)? = json["app_support_modules"] else {
            supportModules = []
            return
        }
        let modules = items.compactMap { item -> ModuleDigest? in
            guard let name = item["name"]?.stringValue, let hash = item["hash"]?.stringValue else { return nil }
            return ModuleDigest(name: name, hash: hash)
        }
        guard modules.count == items.count else { return nil }
        supportModules = modules
    }
}

/// The layer's spec as plain data (venvstacks 0.8's `to_dict()`): names for the runtime and
/// frameworks, requirement strings, absolute module paths. The build record keeps it, so a
/// change of any spec field rebuilds the layer.
public enum LayerSpecRecord {
    public static func json(of layer: LayerSpec) -> JSONValue {
        let strings: ([String]) -> JSONValue = { .array($0.map(JSONValue.string)) }
        var members: [String: JSONValue] = [
            "name": .string(layer.name),
            "versioned": .bool(layer.versioned),
            "requirements": strings(layer.requirements.map(\.description)),
            "platforms": strings(layer.platforms.map(\.rawValue)),
            "linux_target": .string(layer.linuxTarget.raw),
            "macosx_target": .string(layer.macosxTarget.raw),
            "dynlib_exclude": strings(layer.dynlibExclude),
            "package_indexes": .object(layer.packageIndexes.mapValues(JSONValue.string)),
            "priority_indexes": strings(layer.priorityIndexes),
            "index_overrides": .object(layer.indexOverrides.mapValues(JSONValue.string)),
        ]
        switch layer.kind {
        case .runtime:
            members["python_implementation"] = .string(layer.pythonImplementation?.request ?? "")
        case .framework, .application:
            members["runtime"] = .string(layer.runtime)
            members["frameworks"] = strings(layer.frameworks)
        }
        if let launch = layer.launchModule {
            members["launch_module_path"] = .string(launch.url.standardizedFileURL.path)
            members["support_module_paths"] = strings(layer.supportModules.map { $0.url.standardizedFileURL.path })
        }
        return .object(members)
    }
}
