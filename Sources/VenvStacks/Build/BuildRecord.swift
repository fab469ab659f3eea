import Foundation

/// `<build>/<layer>.last-build.json` (docs/formats.md#build-record): the layer's metadata and spec as
/// they were at its last successful build. A layer whose record differs is rebuilt.
public enum BuildRecord {
    public static func url(for buildName: String, in buildDirectory: URL) -> URL {
        buildDirectory.appendingPathComponent("\(buildName).last-build.json")
    }

    /// The text of the record at `url`, or nil when there is none that can be read.
    static func read(_ url: URL) -> String? {
        (try? FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit)).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    public static func json(details: JSONValue, spec: JSONValue) -> JSONValue {
        .object(["layer_details": details, "layer_spec": spec])
    }

    /// `record` with a `provenance` block (tool and uv versions), which staleness ignores.
    public static func adding(_ provenance: JSONValue, to record: JSONValue) -> JSONValue {
        guard case .object(var members) = record else { return record }
        members["provenance"] = provenance
        return .object(members)
    }

    /// The record without its provenance block.
    static func comparable(_ record: JSONValue) -> JSONValue {
        guard case .object(var members) = record else { return record }
        members["provenance"] = nil
        return .object(members)
    }

    /// Why `stored` (the text on disk, if any) no longer matches `current`, or nil when it does.
    public static func staleness(stored: String?, current: JSONValue) -> String? {
        guard let stored else { return "no earlier build" }
        guard let parsed = try? JSONValue.parse(Data(stored.utf8)) else { return "unreadable build record" }
        let old = comparable(parsed)
        let current = comparable(current)
        guard old != current else { return nil }
        var changed: [String] = []
        for section in ["layer_details", "layer_spec"] {
            guard case .object(let now)? = current[section] else { continue }
            guard case .object(let before)? = old[section] else {
                changed.append(section)
                continue
            }
            changed += Set(now.keys).union(before.keys).filter { now[$0] != before[$0] }.sorted(by: bytewise)
        }
        return changed.isEmpty ? "build record changed" : "changed: " + changed.joined(separator: ", ")
    }
}
