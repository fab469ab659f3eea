/// Resolves framework and application dependencies in definition order: runtime
/// inference, C3 linearisation, platform narrowing and package-index inheritance.
struct DependencyResolver {
    let file: String
    private(set) var runtimes: [String: LayerSpec] = [:]
    private(set) var frameworks: [String: LayerSpec] = [:]
    /// Every framework name in the spec, to tell forward references from typos.
    let allFrameworkNames: Set<String>

    init(file: String, runtimes: [LayerSpec], allFrameworkNames: Set<String>) {
        self.file = file
        self.allFrameworkNames = allFrameworkNames
        for runtime in runtimes { self.runtimes[runtime.name] = runtime }
    }

    /// Records a resolved framework so later layers can depend on it.
    mutating func register(_ framework: LayerSpec) {
        frameworks[framework.name] = framework
    }

    /// Resolves `layer`; returns nil (after reporting) when its dependencies are unusable.
    func resolve(_ layer: LayerSpec, _ diagnostics: inout SpecDiagnostics) -> LayerSpec? {
        var layer = layer
        let declaredRuntime = layer.runtime.isEmpty ? nil : layer.runtime
        let declared = layer.declaredFrameworks
        let at = { (field: String) in SpecLocation(file: file, layer: layer.label, field: field) }
        if let declaredRuntime, !declared.isEmpty {
            diagnostics.error(
                at("frameworks"),
                "\(layer.label) must specify a runtime or framework dependencies, not both (runtime: '\(declaredRuntime)'; frameworks: \(pythonList(declared))); keep only one of 'runtime' and 'frameworks'"
            )
            return nil
        }
        if declaredRuntime == nil && declared.isEmpty {
            diagnostics.error(
                at("runtime"),
                "\(layer.label) must specify a runtime or at least one framework dependency (add runtime = \"<runtime name>\" or frameworks = [...])"
            )
            return nil
        }
        if let declaredRuntime {
            guard runtimes[declaredRuntime] != nil else {
                diagnostics.error(
                    at("runtime"),
                    "\(layer.label) references unknown runtime '\(declaredRuntime)' (\(known(runtimes.keys, "runtimes")))"
                )
                return nil
            }
        } else {
            var ok = true
            for name in declared where frameworks[name] == nil {
                ok = false
                let hint =
                    allFrameworkNames.contains(name)
                    ? "a layer can only depend on frameworks defined before it in the spec file"
                    : known(frameworks.keys, "frameworks")
                diagnostics.error(at("frameworks"), "\(layer.label) references unknown framework '\(name)' (\(hint))")
            }
            guard ok else { return nil }
            do {
                layer.frameworks = try Linearization.c3(declared: declared) { frameworks[$0]?.frameworks ?? [] }
            } catch {
                let remaining = "[" + error.remaining.map(pythonList).joined(separator: ", ") + "]"
                diagnostics.error(
                    at("frameworks"),
                    "\(layer.label) dependency linearization failed (remaining sequences: \(remaining)); the layers it depends on list shared frameworks in conflicting orders, so reorder their 'frameworks' fields to agree"
                )
                return nil
            }
            let first = frameworks[layer.frameworks[0]]!
            for name in layer.frameworks.dropFirst() {
                let other = frameworks[name]!
                if other.runtime != first.runtime {
                    diagnostics.error(
                        at("frameworks"),
                        "\(layer.label) references inconsistent frameworks. '\(first.name)' requires runtime '\(first.runtime)', while '\(other.name)' requires runtime '\(other.runtime)'. All frameworks of a layer must use the same runtime"
                    )
                    return nil
                }
            }
            layer.runtime = first.runtime
        }
        guard let runtime = runtimes[layer.runtime] else { return nil }
        layer.pythonImplementation = runtime.pythonImplementation
        narrowPlatforms(&layer, runtime: runtime, diagnostics: &diagnostics)
        inheritIndexes(&layer, runtime: runtime, diagnostics: &diagnostics)
        return layer
    }

    private func narrowPlatforms(_ layer: inout LayerSpec, runtime: LayerSpec, diagnostics: inout SpecDiagnostics) {
        var inferred = Set(runtime.platforms)
        for name in layer.frameworks { inferred.formIntersection(frameworks[name]!.platforms) }
        let sortedInferred = inferred.sorted()
        guard let declared = layer.declaredPlatforms else {
            layer.platforms = sortedInferred
            return
        }
        let unsupported = declared.filter { !inferred.contains($0) }
        if !unsupported.isEmpty {
            diagnostics.error(
                SpecLocation(file: file, layer: layer.label, field: "platforms"),
                "\(layer.name) specifies target platforms not supported by lower layers (\(pythonList(unsupported.map(\.rawValue)))); the layers below support \(pythonList(sortedInferred.map(\.rawValue)))"
            )
        }
        layer.platforms = declared.filter { inferred.contains($0) }
    }

    private func inheritIndexes(_ layer: inout LayerSpec, runtime: LayerSpec, diagnostics: inout SpecDiagnostics) {
        let at = SpecLocation(file: file, layer: layer.label, field: "package_indexes")
        var merged: [String: String]
        if layer.frameworks.isEmpty {
            merged = runtime.packageIndexes
        } else {
            merged = [:]
            for name in layer.frameworks {
                for (dist, incoming) in frameworks[name]!.packageIndexes.sorted(by: { $0.key < $1.key }) {
                    guard let existing = merged[dist] else {
                        merged[dist] = incoming
                        continue
                    }
                    let mapped = layer.indexOverrides[incoming] ?? incoming
                    if mapped != existing {
                        diagnostics.error(
                            SpecLocation(file: file, layer: layer.label, field: "index_overrides"),
                            "\(layer.label) depends on layers with inconsistent package index overrides for \(dist) (specify 'index_overrides = {\(incoming) = \"\(existing)\"}' to accept)"
                        )
                    }
                }
            }
        }
        for (dist, own) in layer.packageIndexes.sorted(by: { $0.key < $1.key }) {
            if let inherited = merged[dist], (layer.indexOverrides[inherited] ?? inherited) != own {
                let raw = layer.rawPackageIndexNames[dist] ?? dist
                diagnostics.error(
                    at,
                    "\(layer.label) declares an inconsistent package index override for \(raw) (specify 'index_overrides = {\(inherited) = \"\(own)\"}' to accept)"
                )
            }
            merged[dist] = own
        }
        layer.packageIndexes = merged
    }

    private func known<S: Sequence>(_ names: S, _ what: String) -> String where S.Element == String {
        let sorted = names.sorted()
        return sorted.isEmpty
            ? "no \(what) are defined before it" : "defined \(what): \(sorted.joined(separator: ", "))"
    }
}
