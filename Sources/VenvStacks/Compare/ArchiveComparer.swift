import DeterministicArchive
import Foundation

/// Compares two listings of a layer archive (``ArchiveLister``) member by member, groups the
/// changed members by the package that owns them and explains well-known patterns.
enum ArchiveComparer {
    /// Small text members whose content is kept for a unified diff.
    static let textLimit = 256 << 10
    /// `RECORD` files are kept up to this size: they say which package owns which member.
    static let recordLimit = 16 << 20

    /// How much of a member `ArchiveLister` keeps (see ``ArchiveLister/list(_:keepContent:progress:)``).
    static func keepContent(_ name: String) -> Int {
        if name.hasSuffix(".dist-info/RECORD") { return recordLimit }
        return isText(name) ? textLimit : 0
    }

    /// Members shown as a unified diff when their content differs.
    static func isText(_ path: String) -> Bool {
        let name = PackageOwnership.lastComponent(path)
        return ["sitecustomize.py", "pyvenv.cfg", "RECORD", "postinstall.py"].contains(name)
            || name.hasSuffix(".pth") || (path.contains("share/venv/metadata/") && name.hasSuffix(".json"))
    }

    /// Facts of the compressed file that follow from the content rather than the settings
    /// (sizes and block counts change with any content change): left out of the comparison.
    static let contentFacts: Set<String> = [
        "uncompressed size", "blocks", "content size", "uncompressed size mod 2^32",
    ]

    /// The compression facts that describe settings. A single xz block's recorded size, and a
    /// single-segment zstd frame's window, are the content's size, so they are left out too.
    static func settingFacts(_ facts: CompressionFacts) -> [CompressionFacts.Fact] {
        let singleBlock = facts.value("blocks") == "1"
        return facts.details.filter { fact in
            !contentFacts.contains(fact.name) && !(fact.name == "block size" && singleBlock)
                && !(fact.name == "window" && fact.value.contains("single segment"))
        }
    }

    static func compare(
        old: ArchiveListing, new: ArchiveListing, oldName: String, newName: String
    ) -> ArchiveDiff {
        let before = relativeMembers(old.members)
        let after = relativeMembers(new.members)
        let oldOwners = PackageOwnership(members: before)
        let newOwners = PackageOwnership(members: after)
        var diff = ArchiveDiff(
            old: oldName, new: newName, facts: facts(old, new), packages: [], members: [], damage: [],
            unreached: 0, unchangedMembers: 0, likelyCause: nil)
        if let damage = old.damage { diff.damage.append("old: " + damage) }
        if let damage = new.damage { diff.damage.append("new: " + damage) }
        var groups: [String: ArchiveDiff.PackageMembers] = [:]
        var attributeKinds = Set<String>()
        for path in Set(before.keys).union(after.keys).sorted(by: bytewise) {
            let change: ArchiveDiff.MemberChange
            switch (before[path], after[path]) {
            case (let was?, let now?):
                let attributes = attributeChanges(was, now)
                guard !attributes.isEmpty else {
                    diff.unchangedMembers += 1
                    continue
                }
                attributeKinds.formUnion(attributes.map(\.field))
                change = ArchiveDiff.MemberChange(path: path, change: .changed, attributes: attributes, textDiff: [])
            case (nil, _?):
                guard old.damage == nil else {
                    diff.unreached += 1
                    continue
                }
                change = ArchiveDiff.MemberChange(path: path, change: .added, attributes: [], textDiff: [])
            case (_?, nil):
                guard new.damage == nil else {
                    diff.unreached += 1
                    continue
                }
                change = ArchiveDiff.MemberChange(path: path, change: .removed, attributes: [], textDiff: [])
            case (nil, nil): continue
            }
            guard let owner = newOwners.owners[path] ?? oldOwners.owners[path] else {
                diff.members.append(withTextDiff(change, before[path], after[path]))
                continue
            }
            var group =
                groups[owner]
                ?? ArchiveDiff.PackageMembers(
                    name: owner, oldVersion: oldOwners.versions[owner], newVersion: newOwners.versions[owner],
                    added: [], removed: [], changed: [], attributes: [], recordDiff: [])
            let bytecode = path.hasSuffix("/__pycache__") || path.contains("/__pycache__/")
            if !bytecode && (change.change != .changed || change.attributeNames.contains("content")) {
                group.sourcesDiffer = true
            }
            switch change.change {
            case .added: group.added.append(path)
            case .removed: group.removed.append(path)
            case .changed:
                group.changed.append(path)
                for name in change.attributeNames where !group.attributes.contains(name) {
                    group.attributes.append(name)
                }
            }
            groups[owner] = group
        }
        diff.packages = groups.keys.sorted().compactMap { name in
            guard var group = groups[name] else { return nil }
            if group.sameVersionDifferentBytes, let record = newOwners.records[name] ?? oldOwners.records[name] {
                group.recordDiff = textDiff(record, before[record]?.content, after[record]?.content)
            }
            return group
        }
        diff.likelyCause = likelyCause(diff, attributeKinds: attributeKinds)
        return diff
    }

