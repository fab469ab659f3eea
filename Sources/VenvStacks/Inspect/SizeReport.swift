import Foundation

/// What makes a stack big (docs/inspecting.md#size): each built layer's largest packages, the
/// packages an application sees in two layers, and what could be left out.
public struct SizeReport: Sendable, Equatable {
    /// An installed distribution and the bytes of the files its `RECORD` lists.
    public struct PackageSize: Sendable, Equatable {
        public var name: String
        public var version: String
        public var bytes: Int64

        public init(name: String, version: String, bytes: Int64) {
            self.name = name
            self.version = version
            self.bytes = bytes
        }
    }

    public struct LayerSizes: Sendable, Equatable {
        public var layer: String
        /// Every file of the layer's build folder (``TreeSize``).
        public var total: Int64
        /// The largest packages, largest first (at most the requested number).
        public var largest: [PackageSize]
        /// How many packages the layer has in all.
        public var packageCount: Int
        /// Bytes no installed distribution lists (the interpreter and standard library of a
        /// runtime, byte code caches, the layer's own files).
        public var unowned: Int64
    }

    /// A distribution installed in more than one layer that an application sees: the first
    /// copy on its path is used, the others only take space.
    public struct Duplicate: Sendable, Equatable {
        public var application: String
        public var package: String
        /// Layer, version and size of each copy, in the application's search order.
        public var copies: [(layer: String, version: String, bytes: Int64)]

        public static func == (lhs: Duplicate, rhs: Duplicate) -> Bool {
            lhs.application == rhs.application && lhs.package == rhs.package
                && lhs.copies.map { "\($0.layer) \($0.version) \($0.bytes)" }
                    == rhs.copies.map { "\($0.layer) \($0.version) \($0.bytes)" }
        }
    }

    /// Files of one kind that applications rarely need, measured in one layer.
    public struct Saving: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable, CaseIterable {
            case testFolders = "test folders"
            case headers = "C and C++ headers"
            case staticLibraries = "static libraries"
            case bytecodeCaches = "__pycache__ folders (build folder only: archives never hold them)"
        }

        public var layer: String
        public var kind: Kind
        public var bytes: Int64
        public var files: Int
        /// A few of the largest places, relative to the layer folder.
        public var examples: [String]
    }

    public var layers: [LayerSizes]
    public var duplicates: [Duplicate]
    public var savings: [Saving]
    /// Selected layers that are not built (not measured).
    public var notBuilt: [String]

    /// The JSON form (schema in docs/inspecting.md#size).
    public var json: JSONValue {
        .object([
            "layers": .array(
                layers.map { layer in
                    .object([
                        "layer": .string(layer.layer), "total": .int(Int(layer.total)),
                        "package_count": .int(layer.packageCount), "unowned": .int(Int(layer.unowned)),
                        "largest": .array(
                            layer.largest.map {
                                .object([
                                    "name": .string($0.name), "version": .string($0.version),
                                    "bytes": .int(Int($0.bytes)),
                                ])
                            }),
                    ])
                }),
            "duplicates": .array(
                duplicates.map { duplicate in
                    .object([
                        "application": .string(duplicate.application), "package": .string(duplicate.package),
                        "copies": .array(
                            duplicate.copies.map {
                                .object([
                                    "layer": .string($0.layer), "version": .string($0.version),
                                    "bytes": .int(Int($0.bytes)),
                                ])
                            }),
                    ])
                }),
            "savings": .array(
                savings.map {
                    .object([
                        "layer": .string($0.layer), "kind": .string($0.kind.rawValue), "bytes": .int(Int($0.bytes)),
                        "files": .int($0.files), "examples": .array($0.examples.map(JSONValue.string)),
                    ])
                }),
            "not_built": .array(notBuilt.map(JSONValue.string)),
        ])
    }
}
