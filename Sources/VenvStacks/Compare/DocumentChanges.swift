import Foundation

/// Key-level changes between two versions of a lock (TOML) or metadata (JSON) file: each
/// scalar is addressed by its path (`packages[3].wheels[0].size`), and the changes say which
/// paths were added, removed or changed, with a likely cause for well-known patterns.
///
/// ```
/// pylock.framework-scipy.toml: 9 keys added (packages[*].wheels[*].size)
///   likely cause: only wheel `size` entries were added: the index's metadata changed, the resolution did not
/// ```
public struct DocumentChanges: Equatable, Sendable {
    public var added: [String: String] = [:]
    public var removed: [String: String] = [:]
    /// Path → (old, new).
    public var changed: [String: [String]] = [:]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// Compares two documents, parsing each as TOML (`.toml`) or JSON (`.json`) by `name`.
    /// Nil when the kind is unknown or either side does not parse.
    public static func compare(name: String, old: Data, new: Data) -> DocumentChanges? {
        guard let before = flatten(name: name, data: old), let after = flatten(name: name, data: new) else {
            return nil
        }
        var changes = DocumentChanges()
        for (path, value) in after {
            guard let previous = before[path] else {
                changes.added[path] = value
                continue
            }
            if previous != value { changes.changed[path] = [previous, value] }
        }
        for (path, value) in before where after[path] == nil { changes.removed[path] = value }
        return changes
    }

    /// Every scalar of the document by path; nil when it does not parse.
    static func flatten(name: String, data: Data) -> [String: String]? {
        var out: [String: String] = [:]
        if name.hasSuffix(".toml") {
            guard let node = try? TOMLDocument.parse(bytes: [UInt8](data)) else { return nil }
            flatten(node, path: "", into: &out)
        } else if name.hasSuffix(".json") {
            guard let value = try? JSONValue.parse(data) else { return nil }
            flatten(value, path: "", into: &out)
        } else {
            return nil
        }
        return out
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private static func flatten(_ node: TOMLNode, path: String, into out: inout [String: String]) {
        switch node {
        case .table(let entries):
            if entries.isEmpty { out[path] = "{}" }
            for entry in entries { flatten(entry.value, path: join(path, entry.key), into: &out) }
        case .array(let items):
            if items.isEmpty { out[path] = "[]" }
            for (index, item) in items.enumerated() { flatten(item, path: "\(path)[\(index)]", into: &out) }
        default:
            out[path] = TOMLWriter.inline(node)
        }
    }

    private static func flatten(_ value: JSONValue, path: String, into out: inout [String: String]) {
        switch value {
        case .object(let members):
            if members.isEmpty { out[path] = "{}" }
            for (key, member) in members { flatten(member, path: join(path, key), into: &out) }
        case .array(let items):
            if items.isEmpty { out[path] = "[]" }
            for (index, item) in items.enumerated() { flatten(item, path: "\(path)[\(index)]", into: &out) }
        default:
            out[path] = value.rendered().trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// A path with its array indexes replaced by `*` (`packages[*].wheels[*].size`).
    static func shape(_ path: String) -> String {
        path.replacingOccurrences(of: #"\[\d+\]"#, with: "[*]", options: .regularExpression)
    }

    /// One line per kind of change, grouped by path shape, plus a likely cause when the pattern is known.
    public func summary(limit: Int = 8) -> [String] {
        var lines: [String] = []
        func describe(_ verb: String, _ paths: [String]) {
            guard !paths.isEmpty else { return }
            var counts: [String: Int] = [:]
            for path in paths { counts[Self.shape(path), default: 0] += 1 }
            let shapes = counts.keys.sorted()
            let listed = shapes.prefix(limit).map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]!)" : $0 }
            lines.append(
                "\(paths.count) \(paths.count == 1 ? "key" : "keys") \(verb): \(listed.joined(separator: ", "))"
                    + (shapes.count > limit ? ", …" : ""))
        }
        describe("added", Array(added.keys))
        describe("removed", Array(removed.keys))
        describe("changed", Array(changed.keys))
        for path in changed.keys.sorted().prefix(limit) {
            let values = changed[path]!
            lines.append(
                "  \(path): \(MessageExcerpt.escape(values[0]).text) -> \(MessageExcerpt.escape(values[1]).text)")
        }
        if let cause = likelyCause { lines.append("likely cause: \(cause)") }
        return lines
    }

    /// A plain-words explanation for well-known patterns of change, or nil.
    public var likelyCause: String? {
        guard !isEmpty else { return nil }
        let addedShapes = Set(added.keys.map(Self.shape))
        let changedShapes = Set(changed.keys.map(Self.shape))
        let removedShapes = Set(removed.keys.map(Self.shape))
        let wheelMetadata: Set<String> = ["packages[*].wheels[*].size", "packages[*].wheels[*].upload-time"]
        if changedShapes.isEmpty, removedShapes.isEmpty, addedShapes.isSubset(of: wheelMetadata) {
            return addedShapes == ["packages[*].wheels[*].size"]
                ? "only wheel `size` entries were added: the index's metadata changed, the resolution did not"
                : "only wheel `size`/`upload-time` entries were added: the index's metadata changed, the resolution did not"
        }
        if addedShapes.isEmpty, changedShapes.isEmpty, removedShapes.isSubset(of: wheelMetadata) {
            return
                "only wheel `size`/`upload-time` entries were removed: the index served less metadata, the resolution did not change"
        }
        let all = addedShapes.union(changedShapes).union(removedShapes)
        let archiveFields: Set<String> = [
            "archive_size", "archive_hashes.sha256", "layers.runtimes[*].archive_size",
            "layers.runtimes[*].archive_hashes.sha256", "layers.frameworks[*].archive_size",
            "layers.frameworks[*].archive_hashes.sha256", "layers.applications[*].archive_size",
            "layers.applications[*].archive_hashes.sha256",
        ]
        if all.isSubset(of: archiveFields) {
            return
                "only archive sizes and hashes changed: the archive bytes differ (layer content, compressor version or settings), the locks did not"
        }
        if all.allSatisfy({ $0.hasSuffix("locked_at") || $0.hasSuffix("lock_version") }) {
            return "only lock times or versions changed: the layer was relocked with the same resolution"
        }
        if all.allSatisfy({ $0.contains("provenance") }) {
            return "only provenance changed: a different tool, uv or compressor version made the same outputs"
        }
        return nil
    }
}
