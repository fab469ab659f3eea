import Foundation
import PythonPackaging

/// One layer as its spec and committed lock describe it (the `layer` and `packages` answers
/// of `venvstacks inspect`).
public struct LayerDetails: Sendable, Equatable {
    public struct Package: Sendable, Equatable {
        public var name: String
        public var version: String
        /// False when the lock marks it as provided by a lower layer.
        public var installed: Bool
        /// The marker without the lower-layer clause (nil when needed everywhere).
        public var marker: String?
    }

    public var name: String
    public var deployedName: String
    public var kind: LayerKind
    /// The runtime's name (frameworks and applications) or the Python implementation (runtimes).
    public var runtime: String
    /// Linearised frameworks, highest priority first.
    public var frameworks: [String]
    public var requirements: [String]
    public var platforms: [String]
    public var launchModule: String?
    public var lock: LayerReport.Lock
    public var lockedAt: String?
    public var lockVersion: Int?
    /// The packages of the committed lock (nil when it cannot be read).
    public var packages: [Package]?

    public var json: JSONValue {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        var lockMembers: [String: JSONValue] = [
            "locked_at": optional(lockedAt), "lock_version": lockVersion.map(JSONValue.int) ?? .null,
        ]
        switch lock {
        case .valid: lockMembers["state"] = .string("valid")
        case .invalid(let reason):
            lockMembers["state"] = .string("invalid")
            lockMembers["reason"] = .string(reason)
        }
        return .object([
            "name": .string(name), "install_target": .string(deployedName), "kind": .string(kind.rawValue),
            "runtime": .string(runtime), "frameworks": .array(frameworks.map(JSONValue.string)),
            "requirements": .array(requirements.map(JSONValue.string)),
            "platforms": .array(platforms.map(JSONValue.string)), "launch_module": optional(launchModule),
            "lock": .object(lockMembers),
            "packages": packages.map { list in
                .array(
                    list.map {
                        .object([
                            "name": .string($0.name), "version": .string($0.version), "installed": .bool($0.installed),
                            "marker": optional($0.marker),
                        ])
                    })
            } ?? .null,
        ])
    }
}

extension StackWorkspace {
    /// The spec and lock of the enabled layer `name` (a build name, or a name when that is
    /// unambiguous); an unknown name is an error naming the closest layers.
    public func layerDetails(_ name: String) throws(StackError) -> LayerDetails {
        let layers = spec.enabledLayers
        let candidates = layers.filter { $0.buildName == name }
        let byName = layers.filter { $0.name == name }
        guard let layer = candidates.first ?? (byName.count == 1 ? byName.first : nil) else {
            throw StackError(
                "no layer '\(name)' in the stack",
                hint: NameSuggestions.hint(for: name, in: layers.map(\.buildName), what: "layer"))
        }
        let state = states[layer.buildName]
        let packages = state.flatMap { _ in
            WhyInspector(spec: spec, states: states).lockedPackagesIfReadable(of: layer)
        }?.map { package in
            let split = WhyInspector.splitSharedClause(package.marker)
            return LayerDetails.Package(
                name: canonicalizeName(package.name), version: package.version, installed: !split.inherited,
                marker: split.marker)
        }
        let below = LayerSelection.dependencyBuildNames(of: layer, in: spec)
        return LayerDetails(
            name: layer.buildName, deployedName: state?.deployedName(placeholder: "???") ?? layer.buildName,
            kind: layer.kind,
            runtime: layer.kind == .runtime ? layer.pythonImplementation?.request ?? "" : layer.runtime,
            frameworks: Array(below.dropLast()), requirements: layer.requirements.map(\.description),
            platforms: layer.platforms.map(\.rawValue), launchModule: layer.launchModule?.name,
            lock: state.map { $0.hasValidLock ? .valid : .invalid(reason: $0.invalidityReasons.first ?? "not valid") }
                ?? .invalid(reason: "not judged"),
            lockedAt: state?.stored?.lockedAt,
            lockVersion: state?.stored.map { $0.effectiveLockVersion(versioned: layer.versioned) },
            packages: packages)
    }
}
