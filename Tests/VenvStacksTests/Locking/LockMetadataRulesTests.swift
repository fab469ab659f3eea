import Foundation
import Testing

@testable import VenvStacks

/// When lock metadata is rewritten (docs/formats.md#lock-validity-and-versioning) and how its times are written.
@Suite struct LockMetadataRulesTests {
    let current = LockMetadata(
        lockInputHash: "sha256:in", lockVersion: 1, lockedAt: "", otherInputsHash: "sha256:other",
        requirementsHash: "sha256:req", versionInputsHash: "sha256:ver")
    let modified = Timestamp.parse("2026-11-21T10:00:00.250000+00:00")!
    let clamp = Timestamp.parse("2025-08-27 00:00:00+00:00")!

    func stored(_ edit: (inout LockMetadata) -> Void = { _ in }) -> JSONValue {
        var metadata = current
        metadata.lockVersion = 4
        metadata.lockedAt = "2025-08-27T00:00:00+00:00"
        edit(&metadata)
        return metadata.json
    }

    @Test func validMetadataIsKept() {
        #expect(
            LockMetadataRules.update(
                storedJSON: stored(), current: current, versioned: true, pylockModified: modified, clamp: clamp) == nil)
        #expect(
            LockMetadataRules.update(
                storedJSON: stored(), current: current, versioned: false, pylockModified: modified, clamp: nil) == nil)
    }

    @Test func changedLockBumpsOnlyVersionedLayersAndClampsTheTime() throws {
        let changed = stored { $0.requirementsHash = "sha256:old" }
        let versioned = try #require(
            LockMetadataRules.update(
                storedJSON: changed, current: current, versioned: true, pylockModified: modified, clamp: clamp))
        #expect(versioned.lockVersion == 5)
        #expect(versioned.lockedAt == "2025-08-27T00:00:00+00:00")
        let plain = try #require(
            LockMetadataRules.update(
                storedJSON: changed, current: current, versioned: false, pylockModified: modified, clamp: nil))
        #expect(plain.lockVersion == 1)
        #expect(plain.lockedAt == "2026-11-21T10:00:00.250000+00:00")
    }

    @Test func versionInputsOnlyMatterForVersionedLayers() {
        let changed = stored { $0.versionInputsHash = "sha256:older" }
        #expect(
            LockMetadataRules.update(
                storedJSON: changed, current: current, versioned: false, pylockModified: modified, clamp: clamp) == nil)
        #expect(
            LockMetadataRules.update(
                storedJSON: changed, current: current, versioned: true, pylockModified: modified, clamp: clamp)?
                .lockVersion == 5)
    }

    @Test func aLockDatedAfterTheClampIsRedated() {
        let late = stored { $0.lockedAt = "2025-09-01T00:00:00+00:00" }
        let updated = LockMetadataRules.update(
            storedJSON: late, current: current, versioned: true, pylockModified: modified, clamp: clamp)
        #expect(updated?.lockedAt == "2025-08-27T00:00:00+00:00")
        #expect(updated?.lockVersion == 5)
    }

    @Test func legacyMetadataStillSuppliesItsVersion() {
        let legacy: JSONValue = .object(["_legacy_requirements_hash": .string("x"), "lock_version": .int(7)])
        #expect(
            LockMetadataRules.update(
                storedJSON: legacy, current: current, versioned: true, pylockModified: modified, clamp: clamp)?
                .lockVersion == 8)
        #expect(
            LockMetadataRules.update(
                storedJSON: nil, current: current, versioned: true, pylockModified: modified, clamp: clamp)?
                .lockVersion == 1)
    }

    @Test(arguments: [
        ("2025-08-27 00:00:00+00:00", "2025-08-27T00:00:00+00:00"),
        ("2025-08-27T02:30:00+02:30", "2025-08-27T00:00:00+00:00"),
        ("2025-08-27T00:00:00Z", "2025-08-27T00:00:00+00:00"),
        ("2025-08-27", "2025-08-27T00:00:00+00:00"),
        ("2025-08-27T10:11:12.5", "2025-08-27T10:11:12.500000+00:00"),
    ])
    func timestamps(_ text: String, _ iso: String) throws {
        #expect(Timestamp.isoFormat(try #require(Timestamp.parse(text))) == iso)
    }

    @Test(arguments: ["", "yesterday", "2025-13-01", "2025-08-27T25:00:00Z", "2025-08-27T10:00:00+0100"])
    func badTimestamps(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}
