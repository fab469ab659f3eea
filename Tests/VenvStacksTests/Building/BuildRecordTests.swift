import Foundation
import Testing

@testable import VenvStacks

/// `<build>/<layer>.last-build.json` and why a stored record no longer matches (docs/formats.md#build-record).
@Suite struct BuildRecordTests {
    static let detailsJSON: JSONValue = .object([
        "layer_name": .string("app-hello"),
        "install_target": .string("app-hello"),
        "requirements_hash": .string("sha256:aaa"),
        "lock_version": .int(1),
        "locked_at": .string("2025-08-26T00:00:00+00:00"),
        "runtime_layer": .string("cpython-3.11"),
        "python_implementation": .string("cpython@3.11.7"),
        "bound_to_implementation": .bool(false),
        "required_layers": .array([.string("framework-x@3")]),
        "app_launch_module": .string("hello"),
        "app_launch_module_hash": .string("sha256:launch"),
        "app_support_modules": .array([.object(["name": .string("helpers"), "hash": .string("sha256/helpers")])]),
    ])
    static let details = LayerMetadata(json: detailsJSON)!
    static let spec: JSONValue = .object([
        "name": .string("hello"),
        "launch_module_path": .string("/project/hello.py"),
        "requirements": .array([]),
    ])
    static let record = BuildRecord(details: details, spec: spec)

    @Test func recordShapeAndLocation() {
        #expect(
            BuildRecord.url(for: "app-hello", in: URL(fileURLWithPath: "/b")).path == "/b/app-hello.last-build.json")
        #expect(Self.record.json["layer_details"] == Self.detailsJSON)
        #expect(Self.record.json["layer_spec"] == Self.spec)
        #expect(Self.record.json["provenance"] == nil)
        #expect(
            Self.record.json.rendered().hasPrefix("{\n  \"layer_details\": {\n    \"app_launch_module\": \"hello\",\n"))
    }

    @Test func metadataAndProvenanceReadBackToTheSameValues() throws {
        #expect(LayerMetadata(json: Self.detailsJSON)?.json == Self.detailsJSON)
        var runtime = Self.details
        runtime.requiredLayers = nil
        runtime.launchModule = nil
        runtime.supportModules = []
        runtime.boundToImplementation = true
        #expect(LayerMetadata(json: runtime.json) == runtime)
        #expect(runtime.json["required_layers"] == nil && runtime.json["app_support_modules"] == nil)
        var mistyped = Self.detailsJSON
        if case .object(var members) = mistyped {
            members["lock_version"] = .string("1")
            mistyped = .object(members)
        }
        #expect(LayerMetadata(json: mistyped) == nil)
        var built = Self.record
        built.provenance = BuildProvenance(toolVersion: "0.1.0", uvVersion: "0.8.18")
        #expect(BuildRecord.provenance(in: built.json.rendered()) == built.provenance)
        #expect(BuildRecord.provenance(in: Self.record.json.rendered()) == nil)
    }

    @Test func sameRecordIsCurrent() throws {
        #expect(Self.record.staleness(stored: Self.record.json.rendered()) == nil)
        // Formatting and key order do not matter, only the content; nor does the provenance.
        var reordered = try #require(
            String(
                data: try JSONSerialization.data(withJSONObject: [
                    "provenance": ["tool_version": "0.0.1"],
                    "layer_spec": ["requirements": [], "launch_module_path": "/project/hello.py", "name": "hello"],
                ]), encoding: .utf8))
        reordered.removeLast()
        reordered += ",\"layer_details\":" + Self.detailsJSON.rendered() + "}"
        #expect(Self.record.staleness(stored: reordered) == nil)
    }

    /// The step timings read back, are never compared, and an unusable block reads as none.
    @Test func timingsReadBackAndDoNotMakeARecordStale() {
        var built = Self.record
        built.timings = BuildTimings(buildSeconds: 0.9314, checkSeconds: 1.2)
        let text = built.json.rendered()
        #expect(built.json["timings"] == .object(["build_ms": .int(931), "check_ms": .int(1200)]))
        #expect(BuildRecord.timings(in: text) == built.timings)
        #expect(Self.record.staleness(stored: text) == nil)
        #expect(built.staleness(stored: Self.record.json.rendered()) == nil)
        #expect(BuildRecord.timings(in: Self.record.json.rendered()) == nil)
        #expect(BuildRecord.timings(in: nil) == nil)
        #expect(BuildRecord.timings(in: #"{"timings": {"build_ms": -1, "check_ms": 3}}"#) == nil)
        #expect(BuildRecord.timings(in: #"{"timings": {"build_ms": "1"}}"#) == nil)
        #expect(
            BuildTimings(buildSeconds: -.infinity, checkSeconds: .nan) == BuildTimings(buildSeconds: 0, checkSeconds: 0)
        )
    }

    @Test func missingOrUnreadableRecord() {
        #expect(Self.record.staleness(stored: nil) == "no earlier build")
        #expect(Self.record.staleness(stored: "{not json") == "unreadable build record")
    }

    @Test func changedKeysAreListedDetailsFirst() {
        var current = Self.record
        current.details.requirementsHash = "sha256:bbb"
        current.details.lockedAt = "2025-08-27T00:00:00+00:00"
        if case .object(var members) = current.spec {
            members["launch_module_path"] = .string("/elsewhere/hello.py")
            current.spec = .object(members)
        }
        #expect(
            current.staleness(stored: Self.record.json.rendered())
                == "changed: locked_at, requirements_hash, launch_module_path")
    }

    @Test func aMissingSectionIsNamed() {
        let stored = JSONValue.object(["layer_details": Self.detailsJSON]).rendered()
        #expect(Self.record.staleness(stored: stored) == "changed: layer_spec")
    }

    @Test func otherTopLevelDifferencesStillCount() {
        let stored = JSONValue.object([
            "layer_details": Self.detailsJSON, "layer_spec": Self.spec, "extra": .bool(true),
        ]).rendered()
        #expect(Self.record.staleness(stored: stored) == "build record changed")
    }
}
