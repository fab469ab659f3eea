import Foundation

/// What differs between two versions of one layer archive, member by member
/// (docs/diffing.md#archives). A value: ``ArchiveComparer`` makes it, `venvstacks diff` prints it.
public struct ArchiveDiff: Sendable, Equatable {
    /// A member that only one side has, or whose attributes differ.
    public struct MemberChange: Sendable, Equatable {
        public enum Change: String, Sendable, Equatable {
            case added, removed, changed
        }

        /// The member's path inside the layer folder (the archive's top folder left out).
        public var path: String
        public var change: Change
        /// For a changed member: each attribute that differs ("type", "mode", "owner", "mtime",
        /// "size", "link target", "content", "extended fields"), with both values.
        public var attributes: [StackDiff.FieldChange]
        /// A unified diff of a small text member (`sitecustomize.py`, `pyvenv.cfg`, `RECORD`,
        /// `postinstall.py`, the layer JSON) whose content differs.
        public var textDiff: [String]

        public var attributeNames: [String] { attributes.map(\.field) }
    }

    /// The changed members one package owns (its `RECORD` lists them), as one group: a version
    /// change reads as one line.
    public struct PackageMembers: Sendable, Equatable {
        /// The normalised name.
        public var name: String
        /// The installed version on each side (nil: not installed in the layer on that side).
        public var oldVersion: String?
        public var newVersion: String?
        public var added: [String]
        public var removed: [String]
        public var changed: [String]
        /// The attributes that differ among the changed members.
        public var attributes: [String]
        /// The version is the same on both sides but some file's content differs: a rebuilt
        /// wheel, a different wheel for the same version, or a change made at install time.
        /// Byte code (`__pycache__`) added or removed alone does not count: publishing with
        /// and without `--precompiled` differs that way.
        public var sameVersionDifferentBytes: Bool {
            oldVersion != nil && oldVersion == newVersion && sourcesDiffer
        }
        /// Some member outside `__pycache__` was added, removed or changed in content.
        public var sourcesDiffer = false
        /// For the same version with different bytes: the unified diff of its `RECORD`.
        public var recordDiff: [String]
    }

    /// The archive file names compared.
    public var old: String
    public var new: String
    /// Archive-level facts that differ: compression format and settings, tar format, extended
    /// header fields in use, uncompressed size.
    public var facts: [StackDiff.FieldChange]
    /// Changed members grouped by owning package, in name order.
    public var packages: [PackageMembers]
    /// Changed members no package owns, in path order.
    public var members: [MemberChange]
    /// Per damaged side: what the reader found ("new: … is damaged …").
    public var damage: [String]
    /// Members of the intact side that could not be compared because the other side's damage
    /// stopped the reading before them.
    public var unreached: Int
    /// Members present and identical on both sides.
    public var unchangedMembers: Int
    /// A plain-words explanation when the changes match a well-known pattern.
    public var likelyCause: String?

    public var isEmpty: Bool {
        facts.isEmpty && packages.isEmpty && members.isEmpty && damage.isEmpty && unreached == 0
    }

    /// Packages whose version is the same on both sides but whose bytes differ.
    public var sameVersionDifferentBytes: [PackageMembers] { packages.filter(\.sameVersionDifferentBytes) }

    /// The JSON form (docs/diffing.md#json).
    public var json: JSONValue {
        let strings: ([String]) -> JSONValue = { .array($0.map(JSONValue.string)) }
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return .object([
            "old": .string(old), "new": .string(new),
            "facts": .array(facts.map(\.json)),
            "packages": .array(
                packages.map { package in
                    .object([
                        "name": .string(package.name), "old_version": optional(package.oldVersion),
                        "new_version": optional(package.newVersion), "added": strings(package.added),
                        "removed": strings(package.removed), "changed": strings(package.changed),
                        "attributes": strings(package.attributes),
                        "same_version_different_bytes": .bool(package.sameVersionDifferentBytes),
                        "record_diff": strings(package.recordDiff),
                    ])
                }),
            "members": .array(
                members.map { member in
                    .object([
                        "path": .string(member.path), "change": .string(member.change.rawValue),
                        "attributes": .array(member.attributes.map(\.json)), "text_diff": strings(member.textDiff),
                    ])
                }),
            "damage": strings(damage), "unreached_members": .int(unreached),
            "unchanged_members": .int(unchangedMembers), "likely_cause": optional(likelyCause),
        ])
    }
}

extension StackDiff.FieldChange {
    var json: JSONValue {
        .object([
            "field": .string(field), "old": old.map(JSONValue.string) ?? .null,
            "new": new.map(JSONValue.string) ?? .null,
        ])
    }
}
