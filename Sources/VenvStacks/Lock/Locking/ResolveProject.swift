import Foundation
import PythonPackaging

/// Index access chosen on the command line (`--index/--no-index`, `--local-wheels`).
public struct IndexAccess: Sendable, Equatable {
    /// False with `--no-index`.
    public var queryDefaultIndex: Bool
    /// Absolute folders appended to uv's `find-links`.
    public var localWheelDirectories: [URL]

    public init(queryDefaultIndex: Bool = true, localWheelDirectories: [URL] = []) {
        self.queryDefaultIndex = queryDefaultIndex
        self.localWheelDirectories = localWheelDirectories
    }

    /// What `show`, `publish` and `local-export` use: no index access at all.
    public static let disabled = IndexAccess(queryDefaultIndex: false)
}

/// The per-layer uv project that locking resolves (docs/formats.md#resolve-project):
/// `<build>/<layer>_resolve/pyproject.toml`.
public enum ResolveProject {
    /// The `[project] name`: the build name with characters outside `[A-Za-z0-9._-]`
    /// replaced by `-`, then normalised (`framework-layerF@1` → `framework-layerf-1`).
    public static func projectName(for buildName: String) -> String {
        let replaced = String(
            buildName.unicodeScalars.map { scalar -> Character in
                let allowed =
                    scalar.isASCII
                    && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                return allowed ? Character(scalar) : "-"
            })
        return canonicalizeName(replaced)
    }

    /// The uv settings every layer shares: the spec's settings (minus `index` and
    /// `sources`) plus the forced ones: wheels only, cache keyed on `pyproject.toml`,
    /// `no-index` with `--no-index`, local wheel folders added to `find-links`.
    public static func commonSettings(_ config: CommonUVConfig, access: IndexAccess) -> [TOMLEntry] {
        let forced: Set<String> = ["cache-keys", "no-build", "find-links"]
        var settings = config.settings.filter { !forced.contains($0.key) }
        if !access.queryDefaultIndex {
            settings.removeAll { $0.key == "no-index" }
            settings.append(TOMLEntry(key: "no-index", value: .bool(true)))
        }
        settings.append(
            TOMLEntry(
                key: "cache-keys", value: .array([.table([TOMLEntry(key: "file", value: .string("pyproject.toml"))])])))
        settings.append(TOMLEntry(key: "no-build", value: .bool(true)))
        var findLinks: [TOMLNode] = []
        switch config.settings.first(where: { $0.key == "find-links" })?.value {
        case .array(let items)?: findLinks = items
        case let value?: findLinks = [value]
        case nil: break
        }
        findLinks += access.localWheelDirectories.map { .string($0.path) }
        if !findLinks.isEmpty { settings.append(TOMLEntry(key: "find-links", value: .array(findLinks))) }
        return settings
    }

    /// The text of `<build>/uv.toml`, a copy of the shared settings for debugging.
    public static func uvTomlText(_ config: CommonUVConfig, access: IndexAccess) -> String {
        commonSettings(config, access: access).map(TOMLWriter.assignment).joined(separator: "\n") + "\n"
    }

    /// The uv indexes a layer resolves against: its priority indexes (made non-explicit),
    /// explicit named indexes its packages are pinned to (sorted by name), then the common
    /// indexes not already listed.
    public static func indexes(for layer: LayerSpec, config: CommonUVConfig) -> [UVIndex] {
        let named = config.namedIndexes
        var list: [UVIndex] = []
        var listed = Set<String>()
        for name in layer.priorityIndexes {
            guard var index = named[name], !listed.contains(name) else { continue }
            index.entries.removeAll { $0.key == "explicit" }
            index.entries.append(TOMLEntry(key: "explicit", value: .bool(false)))
            list.append(index)
            listed.insert(name)
        }
        for name in Set(layer.packageIndexes.values).sorted() where !listed.contains(name) {
            guard let index = named[name], index.isExplicit else { continue }
            list.append(index)
            listed.insert(name)
        }
        for index in config.indexes where index.isCommon {
            if let name = index.name, listed.contains(name) { continue }
            list.append(index)
        }
        return list
    }

    /// `sources`: the common sources updated with the layer's (merged) package indexes.
    public static func sources(for layer: LayerSpec, config: CommonUVConfig) -> [(String, String)] {
        config.sources.merging(layer.packageIndexes) { _, own in own }.sorted { $0.key < $1.key }
    }

    /// The full `pyproject.toml` text for `layer`.
    ///
    /// - Parameters:
    ///   - declared: the layer's requirements as written in its `.in` file (sorted here).
    ///   - constraints: the pins of the layers below (`constraint-dependencies`); any
    ///     constraints the user configured follow them.
    public static func pyprojectText(
        for layer: LayerSpec, runtime: LayerSpec, declared: [String], constraints: [String],
        config: CommonUVConfig, access: IndexAccess
    ) -> String {
        var lines = [
            "[project]",
            "name = \(TOMLWriter.string(projectName(for: layer.buildName)))",
            "version = \"0\"",
            "dependencies = \(TOMLWriter.multilineStringArray(LockHashes.cleanedRequirementLines(declared).sorted()))",
            "requires-python = \(TOMLWriter.string("==\(runtime.pythonImplementation?.majorMinor ?? "3").*"))",
            "",
            "[tool.uv]",
        ]
        var settings = commonSettings(config, access: access)
        var allConstraints = constraints
        if let index = settings.firstIndex(where: { $0.key == "constraint-dependencies" }) {
            if case .array(let items) = settings[index].value { allConstraints += items.compactMap(\.stringValue) }
            settings.remove(at: index)
        }
        lines += settings.map(TOMLWriter.assignment)
        lines.append("constraint-dependencies = \(TOMLWriter.multilineStringArray(allConstraints))")
        let indexes = indexes(for: layer, config: config)
        if !indexes.isEmpty {
            lines.append("index = [")
            lines += indexes.map { "    \(TOMLWriter.inline(.table($0.entries)))," }
            lines.append("]")
        }
        let sources = sources(for: layer, config: config)
        if !sources.isEmpty {
            lines.append("")
            lines.append("[tool.uv.sources]")
            lines += sources.map { "\(TOMLWriter.key($0.0)) = { index = \(TOMLWriter.string($0.1)) }" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
