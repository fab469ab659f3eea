import Foundation
import PythonPackaging

/// Why a package is in a stack: for each layer whose lock lists it, whether the layer
/// installs it or takes it from a lower layer, which target platforms need it, and the
/// chains of requirements that lead to it (docs/inspecting.md#why).
public struct PackageOrigins: Sendable, Equatable {
    /// One step of a chain: a package, the version the lock pins, and the marker of the
    /// requirement that led to it (nil when unconditional).
    public struct Link: Sendable, Equatable {
        public var name: String
        public var version: String?
        public var marker: String?

        public init(name: String, version: String? = nil, marker: String? = nil) {
            self.name = name
            self.version = version
            self.marker = marker
        }
    }

    /// A way the package gets into the layer: the layer's declared requirement (as written
    /// in the spec) and the packages from it down to the package asked about.
    public struct Chain: Sendable, Equatable {
        public var declared: String
        public var links: [Link]

        public init(declared: String, links: [Link]) {
            self.declared = declared
            self.links = links
        }
    }

    /// Where the dependency edges came from.
    public enum EdgeSource: Sendable, Equatable {
        /// uv's lock file of the layer's resolve project (`<build>/<layer>_resolve/uv.lock`).
        case resolveProject(path: String)
        /// The `Requires-Dist` metadata of the distributions installed in the layer's build
        /// environment and the layers below it (`path` is the layer's site-packages); markers
        /// as they hold on this machine.
        case installedMetadata(path: String)
        /// Only the spec and the committed lock: direct requirements are known, deeper
        /// chains are not (lock the stack on this machine to get them).
        case locksOnly
    }

    /// The package in one layer.
    public struct Presence: Sendable, Equatable {
        public var layer: String
        public var version: String
        /// False when the layer's lock marks it as provided by a lower layer.
        public var installed: Bool
        /// The layer's target platforms whose marker environment needs it.
        public var platforms: [String]
        /// Each of the layer's declared requirements that leads to the package, by a shortest
        /// chain; empty when the chain is unknown (see ``source``).
        public var chains: [Chain]
        public var source: EdgeSource

        public init(
            layer: String, version: String, installed: Bool, platforms: [String], chains: [Chain],
            source: EdgeSource
        ) {
            self.layer = layer
            self.version = version
            self.installed = installed
            self.platforms = platforms
            self.chains = chains
            self.source = source
        }
    }

    /// The normalised package name.
    public var package: String
    /// Layers in stack order (runtimes, frameworks, applications).
    public var layers: [Presence]

    public init(package: String, layers: [Presence]) {
        self.package = package
        self.layers = layers
    }

    /// The JSON form (schema in docs/inspecting.md#why).
    public var json: JSONValue {
        .object([
            "package": .string(package),
            "layers": .array(
                layers.map { presence in
                    var source: [String: JSONValue]
                    switch presence.source {
                    case .resolveProject(let path):
                        source = ["kind": .string("resolve-project"), "path": .string(path)]
                    case .installedMetadata(let path):
                        source = ["kind": .string("installed-metadata"), "path": .string(path)]
                    case .locksOnly: source = ["kind": .string("locks-only")]
                    }
                    return .object([
                        "layer": .string(presence.layer),
                        "version": .string(presence.version),
                        "installed": .bool(presence.installed),
                        "platforms": .array(presence.platforms.map(JSONValue.string)),
                        "edges": .object(source),
                        "chains": .array(
                            presence.chains.map { chain in
                                .object([
                                    "declared": .string(chain.declared),
                                    "links": .array(
                                        chain.links.map { link in
                                            .object([
                                                "name": .string(link.name),
                                                "version": link.version.map(JSONValue.string) ?? .null,
                                                "marker": link.marker.map(JSONValue.string) ?? .null,
                                            ])
                                        }),
                                ])
                            }),
                    ])
                }),
        ])
    }
}
