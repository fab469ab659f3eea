import Foundation
import PythonPackaging

/// One `[[tool.uv.index]]` entry.
public struct UVIndex: Sendable, Equatable {
    /// The entry's keys as written.
    public var entries: [TOMLEntry]
    public var name: String? { entries.first { $0.key == "name" }?.value.stringValue }
    /// `explicit = true` indexes are only used for packages pinned to them.
    public var isExplicit: Bool { entries.first { $0.key == "explicit" }?.value == .bool(true) }
    /// `default = true` marks the index replacing PyPI.
    public var isDefault: Bool { entries.first { $0.key == "default" }?.value == .bool(true) }
    /// Common indexes are used by every layer: default or not explicit.
    public var isCommon: Bool { isDefault || !isExplicit }
}

extension TOMLNode {
    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// The uv settings shared by every layer (docs/formats.md#package-index-configuration).
///
/// Taken from the spec's `[tool.uv]` table if present, otherwise from a
/// `venvstacks.uv.toml` beside the spec.
public struct CommonUVConfig: Sendable, Equatable {
    /// Where the settings came from.
    public enum Source: Sendable, Equatable {
        case none
        case specToolTable
        case uvTomlFile(String)
    }

    public var source: Source = .none
    /// Every key except `index` and `sources`, passed through to each layer's uv config.
    public var settings: [TOMLEntry] = []
    /// All `index` entries in order.
    public var indexes: [UVIndex] = []
    /// Common `sources`: canonical distribution name → index name.
    public var sources: [String: String] = [:]

    /// Indexes that have a name, by name.
    public var namedIndexes: [String: UVIndex] {
        var named: [String: UVIndex] = [:]
        for index in indexes { if let name = index.name { named[name] = index } }
        return named
    }

    /// The raw `exclude-newer` setting, if any.
    public var excludeNewer: String? {
        settings.first { $0.key == "exclude-newer" }.flatMap { entry in
            switch entry.value {
            case .string(let text): text
            case .datetime(let text): text
            default: nil
            }
        }
    }
}

extension CommonUVConfig {
    /// Reads the uv table (already parsed) and validates `index` and `sources`.
    static func parse(
        _ table: [TOMLEntry], source: Source, file: String, diagnostics: inout SpecDiagnostics
    ) -> CommonUVConfig {
        var config = CommonUVConfig(source: source)
        let location = SpecLocation(file: file, layer: source == .specToolTable ? "[tool.uv]" : nil)
        for entry in table {
            switch entry.key {
            case "index":
                guard case .array(let items) = entry.value else {
                    diagnostics.error(
                        SpecLocation(file: file, layer: location.layer, field: "index"),
                        "must be an array of tables ([[tool.uv.index]] entries)")
                    continue
                }
                for item in items {
                    guard case .table(let entries) = item else {
                        diagnostics.error(
                            SpecLocation(file: file, layer: location.layer, field: "index"),
                            "every index entry must be a table with 'name' and 'url'")
                        continue
                    }
                    config.indexes.append(UVIndex(entries: entries))
                }
            case "sources":
                break
            default:
                config.settings.append(entry)
            }
        }
        if let sources = table.first(where: { $0.key == "sources" })?.value {
            config.sources = parseSources(sources, config: config, file: file, layer: location.layer, &diagnostics)
        }
        return config
    }

    private static func parseSources(
        _ node: TOMLNode, config: CommonUVConfig, file: String, layer: String?,
        _ diagnostics: inout SpecDiagnostics
    ) -> [String: String] {
        let at = SpecLocation(file: file, layer: layer, field: "sources")
        guard case .table(let members) = node else {
            diagnostics.error(at, "must be a table mapping package names to { index = \"name\" }")
            return [:]
        }
        let named = config.namedIndexes
        var sources: [String: String] = [:]
        for member in members {
            guard case .table(let spec) = member.value, spec.count == 1, spec[0].key == "index",
                let index = spec[0].value.stringValue
            else {
                diagnostics.error(
                    at,
                    "source for \(MessageExcerpt.quote(member.key)) must be an index reference such as { index = \"my-index\" }; venvstacks only supports named-index sources (URL, path and git sources cannot be shared between layers)"
                )
                continue
            }
            guard named[index] != nil else {
                diagnostics.error(
                    at,
                    "source for \(MessageExcerpt.quote(member.key)) references an unknown package index \(MessageExcerpt.quote(index)) (define it with [[tool.uv.index]] name = \"\(index)\")"
                )
                continue
            }
            let canonical = canonicalizeName(member.key)
            if sources[canonical] != nil {
                diagnostics.error(
                    at,
                    "specifies multiple sources for \(canonical) after name normalization (\(member.key) is the second entry)"
                )
                continue
            }
            sources[canonical] = index
        }
        return sources
    }
}
