import Foundation

/// A layer's metadata as published (docs/formats.md#published-metadata-fields, without the archive fields). The
/// build record stores it too, so a change of lock or module always shows up there.
public enum LayerDetails {
    public static func json(of environment: LayerEnvironment, lock: LockMetadata, moduleHashes: [String]) -> JSONValue {
        let layer = environment.layer
        var members: [String: JSONValue] = [
            "layer_name": .string(layer.buildName),
            "install_target": .string(environment.deployedName),
            "requirements_hash": .string(lock.requirementsHash),
            "lock_version": .int(lock.effectiveLockVersion(versioned: layer.versioned)),
            "locked_at": .string(lock.lockedAt),
            "runtime_layer": .string(environment.runtime.deployedName),
            "python_implementation": .string(environment.implementation.request),
            // Layered environments link to their runtime; only runtimes carry the interpreter.
            "bound_to_implementation": .bool(environment.isRuntime),
        ]
        if !environment.isRuntime {
            members["required_layers"] = .array(environment.frameworks.map { .string($0.deployedName) })
        }
        if let launch = layer.launchModule, let launchHash = moduleHashes.first {
            members["app_launch_module"] = .string(launch.name)
            members["app_launch_module_hash"] = .string(launchHash)
            let support = zip(layer.supportModules, moduleHashes.dropFirst()).map { module, hash -> JSONValue in
                .object(["name": .string(module.name), "hash": .string(hash)])
            }
            if !support.isEmpty { members["app_support_modules"] = .array(support) }
        }
        return .object(members)
    }

    /// The layer's spec as plain data (venvstacks 0.8's `to_dict()`): names for the runtime
    /// and frameworks, requirement strings, absolute module paths.
    public static func specJSON(of layer: LayerSpec) -> JSONValue {
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
