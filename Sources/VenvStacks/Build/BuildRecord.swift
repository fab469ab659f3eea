import Foundation

/// `<build>/<layer>.last-build.json` (reference §5.9): the layer's metadata and spec as
/// they were at its last successful build. A layer whose record differs is rebuilt.
public enum BuildRecord {
    public static func url(for buildName: String, in buildDirectory: URL) -> URL {
        buildDirectory.appendingPathComponent("\(buildName).last-build.json")
    }

    public static func json(details: JSONValue, spec: JSONValue) -> JSONValue {
        .object(["layer_details": details, "layer_spec": spec])
    }

    /// Why `stored` (the text on disk, if any) no longer matches `current`, or nil when it does.
    public static func staleness(stored: String?, current: JSONValue) -> String? {
        guard let stored else { return "no earlier build" }
        guard let old = try? JSONValue.parse(Data(stored.utf8)) else { return "unreadable build record" }
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
