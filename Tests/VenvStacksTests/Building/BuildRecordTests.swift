import Foundation
import Testing

@testable import VenvStacks

/// `<build>/<layer>.last-build.json` and why a stored record no longer matches (docs/formats.md#build-record).
@Suite struct BuildRecordTests {
    static let details: JSONValue = .object([
        "layer_name": .string("app-hello"),
        "requirements_hash": .string("sha256:aaa"),
        "lock_version": .int(1),
    ])
    static let spec: JSONValue = .object([
        "name": .string("hello"),
        "launch_module_path": .string("/project/hello.py"),
        "requirements": .array([]),
    ])
    static let record = BuildRecord.json(details: details, spec: spec)

    @Test func recordShapeAndLocation() {
        #expect(
            BuildRecord.url(for: "app-hello", in: URL(fileURLWithPath: "/b")).path == "/b/app-hello.last-build.json")
        #expect(Self.record["layer_details"] == Self.details)
        #expect(Self.record["layer_spec"] == Self.spec)
        #expect(Self.record.rendered().hasPrefix("{\n  \"layer_details\": {\n    \"layer_name\": \"app-hello\",\n"))
    }

    @Test func sameRecordIsCurrent() {
        #expect(BuildRecord.staleness(stored: Self.record.rendered(), current: Self.record) == nil)
        // Formatting does not matter, only the content.
        let compact =
            #"{"layer_spec":{"requirements":[],"launch_module_path":"/project/hello.py","name":"hello"},"#
            + #""layer_details":{"lock_version":1,"requirements_hash":"sha256:aaa","layer_name":"app-hello"}}"#
        #expect(BuildRecord.staleness(stored: compact, current: Self.record) == nil)
    }

    @Test func missingOrUnreadableRecord() {
        #expect(BuildRecord.staleness(stored: nil, current: Self.record) == "no earlier build")
        #expect(BuildRecord.staleness(stored: "{not json", current: Self.record) == "unreadable build record")
    }

    @Test func changedKeysAreListedDetailsFirst() {
        var details = Self.details, spec = Self.spec
        if case .object(var members) = details {
            members["requirements_hash"] = .string("sha256:bbb")
            members["locked_at"] = .string("2025-08-27T00:00:00+00:00")
            details = .object(members)
        }
        if case .object(var members) = spec {
            members["launch_module_path"] = .string("/elsewhere/hello.py")
            spec = .object(members)
        }
        let current = BuildRecord.json(details: details, spec: spec)
        #expect(
            BuildRecord.staleness(stored: Self.record.rendered(), current: current)
                == "changed: locked_at, requirements_hash, launch_module_path")
    }

    @Test func aMissingSectionIsNamed() {
        let stored = JSONValue.object(["layer_details": Self.details]).rendered()
        #expect(BuildRecord.staleness(stored: stored, current: Self.record) == "changed: layer_spec")
    }

    @Test func otherTopLevelDifferencesStillCount() {
        let stored = JSONValue.object([
            "layer_details": Self.details, "layer_spec": Self.spec, "extra": .bool(true),
        ]).rendered()
        #expect(BuildRecord.staleness(stored: stored, current: Self.record) == "build record changed")
    }
}
