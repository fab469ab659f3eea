import PythonPackaging

/// The index-related fields of one layer, as declared.
struct DeclaredIndexes {
    /// Canonical distribution name → index name.
    var packageIndexes: [String: String] = [:]
    /// Canonical distribution name → the name as written (for messages).
    var rawNames: [String: String] = [:]
    var priority: [String] = []
    var overrides: [String: String] = [:]
}

extension LayerFieldParser {
    func parseIndexFields(
        _ reader: FieldReader, _ diagnostics: inout SpecDiagnostics
    ) -> DeclaredIndexes {
        var result = DeclaredIndexes()
        let named = uvConfig.namedIndexes
        let knownList = named.keys.sorted()
        let knownHint =
            knownList.isEmpty
            ? "no named indexes are defined; add [[tool.uv.index]] entries with a 'name'"
            : "defined indexes: \(knownList.joined(separator: ", "))"
        for (dist, index) in reader.stringTable("package_indexes", &diagnostics) ?? [] {
            guard named[index] != nil else {
                diagnostics.error(
                    reader.at("package_indexes"),
                    "references an unknown package index \(MessageExcerpt.quote(index)) for \(MessageExcerpt.quote(dist)) (\(knownHint))"
                )
                continue
            }
            let canonical = canonicalizeName(dist)
            if result.packageIndexes[canonical] != nil {
                diagnostics.error(
                    reader.at("package_indexes"),
                    "specifies multiple sources for \(canonical) after name normalization (\(dist) is the second entry)"
                )
                continue
            }
            result.packageIndexes[canonical] = index
            result.rawNames[canonical] = dist
        }
        for index in reader.stringArray("priority_indexes", &diagnostics) ?? [] {
            guard named[index] != nil else {
                diagnostics.error(
                    reader.at("priority_indexes"),
                    "priority index list references an unknown package index (\(MessageExcerpt.escape(index).text)) (\(knownHint))"
                )
                continue
            }
            result.priority.append(index)
        }
        for (from, to) in reader.stringTable("index_overrides", &diagnostics) ?? [] {
            result.overrides[from] = to
        }
        return result
    }

    func parseModules(
        _ reader: FieldReader, name: String, _ diagnostics: inout SpecDiagnostics
    ) -> (AppModule?, [AppModule]) {
        var launch: AppModule?
        if !reader.has("launch_module") {
            diagnostics.error(
                reader.at("launch_module"),
                "missing 'launch_module' key (applications need the path of a .py file or package directory, relative to the spec file)"
            )
        } else if let path = reader.string("launch_module", &diagnostics) {
            launch = AppModule(specPath: path, specDirectory: specDirectory)
        }
        let paths = (reader.stringArray("support_modules", &diagnostics) ?? []).sorted()
        let support = paths.map { AppModule(specPath: $0, specDirectory: specDirectory) }
        if let launch, support.contains(where: { $0.name == launch.name }) {
            diagnostics.error(
                reader.at("launch_module"),
                "Launch module '\(launch.name)' conflicts with support module in app layer '\(name)' (rename one of them)"
            )
        }
        let names = support.map(\.name)
        if Set(names).count != names.count {
            let duplicates = Set(names.filter { n in names.filter { $0 == n }.count > 1 }).sorted()
            diagnostics.error(
                reader.at("support_modules"),
                "Conflicting support module names in app layer '\(name)' (\(duplicates.map { "'\($0)'" }.joined(separator: ", ")) used more than once)"
            )
        }
        return (launch, support)
    }
}
