import Foundation

/// Which layer gives an application a distribution, an importable module or a shared library,
/// and what else of that name it shadows (docs/inspecting.md#which).
public struct Providers: Sendable, Equatable {
    /// What a match is.
    public enum Kind: String, Sendable, Equatable {
        case distribution, module, library
    }

    /// Where the answer comes from.
    public enum Source: String, Sendable, Equatable {
        /// The layers' build environments (installed metadata, files).
        case environments = "build environments"
        /// The committed locks (the application is not built): distributions only.
        case locks
    }

    /// One thing of that name on the application's search path.
    public struct Match: Sendable, Equatable {
        public var kind: Kind
        /// The build name of the layer it is in.
        public var layer: String
        public var version: String?
        /// Its path in the build folder (nil for an answer from the locks).
        public var path: String?
        /// The distribution that installed it (modules and libraries), when known.
        public var distribution: String?
        /// True for the match the application gets: the first on `sys.path` (distributions,
        /// modules) or on the loader path (libraries).
        public var wins: Bool
        /// A remark: "standard library", "not on the loader path", ...
        public var note: String?

        public init(
            kind: Kind, layer: String, version: String? = nil, path: String? = nil, distribution: String? = nil,
            wins: Bool, note: String? = nil
        ) {
            self.kind = kind
            self.layer = layer
            self.version = version
            self.path = path
            self.distribution = distribution
            self.wins = wins
            self.note = note
        }
    }

    public var name: String
    /// The application's build name.
    public var application: String
    /// The layers the application sees, its own first, in `sys.path` order.
    public var searchOrder: [String]
    public var source: Source
    /// Every match, by kind (distributions, modules, libraries), each in search order.
    public var matches: [Match]

    public init(name: String, application: String, searchOrder: [String], source: Source, matches: [Match]) {
        self.name = name
        self.application = application
        self.searchOrder = searchOrder
        self.source = source
        self.matches = matches
    }

    /// True when two layers on the path have something of this name and kind.
    public var hasShadowing: Bool {
        Dictionary(grouping: matches, by: \.kind).values.contains { Set($0.map(\.layer)).count > 1 }
    }

    /// The JSON form (schema in docs/inspecting.md#which).
    public var json: JSONValue {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return .object([
            "name": .string(name),
            "application": .string(application),
            "search_order": .array(searchOrder.map(JSONValue.string)),
            "source": .string(source.rawValue),
            "matches": .array(
                matches.map { match in
                    .object([
                        "kind": .string(match.kind.rawValue), "layer": .string(match.layer),
                        "version": optional(match.version), "path": optional(match.path),
                        "distribution": optional(match.distribution), "wins": .bool(match.wins),
                        "note": optional(match.note),
                    ])
                }),
        ])
    }
}
