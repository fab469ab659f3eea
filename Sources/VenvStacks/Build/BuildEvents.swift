import Foundation

/// A build failed; the message names the layer and says what went wrong and how to fix it.
public struct BuildError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a build did to one layer.
public enum BuildAction: Sendable, Equatable {
    /// Created from scratch; `reason` says why ("no earlier build", "lock changed", ...).
    case built(reason: String)
    /// Up to date: nothing was installed.
    case reused
}

/// One layer after a build run.
public struct BuiltLayer: Sendable, Equatable {
    public var buildName: String
    public var environment: URL
    public var action: BuildAction
    /// `sys.path` as the post-build check saw it (empty when the layer was reused).
    public var sysPath: [String]
}

/// Progress of a build, for the CLI to display (the engine never prints).
public enum BuildEvent: Sendable {
    /// A long step started for a layer ("installing packages", "checking", ...).
    case step(layer: String, description: String)
    /// A layer is done.
    case finished(BuiltLayer, seconds: Double)
    /// Extra detail worth showing with `-v`.
    case detail(String)
}

/// Receives ``BuildEvent``s (possibly from several threads when layers build concurrently).
public protocol BuildObserver: Sendable {
    func handle(_ event: BuildEvent)
}

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