    /// Members keyed by their path inside the layer folder: the archive's one top folder (the
    /// layer's install target, which may differ between the sides) is left out.
    static func relativeMembers(_ members: [ArchiveMember]) -> [String: ArchiveMember] {
        guard let first = members.first?.name.split(separator: "/").first.map(String.init) else { return [:] }
        let prefix = first + "/"
        let shared = members.allSatisfy { $0.name == first || $0.name.hasPrefix(prefix) }
        var result: [String: ArchiveMember] = [:]
        for member in members {
            let path = shared ? (member.name == first ? "." : String(member.name.dropFirst(prefix.count))) : member.name
            result[path] = member
        }
        return result
    }

    /// The archive-level facts that differ.
    static func facts(_ old: ArchiveListing, _ new: ArchiveListing) -> [StackDiff.FieldChange] {
        func table(_ listing: ArchiveListing) -> [(String, String)] {
            var rows = [("compression", listing.compression.format)]
            rows += settingFacts(listing.compression).map {
                ("compression \($0.name)", $0.value)
            }
            rows.append(("tar format", listing.tarFormats.joined(separator: ", ")))
            var fields: [String] = []
            for member in listing.members {
                for field in member.extendedFields where !fields.contains(field) { fields.append(field) }
            }
            rows.append(("extended header fields", fields.isEmpty ? "none" : fields.sorted().joined(separator: ", ")))
            return rows
        }
        let before = table(old)
        let after = table(new)
        let oldValues = Dictionary(before, uniquingKeysWith: { first, _ in first })
        let newValues = Dictionary(after, uniquingKeysWith: { first, _ in first })
        var names = before.map(\.0)
        names += after.map(\.0).filter { !names.contains($0) }
        return names.compactMap { name in
            oldValues[name] == newValues[name]
                ? nil : StackDiff.FieldChange(field: name, old: oldValues[name], new: newValues[name])
        }
    }

    /// Each attribute of a member that differs between the sides.
    static func attributeChanges(_ old: ArchiveMember, _ new: ArchiveMember) -> [StackDiff.FieldChange] {
        var changes: [StackDiff.FieldChange] = []
        func note(_ field: String, _ a: String?, _ b: String?) {
            if a != b { changes.append(StackDiff.FieldChange(field: field, old: a, new: b)) }
        }
        note("type", old.kind.description, new.kind.description)
        note("mode", octal(old.mode), octal(new.mode))
        note("owner", owner(old), owner(new))
        note("mtime", time(old), time(new))
        note("size", String(old.size), String(new.size))
        note("link target", old.linkTarget, new.linkTarget)
        if old.damage != nil || new.damage != nil {
            changes.append(
                StackDiff.FieldChange(
                    field: "content", old: old.damage.map { "unreadable: \($0)" } ?? digest(old),
                    new: new.damage.map { "unreadable: \($0)" } ?? digest(new)))
        } else {
            note("content", digest(old), digest(new))
        }
        note("extended fields", old.extendedFields.joined(separator: ", "), new.extendedFields.joined(separator: ", "))
        return changes
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func owner(_ member: ArchiveMember) -> String {
        "\(member.uid)/\(member.gid) \(member.uname.isEmpty ? "-" : member.uname)/\(member.gname.isEmpty ? "-" : member.gname)"
    }

    static func time(_ member: ArchiveMember) -> String {
        var text = Date(timeIntervalSince1970: TimeInterval(member.mtime)).formatted(.iso8601)
        if member.mtimeNanoseconds != 0 { text += " +\(member.mtimeNanoseconds) ns" }
        return text
    }

    static func digest(_ member: ArchiveMember) -> String? {
        member.sha256.map { "sha256:" + $0.prefix(8).map { String(format: "%02x", $0) }.joined() + "…" }
    }

    /// `change` with a unified diff when it is a changed small text member kept on both sides.
    static func withTextDiff(
        _ change: ArchiveDiff.MemberChange, _ old: ArchiveMember?, _ new: ArchiveMember?
    ) -> ArchiveDiff.MemberChange {
        guard change.change == .changed, change.attributeNames.contains("content"), isText(change.path) else {
            return change
        }
        var result = change
        result.textDiff = textDiff(change.path, old?.content, new?.content)
        return result
    }

    static func textDiff(_ path: String, _ old: Data?, _ new: Data?) -> [String] {
        guard let old, let new, let before = String(data: old, encoding: .utf8),
            let after = String(data: new, encoding: .utf8)
        else { return [] }
        return UnifiedDiff.render(old: before, new: after, oldLabel: "old/" + path, newLabel: "new/" + path)
    }

    /// A plain-words explanation of well-known patterns.
    static func likelyCause(_ diff: ArchiveDiff, attributeKinds: Set<String>) -> String? {
        guard diff.damage.isEmpty else { return nil }
        let memberChanges = diff.members.count + diff.packages.count
        if memberChanges == 0 {
            if diff.facts.isEmpty {
                return
                    "the members are identical: only the compressed bytes differ (likely a different compressor version)"
            }
            return "the members are identical: only how they were compressed or stored differs"
        }
        let onlyChanged =
            diff.members.allSatisfy { $0.change == .changed }
            && diff.packages.allSatisfy { $0.added.isEmpty && $0.removed.isEmpty }
        guard onlyChanged, attributeKinds.count == 1, let kind = attributeKinds.first else { return nil }
        switch kind {
        case "mtime":
            return
                "only member times differ: the layer was relocked (members carry the lock time) or made by a tool that keeps file times"
        case "mode": return "only permission modes differ: a different umask, or a file system that does not keep modes"
        case "owner": return "only owners differ: the archive was made without setting owners to 0/root"
        default: return nil
        }
    }
}
