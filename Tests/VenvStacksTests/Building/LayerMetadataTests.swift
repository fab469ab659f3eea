import Foundation
import Testing

@testable import VenvStacks

/// The published layer metadata without archive fields (docs/formats.md#build-record,
/// docs/formats.md#published-metadata-fields).
@Suite struct LayerMetadataTests {
    static func lock(version: Int) -> LockMetadata {
        LockMetadata(
            lockInputHash: "sha256:in", lockVersion: version, lockedAt: "2025-08-27T00:00:00+00:00",
            otherInputsHash: "sha256:other", requirementsHash: "sha256:req", versionInputsHash: "sha256:ver")
    }

    @Test func runtimeIsBoundAndHasNoRequiredLayers() throws {
        let fixture = try BuildFixture()
        let runtime = try fixture.environment("cpython-3.11")
        #expect(
            LayerMetadata(of: runtime, lock: Self.lock(version: 5), moduleHashes: []).json
                == .object([
                    "layer_name": .string("cpython-3.11"),
                    "install_target": .string("cpython-3.11"),
                    "requirements_hash": .string("sha256:req"),
                    "lock_version": .int(1),
                    "locked_at": .string("2025-08-27T00:00:00+00:00"),
                    "runtime_layer": .string("cpython-3.11"),
                    "python_implementation": .string("cpython@3.11.7"),
                    "bound_to_implementation": .bool(true),
                ]))
    }

    @Test func versionedFrameworkReportsItsLockVersion() throws {
        let fixture = try BuildFixture()
        let framework = try fixture.environment(
            "framework-x", deployedName: "framework-x@3", dependencies: [("cpython-3.11", "cpython-3.11")])
        let details = LayerMetadata(of: framework, lock: Self.lock(version: 3), moduleHashes: []).json
        #expect(details["install_target"] == .string("framework-x@3"))
        #expect(details["lock_version"] == .int(3))
        #expect(details["bound_to_implementation"] == .bool(false))
        #expect(details["required_layers"] == .array([]))
        #expect(details["runtime_layer"] == .string("cpython-3.11"))
        #expect(details["app_launch_module"] == nil)
    }

    @Test func applicationListsItsFrameworksAndModules() throws {
        let fixture = try BuildFixture()
        let app = try fixture.environment(
            "app-hello",
            dependencies: [
                ("framework-y", "framework-y"), ("framework-x", "framework-x@3"), ("cpython-3.11", "cpython-3.11"),
            ])
        let details = LayerMetadata(
            of: app, lock: Self.lock(version: 4), moduleHashes: ["sha256:launch", "sha256/helpers"]
        ).json
        #expect(details["layer_name"] == .string("app-hello"))
        #expect(details["install_target"] == .string("app-hello"))
        #expect(details["lock_version"] == .int(1))
        #expect(details["required_layers"] == .array([.string("framework-y"), .string("framework-x@3")]))
        #expect(details["app_launch_module"] == .string("hello"))
        #expect(details["app_launch_module_hash"] == .string("sha256:launch"))
        #expect(
            details["app_support_modules"]
                == .array([.object(["name": .string("helpers"), "hash": .string("sha256/helpers")])]))
        guard case .object(let members) = details else { return }
        #expect(
            members.keys.sorted() == [
                "app_launch_module", "app_launch_module_hash", "app_support_modules", "bound_to_implementation",
                "install_target", "layer_name", "lock_version", "locked_at", "python_implementation",
                "required_layers", "requirements_hash", "runtime_layer",
            ])
    }

    @Test func specJSONHoldsNamesAndAbsoluteModulePaths() throws {
        let fixture = try BuildFixture()
        let spec = LayerSpecRecord.json(of: try fixture.layer("app-hello"))
        #expect(spec["name"] == .string("hello"))
        #expect(spec["runtime"] == .string("cpython-3.11"))
        #expect(spec["frameworks"] == .array([.string("y"), .string("x")]))
        #expect(spec["launch_module_path"] == .string(fixture.root.path + "/hello.py"))
        #expect(spec["support_module_paths"] == .array([.string(fixture.root.path + "/helpers")]))
        #expect(spec["python_implementation"] == nil)
        let framework = LayerSpecRecord.json(of: try fixture.layer("framework-x"))
        #expect(framework["dynlib_exclude"] == .array([.string("triton/**"), .string("numpy.libs/*.so")]))
        #expect(framework["versioned"] == .bool(true))
    }
}
