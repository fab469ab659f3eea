/// Deployed names (install targets) must be unique across runtimes, frameworks and
/// applications: an archive, its deploy folder and its manifest entry are named after it.
///
/// A layer's deployed name is its build name, or `<build name>@<lock version>` when it sets
/// `versioned = true`. The lock version comes from the lock metadata and changes with each
/// relock, so the spec alone cannot say which `@N` a versioned layer will get. The check is
/// therefore conservative: an unversioned layer whose build name is a versioned layer's
/// build name followed by `@` and an integer (`app-z@1` next to a versioned application
/// `z`) is refused whatever the lock version is now. Letter case is ignored, as for build
/// names. Build names being unique already (``BuildNameCollisions``), no other pair can
/// share a deployed name: two versioned layers differ before their `@N`, and an
/// unversioned layer's name never ends in another layer's `@N` unless this check fires.
enum DeployedNameCollisions {
    /// Reports each unversioned layer whose deployed name can be a versioned layer's, naming
    /// both, and moves it from `parsed` to `rejected`.
    static func remove(
        from parsed: inout [LayerKind: [LayerSpec]], rejected: inout [LayerKind: Set<String>], file: String,
        _ diagnostics: inout SpecDiagnostics
    ) {
        var versioned: [String: LayerSpec] = [:]
        for layer in LayerKind.allCases.flatMap({ parsed[$0] ?? [] }) where layer.versioned {
            versioned[layer.buildName.lowercased()] = layer
        }
        guard !versioned.isEmpty else { return }
        for kind in LayerKind.allCases {
            parsed[kind] = (parsed[kind] ?? []).filter { layer in
                guard !layer.versioned, let base = versionedBase(of: layer.buildName.lowercased()),
                    let owner = versioned[base]
                else { return true }
                diagnostics.error(
                    SpecLocation(file: file, layer: layer.label, field: "name"),
                    "its deployed name '\(layer.buildName)' can also be the deployed name of \(owner.label), whose field 'versioned' is true so it deploys as '\(owner.buildName)@<lock version>'\(sameCase(layer, owner) ? "" : " (names differing only in letter case collide too)"); both would share one archive, one deploy folder and one manifest entry; rename \(layer.label) (for example without the '@'), or set 'versioned = false' in \(owner.label)"
                )
                rejected[kind, default: []].insert(layer.name)
                return false
            }
        }
    }

    /// `base` when `name` is `base@N` for an integer N (a lock version as it is written,
    /// optionally negative, so a hand-edited lock cannot make a clash either).
    static func versionedBase(of name: String) -> String? {
        guard let at = name.lastIndex(of: "@") else { return nil }
        var digits = name[name.index(after: at)...]
        if digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(name[..<at])
    }

    private static func sameCase(_ layer: LayerSpec, _ owner: LayerSpec) -> Bool {
        versionedBase(of: layer.buildName) == owner.buildName
    }
}
