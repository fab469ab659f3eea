import Foundation

/// What differs between two versions of a stack's published metadata or locks, layer by layer
/// (docs/diffing.md). A value: `venvstacks diff` prints it.
public struct StackDiff: Sendable, Equatable {
    /// What was compared.
    public enum Kind: String, Sendable, Equatable {
        /// Published or exported output folders, or expected-output folders (their metadata).
        case outputFolder = "output folder"
        /// `requirements/` folders (the locks).
        case requirementsFolder = "requirements folder"
        /// Two metadata files: layer snippets or combined manifests.
        case metadataFile = "metadata file"
        /// Two layer archives, member by member.
        case archive = "layer archive"
    }

    /// A metadata field of a layer that differs.
    public struct FieldChange: Sendable, Equatable {
        public var field: String
        /// Rendered values (nil: absent on that side).
        public var old: String?
        public var new: String?
    }

    /// A package change between two locks of one layer.
    public enum PackageChange: Sendable, Equatable {
        case added(name: String, version: String, installed: Bool)
        case removed(name: String, version: String, installed: Bool)
        case versionChanged(name: String, old: String, new: String)
        /// Installed in this layer before, taken from a lower layer now.
        case movedToLower(name: String, version: String)
        /// Taken from a lower layer before, installed in this layer now: a likely mistake
        /// (the upper layer no longer shares the lower layer's copy).
        case movedToLayer(name: String, version: String)

        public var name: String {
            switch self {
            case .added(let name, _, _), .removed(let name, _, _), .versionChanged(let name, _, _),
                .movedToLower(let name, _), .movedToLayer(let name, _):
                name
            }
        }
    }

    /// One layer present on both sides, with what differs.
    public struct LayerChanges: Sendable, Equatable {
        public var layer: String
        public var fields: [FieldChange]
        public var packages: [PackageChange]
        /// The archive size on each side, when both record one and it differs.
        public var archiveSize: (old: Int, new: Int)?
        /// Per lock file: the key-level summary lines (``DocumentChanges/summary(limit:)``).
        public var lockFiles: [(file: String, lines: [String])]
        /// Plain-words explanations of well-known patterns.
        public var likelyCauses: [String]
        /// The member-by-member comparison of the layer's archives, when both were there and
        /// their bytes differ.
        public var archive: ArchiveDiff? = nil

        public var isEmpty: Bool {
            fields.isEmpty && packages.isEmpty && lockFiles.isEmpty && (archive?.isEmpty ?? true)
        }

        public static func == (lhs: LayerChanges, rhs: LayerChanges) -> Bool {
            lhs.layer == rhs.layer && lhs.fields == rhs.fields && lhs.packages == rhs.packages
                && lhs.archiveSize?.old == rhs.archiveSize?.old && lhs.archiveSize?.new == rhs.archiveSize?.new
                && lhs.lockFiles.map(\.file) == rhs.lockFiles.map(\.file)
                && lhs.lockFiles.map(\.lines) == rhs.lockFiles.map(\.lines) && lhs.likelyCauses == rhs.likelyCauses
                && lhs.archive == rhs.archive
        }
    }

    public var kind: Kind
    public var old: String
    public var new: String
    public var addedLayers: [String]
    public var removedLayers: [String]
    /// Layers on both sides that differ, in the new side's order.
    public var changedLayers: [LayerChanges]
    /// How many layers are on both sides and identical.
    public var unchangedLayers: Int
    /// Why archives were not compared member by member, when they were not (a side holds no
    /// archives, as an expected-output folder does).
    public var archivesNotCompared: String? = nil

    public var isEmpty: Bool { addedLayers.isEmpty && removedLayers.isEmpty && changedLayers.isEmpty }

    /// The JSON form (schema in docs/diffing.md#json).
    public var json: JSONValue {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return .object([
            "kind": .string(kind.rawValue), "old": .string(old), "new": .string(new), "same": .bool(isEmpty),
            "added_layers": .array(addedLayers.map(JSONValue.string)),
            "removed_layers": .array(removedLayers.map(JSONValue.string)),
            "unchanged_layers": .int(unchangedLayers),
            "archives_not_compared": archivesNotCompared.map(JSONValue.string) ?? .null,
            "changed_layers": .array(
                changedLayers.map { layer in
                    .object([
                        "layer": .string(layer.layer),
                        "fields": .array(
                            layer.fields.map {
                                .object(["field": .string($0.field), "old": optional($0.old), "new": optional($0.new)])
                            }),
                        "archive_size": layer.archiveSize.map {
                            .object(["old": .int($0.old), "new": .int($0.new)])
                        } ?? .null,
                        "packages": .array(layer.packages.map(Self.json)),
                        "lock_files": .array(
                            layer.lockFiles.map {
                                .object(["file": .string($0.file), "summary": .array($0.lines.map(JSONValue.string))])
                            }),
                        "likely_causes": .array(layer.likelyCauses.map(JSONValue.string)),
                        "archive": layer.archive?.json ?? .null,
                    ])
                }),
        ])
    }

    static func json(_ change: PackageChange) -> JSONValue {
        switch change {
        case .added(let name, let version, let installed):
            .object([
                "change": .string("added"), "name": .string(name), "version": .string(version),
                "installed": .bool(installed),
            ])
        case .removed(let name, let version, let installed):
            .object([
                "change": .string("removed"), "name": .string(name), "version": .string(version),
                "installed": .bool(installed),
            ])
        case .versionChanged(let name, let old, let new):
            .object(["change": .string("version"), "name": .string(name), "old": .string(old), "new": .string(new)])
        case .movedToLower(let name, let version):
            .object(["change": .string("moved-to-lower"), "name": .string(name), "version": .string(version)])
        case .movedToLayer(let name, let version):
            .object(["change": .string("moved-to-layer"), "name": .string(name), "version": .string(version)])
        }
    }
}
