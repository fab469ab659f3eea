/// The status of one layer, as `show` reports it.
public struct LayerStatus: Sendable, Equatable {
    /// The build name.
    public var name: String
    /// The deployed name, `name@???` for a versioned layer without a valid lock.
    public var installTarget: String
    public var hasValidLock: Bool
    /// Selected operations (`lock-if-needed`, `build`, ...), nil when not reported.
    public var selectedOperations: [String]?
    /// Runtime and frameworks below this layer in sys.path order; nil for runtimes
    /// or when dependencies are not reported.
    public var dependencies: [LayerStatus]?

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(name),
            "install_target": .string(installTarget),
            "has_valid_lock": .bool(hasValidLock),
            "selected_operations": selectedOperations.map { .array($0.map(JSONValue.string)) } ?? .null,
        ]
        if let dependencies { members["dependencies"] = .array(dependencies.map(\.json)) }
        return .object(members)
    }

    /// `[*]<build name>[ -> <deployed name>][ (op, op…)]`.
    public var label: String {
        var text = (hasValidLock ? "" : "*") + name
        if installTarget != name { text += " -> \(installTarget)" }
        if let selectedOperations, !selectedOperations.isEmpty {
            text += " (\(selectedOperations.joined(separator: ", ")))"
        }
        return text
    }
}

/// The status of a whole stack (the shape of venvstacks' stack status).
public struct StackStatus: Sendable, Equatable {
    /// Absolute spec path.
    public var specName: String
    public var runtimes: [LayerStatus]
    public var frameworks: [LayerStatus]
    public var applications: [LayerStatus]

    /// Builds the status of the layers in `shown` (all enabled layers when nil). With
    /// `operations`, only the layers it selects are shown, each with its operation names.
    public init(
        spec: StackSpec, locks: StackLockState, shown: Set<String>? = nil, includeDependencies: Bool = true,
        operations: OperationPlan? = nil
    ) {
        let shown = operations.map { Set($0.operations.keys) } ?? shown
        func status(_ buildName: String, isDependency: Bool) -> LayerStatus {
            let lock = locks[buildName]
            return LayerStatus(
                name: buildName,
                installTarget: lock?.deployedName(placeholder: "???") ?? buildName,
                hasValidLock: lock?.hasValidLock ?? false,
                selectedOperations: isDependency ? nil : operations?[buildName]?.names)
        }
        func status(_ layer: LayerSpec, withDependencies: Bool) -> LayerStatus {
            var result = status(layer.buildName, isDependency: false)
            if withDependencies && layer.kind != .runtime {
                result.dependencies = LayerSelection.dependencyBuildNames(of: layer, in: spec)
                    .map { status($0, isDependency: true) }
            }
            return result
        }
        func statuses(_ layers: [LayerSpec]) -> [LayerStatus] {
            layers.filter { $0.isEnabled && (shown?.contains($0.buildName) ?? true) }
                .map { status($0, withDependencies: includeDependencies) }
        }
        specName = spec.specURL.path
        runtimes = statuses(spec.runtimes)
        frameworks = statuses(spec.frameworks)
        applications = statuses(spec.applications)
    }

    public var json: JSONValue {
        .object([
            "spec_name": .string(specName),
            "runtimes": .array(runtimes.map(\.json)),
            "frameworks": .array(frameworks.map(\.json)),
            "applications": .array(applications.map(\.json)),
        ])
    }

    /// The status as a text tree (one line per layer, dependencies nested under each layer).
    public func renderTree() -> String {
        var lines = [specName]
        let sections = [("Runtimes", runtimes), ("Frameworks", frameworks), ("Applications", applications)]
        for (sectionIndex, (title, layers)) in sections.enumerated() {
            let lastSection = sectionIndex == sections.count - 1
            lines.append((lastSection ? "└── " : "├── ") + title)
            let sectionIndent = lastSection ? "    " : "│   "
            for (index, layer) in layers.enumerated() {
                let lastLayer = index == layers.count - 1
                lines.append(sectionIndent + (lastLayer ? "└── " : "├── ") + layer.label)
                let layerIndent = sectionIndent + (lastLayer ? "    " : "│   ")
                let dependencies = layer.dependencies ?? []
                for (depIndex, dependency) in dependencies.enumerated() {
                    let lastDep = depIndex == dependencies.count - 1
                    lines.append(layerIndent + (lastDep ? "└── " : "├── ") + dependency.label)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
