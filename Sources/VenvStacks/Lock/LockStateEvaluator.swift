import Foundation

/// Judges the lock of every enabled layer, including the upward invalidation cascade
/// (docs/formats.md#lock-validity-and-versioning).
public struct LockStateEvaluator: Sendable {
    let spec: StackSpec
    let filter: SourceTreeFilter

    public init(spec: StackSpec, filter: SourceTreeFilter) {
        self.spec = spec
        self.filter = filter
    }

    public func evaluate() throws(StackError) -> StackLockState {
        var states: [String: LayerLockStatus] = [:]
        // Validity by build name, read once per dependency (cheaper than copying each status).
        var valid: [String: Bool] = [:]
        for layer in spec.enabledLayers {
            var state = try status(of: layer)
            state.invalidDependencies = LayerSelection.dependencyBuildNames(of: layer, in: spec)
                .filter { name in !(valid[name] ?? false) }
            valid[layer.buildName] = state.hasValidLock
            states[layer.buildName] = state
        }
        return StackLockState(layers: states)
    }

    /// The lock status of `layer` alone (no cascade).
    func status(of layer: LayerSpec) throws(StackError) -> LayerLockStatus {
        let files = LayerLockFiles(requirementsDirectory: spec.requirementsDirectory, buildName: layer.buildName)
        var problems: [String] = []
        var stored: LockMetadata?
        // Missing is not the same as unreadable: a file that cannot be read says why.
        do {
            if let data = try FileSystem.readRegularFileIfPresent(
                at: files.metadata, maxBytes: FileSystem.metadataLimit)
            {
                if let json = try? JSONValue.parse(data), let metadata = LockMetadata(json: json) {
                    stored = metadata
                } else {
                    problems.append("\(files.metadata.path) is not valid lock metadata (relock to replace it)")
                }
            }
        } catch {
            problems.append("lock metadata unreadable: \(error.description)")
        }
        guard let runtime = spec.runtime(named: layer.runtime) else {
            throw StackError(layer: layer.buildName, "runtime '\(layer.runtime)' is not defined")
        }
        let moduleHashes = try appModuleHashes(layer)
        var current = CurrentLockInputs(
            lockInputHash: LockHashes.lockInputHash(layer.requirements),
            otherInputsHash: ContentHash.hashStrings(LockHashes.otherInputs(for: layer, runtime: runtime)),
            versionInputsHash: ContentHash.hashStrings(
                LockHashes.versionInputs(for: layer, moduleHashes: moduleHashes)),
            requirementsHash: nil)
        if let stored, stored.lockInputHash == current.lockInputHash {
            do {
                if let data = try FileSystem.readRegularFileIfPresent(
                    at: files.pylock, maxBytes: FileSystem.metadataLimit)
                {
                    let packages = try PylockReader.packages(
                        in: String(decoding: data, as: UTF8.self), file: files.pylock.path)
                    current.requirementsHash = LockHashes.requirementsHash(packages)
                }
            } catch let error as FileSystemError {
                problems.append("lock file unreadable: \(error.description)")
            } catch {
                problems.append("\(error)")
            }
        }
        return LayerLockStatus(
            buildName: layer.buildName, versioned: layer.versioned, files: files, stored: stored,
            current: current, moduleHashes: moduleHashes, readProblems: problems)
    }

    private func appModuleHashes(_ layer: LayerSpec) throws(StackError) -> [String] {
        guard layer.kind == .application else { return [] }
        let modules = (layer.launchModule.map { [$0] } ?? []) + layer.supportModules
        var hashes: [String] = []
        for module in modules {
            hashes.append(
                try StackError.during("cannot hash module '\(module.specPath)'", layer: layer.buildName) {
                    try ModuleHash.hash(of: module.url, filter: filter)
                })
        }
        return hashes
    }
}
