/// Resolves framework and application dependencies in definition order: runtime
/// inference, C3 linearisation, platform narrowing and package-index inheritance.
struct DependencyResolver {
    let file: String
    private(set) var runtimes: [String: LayerSpec] = [:]
    private(set) var frameworks: [String: LayerSpec] = [:]
    /// Every framework's declared `frameworks` list, to tell forward references and cycles from typos.
    let declarations: [String: [String]]
    /// Runtimes that were defined but rejected (their own problems are already reported).
    let rejectedRuntimes: Set<String>
    /// Frameworks that were defined but rejected, or failed to resolve.
    private(set) var rejectedFrameworks: Set<String>

    init(
        file: String, runtimes: [LayerSpec], frameworkDeclarations: [LayerSpec], rejectedRuntimes: Set<String> = [],
        rejectedFrameworks: Set<String> = []
    ) {
        self.file = file
        var declarations: [String: [String]] = [:]
        for framework in frameworkDeclarations where declarations[framework.name] == nil {
            declarations[framework.name] = framework.declaredFrameworks
        }
        self.declarations = declarations
        self.rejectedRuntimes = rejectedRuntimes
        self.rejectedFrameworks = rejectedFrameworks
        for runtime in runtimes { self.runtimes[runtime.name] = runtime }
    }

    /// Each resolved framework's linearised frameworks and platforms, kept apart from the
    /// layers so that resolving a long chain reads them without copying whole layers.
    private var linearized: [String: [String]] = [:]
    private var platformsByFramework: [String: [TargetPlatform]] = [:]
    private var runtimeByFramework: [String: String] = [:]
    private var indexesByFramework: [String: [String: String]] = [:]

    /// Records a resolved framework so later layers can depend on it.
    mutating func register(_ framework: LayerSpec) {
        frameworks[framework.name] = framework
        linearized[framework.name] = framework.frameworks
        platformsByFramework[framework.name] = framework.platforms
        runtimeByFramework[framework.name] = framework.runtime
        indexesByFramework[framework.name] = framework.packageIndexes
    }

    /// Records a framework that failed to resolve: layers using it are not reported again.
    mutating func reject(_ framework: LayerSpec) {
        rejectedFrameworks.insert(framework.name)
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
                if rejectedRuntimes.contains(declaredRuntime) { return nil }
                diagnostics.error(
                    at("runtime"),
                    "\(layer.label) references unknown runtime \(MessageExcerpt.quote(declaredRuntime)) (\(known(runtimes.keys, "runtimes")))"
                )
                return nil
            }
        } else {
            var ok = true
            for name in declared where frameworks[name] == nil {
                ok = false
                if rejectedFrameworks.contains(name) { continue }
                if layer.kind == .framework, let cycle = cycle(from: name, back: layer.name) {
                    diagnostics.error(
                        at("frameworks"),
                        "\(layer.label) is part of a dependency cycle (\(cycle.joined(separator: " -> "))); a layer can only depend on frameworks defined before it, so remove one of these references"
                    )
                    continue
                }
                let hint =
                    declarations[name] != nil
                    ? "a layer can only depend on frameworks defined before it in the spec file"
                    : known(Array(frameworks.keys) + rejectedFrameworks, "frameworks")
                diagnostics.error(
                    at("frameworks"),
                    "\(layer.label) references unknown framework \(MessageExcerpt.quote(name)) (\(hint))")
            }
            guard ok else { return nil }
            do {
                layer.frameworks = try Linearization.c3(declared: declared) { linearized[$0] ?? [] }
            } catch {
                let remaining = "[" + error.remaining.map(pythonList).joined(separator: ", ") + "]"
                diagnostics.error(
                    at("frameworks"),
                    "\(layer.label) dependency linearization failed (remaining sequences: \(remaining)); the layers it depends on list shared frameworks in conflicting orders, so reorder their 'frameworks' fields to agree"
                )
                return nil
            }
            // Every framework already shares its own frameworks' runtime and platforms (checked
            // and narrowed when it was resolved), so the declared ones are enough to look at:
            // a long chain costs O(declared) here, not O(chain).
            let first = layer.frameworks[0]  // always declared[0]
            let firstRuntime = runtimeByFramework[first] ?? ""
            for name in declared where name != first {
                let otherRuntime = runtimeByFramework[name] ?? ""
                if otherRuntime != firstRuntime {
                    diagnostics.error(
                        at("frameworks"),
                        "\(layer.label) references inconsistent frameworks. '\(first)' requires runtime '\(firstRuntime)', while '\(name)' requires runtime '\(otherRuntime)'. All frameworks of a layer must use the same runtime"
                    )
                    return nil
                }
            }
            layer.runtime = firstRuntime
        }
        guard let runtime = runtimes[layer.runtime] else { return nil }
        layer.pythonImplementation = runtime.pythonImplementation
        narrowPlatforms(&layer, runtime: runtime, diagnostics: &diagnostics)
        inheritIndexes(&layer, runtime: runtime, diagnostics: &diagnostics)
        return layer
    }

    private func narrowPlatforms(_ layer: inout LayerSpec, runtime: LayerSpec, diagnostics: inout SpecDiagnostics) {
        var inferred = Set(runtime.platforms)
        for name in layer.declaredFrameworks { inferred.formIntersection(platformsByFramework[name] ?? []) }
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
                for (dist, incoming) in (indexesByFramework[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
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

    /// The chain `back -> start -> ... -> back` when following declared `frameworks` lists
    /// from `start` leads back to `back` (breadth first, so the shortest cycle), else nil.
    private func cycle(from start: String, back: String) -> [String]? {
        guard declarations[start] != nil else { return nil }
        var previous: [String: String] = [start: back]
        var queue = [start]
        var index = 0
        while index < queue.count {
            let current = queue[index]
            index += 1
            for next in declarations[current] ?? [] {
                if next == back {
                    var chain = [current]
                    while let before = previous[chain[0]], before != back { chain.insert(before, at: 0) }
                    return [back] + chain + [back]
                }
                if previous[next] == nil, declarations[next] != nil {
                    previous[next] = current
                    queue.append(next)
                }
            }
        }
        return nil
    }

    /// "defined runtimes: a, b" (at most ten names, then how many more), or "no ... are defined before it".
    private func known<S: Sequence>(_ names: S, _ what: String) -> String where S.Element == String {
        let sorted = names.sorted()
        guard !sorted.isEmpty else { return "no \(what) are defined before it" }
        let shown = sorted.prefix(10).map { name in
            let (text, cut) = MessageExcerpt.escape(name)
            return cut ? text + "…" : text
        }.joined(separator: ", ")
        return "defined \(what): \(shown)" + (sorted.count > 10 ? " and \(sorted.count - 10) more" : "")
    }
}
