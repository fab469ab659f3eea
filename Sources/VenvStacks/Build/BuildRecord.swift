import Foundation

/// `<build>/<layer>.last-build.json` (docs/formats.md#build-record): the layer's metadata and
/// spec as they were at its last successful build, what built it and how long its steps
/// took. A layer whose record differs (provenance and timings aside) is rebuilt.
public struct BuildRecord: Sendable, Equatable {
    public var details: LayerMetadata
    /// ``LayerSpecRecord``.
    public var spec: JSONValue
    public var provenance: BuildProvenance?
    public var timings: BuildTimings?

    public init(details: LayerMetadata, spec: JSONValue, provenance: BuildProvenance? = nil) {
        self.details = details
        self.spec = spec
        self.provenance = provenance
    }

    public static func url(for buildName: String, in buildDirectory: URL) -> URL {
        buildDirectory.appendingPathComponent("\(buildName).last-build.json")
    }

    /// The text of the record at `url`, or nil when there is none that can be read.
    static func read(_ url: URL) -> String? {
        (try? FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit)).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The record as written: `{"layer_details", "layer_spec", "provenance"?, "timings"?}`.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["layer_details": details.json, "layer_spec": spec]
        if let provenance { members["provenance"] = provenance.json }
        if let timings { members["timings"] = timings.json }
        return .object(members)
    }

    /// The `timings` block of a record's text, if it has a readable one.
    static func timings(in stored: String?) -> BuildTimings? {
        stored.flatMap { (try? JSONValue.parse(Data($0.utf8)))?["timings"] }.flatMap(BuildTimings.init(json:))
    }

    /// The `provenance` block of a record's text, if it has one.
    static func provenance(in stored: String) -> BuildProvenance? {
        (try? JSONValue.parse(Data(stored.utf8)))?["provenance"].flatMap(BuildProvenance.init(json:))
    }

    /// Why `stored` (the text on disk, if any) no longer matches this record, or nil when it
    /// does; the provenance and timings blocks are not compared. Field by field, so a record written by an
    /// earlier version still compares.
    public func staleness(stored: String?) -> String? {
        guard let changes = changes(stored: stored) else { return nil }
        switch changes {
        case .noRecord: return "no earlier build"
        case .unreadable: return "unreadable build record"
        case .fields(let fields):
            return fields.isEmpty ? "build record changed" : "changed: " + fields.map(\.key).joined(separator: ", ")
        }
    }

    /// How a stored record differs from this one.
    public enum Changes: Sendable, Equatable {
        case noRecord
        case unreadable
        /// The fields that differ, `layer_details` first, each section in bytewise order
        /// (empty when the records differ elsewhere).
        case fields([(section: String, key: String)])

        public static func == (lhs: Changes, rhs: Changes) -> Bool {
            switch (lhs, rhs) {
            case (.noRecord, .noRecord), (.unreadable, .unreadable): true
            case (.fields(let a), .fields(let b)):
                a.map { "\($0.section).\($0.key)" } == b.map { "\($0.section).\($0.key)" }
            default: false
            }
        }
    }

    /// What differs between `stored` and this record, or nil when nothing does (provenance
    /// and timings aside).
    public func changes(stored: String?) -> Changes? {
        guard let stored else { return .noRecord }
        guard case .object(var old)? = try? JSONValue.parse(Data(stored.utf8)) else { return .unreadable }
        guard case .object(var now) = json else { return .fields([]) }
        for ignored in ["provenance", "timings"] {
            old[ignored] = nil
            now[ignored] = nil
        }
        guard old != now else { return nil }
        var changed: [(section: String, key: String)] = []
        for section in ["layer_details", "layer_spec"] {
            guard case .object(let current)? = now[section] else { continue }
            guard case .object(let before)? = old[section] else {
                changed.append((section, section))
                continue
            }
            changed += Set(current.keys).union(before.keys).filter { current[$0] != before[$0] }.sorted(by: bytewise)
                .map { (section, $0) }
        }
        return .fields(changed)
    }
}

/// What built a layer: this tool's version and uv's (recorded with every build, ignored when
/// records are compared; publishing copies the uv version into the archive's provenance).
public struct BuildProvenance: Sendable, Equatable {
    public var toolVersion: String
    public var uvVersion: String?

    public init(toolVersion: String, uvVersion: String?) {
        self.toolVersion = toolVersion
        self.uvVersion = uvVersion
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["tool_version": .string(toolVersion)]
        if let uvVersion { members["uv_version"] = .string(uvVersion) }
        return .object(members)
    }

    init?(json: JSONValue) {
        guard let tool = json["tool_version"]?.stringValue else { return nil }
        toolVersion = tool
        uvVersion = json["uv_version"]?.stringValue
    }
}

/// How long a layer's last build took, step by step (docs/formats.md#build-record): kept so
/// the next build can start the longest chain of steps first; never compared.
public struct BuildTimings: Sendable, Equatable {
    /// The build step (environment, install, links, clean-up), in milliseconds.
    public var buildMilliseconds: Int
    /// The post-build check, in milliseconds.
    public var checkMilliseconds: Int

    public init(buildSeconds: Double, checkSeconds: Double) {
        buildMilliseconds = Self.milliseconds(buildSeconds)
        checkMilliseconds = Self.milliseconds(checkSeconds)
    }

    public var json: JSONValue {
        .object(["build_ms": .int(buildMilliseconds), "check_ms": .int(checkMilliseconds)])
    }

    init?(json: JSONValue) {
        guard case .int(let build)? = json["build_ms"], case .int(let check)? = json["check_ms"], build >= 0,
            check >= 0
        else { return nil }
        buildMilliseconds = build
        checkMilliseconds = check
    }

    /// Seconds as whole milliseconds (negative or non-finite: 0; capped at a day).
    static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int((min(seconds, 86_400) * 1000).rounded())
    }
}
