/// Build names must be unique across runtimes, frameworks and applications: a runtime named
/// `app-x` and an application `x` would share `requirements/app-x/`, `_build/app-x/`, one
/// archive and one metadata file. Names that differ only in letter case collide too, since
/// they name the same folder on macOS and Windows.
enum BuildNameCollisions {
    /// Reports each colliding layer (the later one, in runtimes → frameworks → applications
    /// order), naming both, and moves it from `parsed` to `rejected`.
    static func remove(
        from parsed: inout [LayerKind: [LayerSpec]], rejected: inout [LayerKind: Set<String>], file: String,
        _ diagnostics: inout SpecDiagnostics
    ) {
        var owners: [String: LayerSpec] = [:]
        for kind in LayerKind.allCases {
            parsed[kind] = (parsed[kind] ?? []).filter { layer in
                let key = layer.buildName.lowercased()
                guard let owner = owners[key] else {
                    owners[key] = layer
                    return true
                }
                let sameCase = owner.buildName == layer.buildName
                diagnostics.error(
                    SpecLocation(file: file, layer: layer.label, field: "name"),
                    "its build name '\(layer.buildName)' \(sameCase ? "is also" : "differs only in letter case from") the build name of \(owner.label)\(sameCase ? "" : " ('\(owner.buildName)')"), so both would share one requirements folder, build folder and archive; rename one of them"
                )
                rejected[kind, default: []].insert(layer.name)
                return false
            }
        }
    }
}
