import Foundation
import Testing

@testable import VenvStacks

/// Archive names, build numbers and skipping (docs/formats.md#archive-names-build-numbers-and-reuse).
@Suite struct ArchiveRequestTests {
    static let details: JSONValue = .object([
        "layer_name": .string("framework-http"),
        "install_target": .string("framework-http@1"),
        "requirements_hash": .string("sha256:aaa"),
        "lock_version": .int(1),
        "locked_at": .string("2025-08-27T00:00:00+00:00"),
        "runtime_layer": .string("cpython-3.11"),
        "python_implementation": .string("cpython@3.11.7"),
        "bound_to_implementation": .bool(false),
        "required_layers": .array([]),
    ])

    func plan(
        _ details: JSONValue = Self.details, previous: JSONValue?, existing: Set<String> = [],
        damaged: Set<String> = [], tagged: Bool = false, force: Bool = false
    ) -> ArchiveRequest {
        ArchiveRequest.plan(
            details: LayerMetadata(json: details)!, previous: previous.flatMap(LayerSnippet.init(json:)),
            archiveState: { name, _ in
                existing.contains(name) ? .intact : damaged.contains(name) ? .damaged : .missing
            },
            platform: .linuxX86_64, tagged: tagged, archiveExtension: ".tar.xz", force: force)
    }

    func with(_ value: JSONValue, _ changes: [String: JSONValue]) -> JSONValue {
        guard case .object(var members) = value else { return value }
        members.merge(changes) { $1 }
        return .object(members)
    }

    @Test func firstPublishIsBuild1() {
        let request = plan(previous: nil)
        #expect(request.needsBuild)
        #expect(
            request.snippet.json
                == with(
                    Self.details,
                    [
                        "archive_build": .int(1), "archive_name": .string("framework-http@1.tar.xz"),
                        "target_platform": .string("linux_x86_64"),
                    ]))
    }

    @Test func taggedNamesCarryPlatformAndBuild() {
        #expect(
            ArchiveRequest.baseName(installTarget: "app-x@2", platform: .winAMD64, build: 7, tagged: true)
                == "app-x@2-win_amd64-7")
        #expect(
            ArchiveRequest.baseName(installTarget: "app-x@2", platform: .winAMD64, build: 7, tagged: false) == "app-x@2"
        )
        let request = plan(previous: nil, tagged: true)
        #expect(request.snippet.json["archive_name"] == .string("framework-http@1-linux_x86_64-1.tar.xz"))
    }

    @Test func unchangedMetadataWithItsArchiveIsNotRebuilt() {
        let built = plan(previous: nil, tagged: true).snippet.json
        let previous = with(built, ["archive_size": .int(1234), "archive_hashes": .object(["sha256": .string("ff")])])
        let request = plan(previous: previous, existing: ["framework-http@1-linux_x86_64-1.tar.xz"], tagged: true)
        #expect(!request.needsBuild)
        // The previous snippet is used unchanged, archive size and hashes included.
        #expect(request.snippet.json == previous)
    }

    @Test func aMissingArchiveIsRebuiltWithTheNextNumber() {
        let previous = plan(previous: nil, tagged: true).snippet.json
        let request = plan(previous: previous, existing: [], tagged: true)
        #expect(request.needsBuild)
        #expect(request.damagedArchive == nil)
        #expect(request.snippet.json["archive_build"] == .int(2))
        #expect(request.snippet.json["archive_name"] == .string("framework-http@1-linux_x86_64-2.tar.xz"))
    }

    @Test func changedMetadataIsRebuiltWithTheNextNumber() {
        let previous = with(plan(previous: nil).snippet.json, ["archive_build": .int(4)])
        let changed = with(Self.details, ["requirements_hash": .string("sha256:bbb")])
        let request = plan(changed, previous: previous, existing: ["framework-http@1.tar.xz"])
        #expect(request.needsBuild)
        #expect(request.snippet.json["archive_build"] == .int(5))
        #expect(request.snippet.json["requirements_hash"] == .string("sha256:bbb"))
        #expect(request.snippet.json["archive_name"] == .string("framework-http@1.tar.xz"))
    }

    @Test func aNewLockVersionRestartsTheCounter() {
        let previous = with(plan(previous: nil, tagged: true).snippet.json, ["archive_build": .int(6)])
        let relocked = with(Self.details, ["lock_version": .int(2), "install_target": .string("framework-http@2")])
        let request = plan(
            relocked, previous: previous, existing: ["framework-http@1-linux_x86_64-6.tar.xz"], tagged: true)
        #expect(request.needsBuild)
        #expect(request.snippet.json["archive_build"] == .int(1))
        #expect(request.snippet.json["archive_name"] == .string("framework-http@2-linux_x86_64-1.tar.xz"))
    }

    @Test func aDifferentPreviousArchiveNameIsRebuilt() {
        let previous = with(plan(previous: nil).snippet.json, ["archive_name": .string("framework-http@1.zip")])
        let request = plan(previous: previous, existing: ["framework-http@1.tar.xz"])
        #expect(request.needsBuild)
        #expect(request.snippet.json["archive_build"] == .int(2))
        #expect(request.snippet.json["archive_name"] == .string("framework-http@1.tar.xz"))
    }

    @Test func forceAlwaysRebuilds() {
        let previous = plan(previous: nil).snippet.json
        let request = plan(previous: previous, existing: ["framework-http@1.tar.xz"], force: true)
        #expect(request.needsBuild)
        #expect(request.snippet.json["archive_build"] == .int(2))
    }

    @Test func aDamagedArchiveIsRebuiltAndSaysSo() {
        let previous = plan(previous: nil).snippet.json
        let request = plan(previous: previous, damaged: ["framework-http@1.tar.xz"])
        #expect(request.needsBuild)
        #expect(request.damagedArchive == "framework-http@1.tar.xz")
        #expect(request.snippet.json["archive_build"] == .int(2))
    }

    @Test func theArchiveIsJudgedByTheCurrentNameOnlyWhenTheMetadataIsUnchanged() {
        let previous = plan(previous: nil).snippet.json
        var asked: [String] = []
        let judge: (String, LayerSnippet) -> ArchiveFileState = { name, snippet in
            asked.append(name)
            #expect(snippet.json == previous)
            return .intact
        }
        _ = ArchiveRequest.plan(
            details: LayerMetadata(json: Self.details)!, previous: LayerSnippet(json: previous), archiveState: judge,
            platform: .linuxX86_64, tagged: false, archiveExtension: ".tar.xz", force: false)
        #expect(asked == ["framework-http@1.tar.xz"])
        let changed = with(Self.details, ["requirements_hash": .string("sha256:bbb")])
        _ = ArchiveRequest.plan(
            details: LayerMetadata(json: changed)!, previous: LayerSnippet(json: previous), archiveState: judge,
            platform: .linuxX86_64, tagged: false, archiveExtension: ".tar.xz", force: false)
        #expect(asked.count == 1, "a changed layer is rebuilt without reading its old archive")
    }

    @Test func theFileStateComparesSizeAndHash() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let archive = root.appendingPathComponent("a.tar.xz")
        let bytes = Data("archive bytes".utf8)
        try bytes.write(to: archive)
        let metadata = LayerMetadata(json: Self.details)!
        let unwritten = LayerSnippet(
            metadata: metadata, archive: ArchiveRecord(build: 1, name: "a.tar.xz", targetPlatform: "linux_x86_64"))
        var snippet = unwritten
        snippet.archive?.size = bytes.count
        snippet.archive?.sha256 = ContentHash.sha256Hex(bytes)
        #expect(ArchiveFileState.of(archive, recordedIn: snippet) == .intact)
        #expect(ArchiveFileState.of(root.appendingPathComponent("b.tar.xz"), recordedIn: snippet) == .missing)
        try bytes.prefix(5).write(to: archive)
        #expect(ArchiveFileState.of(archive, recordedIn: snippet) == .damaged)
        var changed = bytes
        changed[0] ^= 1
        try changed.write(to: archive)
        #expect(ArchiveFileState.of(archive, recordedIn: snippet) == .damaged)
        try FileManager.default.removeItem(at: archive)
        try FileManager.default.createSymbolicLink(atPath: archive.path, withDestinationPath: "/dev/zero")
        #expect(ArchiveFileState.of(archive, recordedIn: snippet) == .damaged)
        #expect(ArchiveFileState.of(archive, recordedIn: unwritten) == .damaged)
    }
}

/// Provenance: an archive made with other compression settings is rebuilt.
@Suite struct ArchiveSettingsChangeTests {
    let settings: JSONValue = .object([
        "archive_format": .string("tar.xz"), "compressor": .string("liblzma 5.4.1"), "compression_level": .int(6),
    ])

    func previous(_ provenance: JSONValue?) -> JSONValue {
        var members: [String: JSONValue] = [:]
        if case .object(let details) = ArchiveRequestTests.details { members = details }
        members["archive_build"] = .int(1)
        members["archive_name"] = .string("framework-http@1.tar.xz")
        members["target_platform"] = .string("linux_x86_64")
        members["provenance"] = provenance
        return .object(members)
    }

    func plan(previous: JSONValue) -> ArchiveRequest {
        ArchiveRequest.plan(
            details: LayerMetadata(json: ArchiveRequestTests.details)!, previous: LayerSnippet(json: previous),
            archiveState: { _, _ in .intact },
            platform: .linuxX86_64, tagged: false, archiveExtension: ".tar.xz", archiveSettings: settings,
            force: false)
    }

    @Test func sameSettingsKeepTheArchive() {
        var recorded = settings
        if case .object(var members) = recorded {
            members["tool"] = .string("venvstacks-swift 0.0.1")
            recorded = .object(members)
        }
        #expect(!plan(previous: previous(recorded)).needsBuild)
    }

    @Test func anotherLevelOrCompressorVersionRebuilds() {
        let changed: JSONValue = .object([
            "archive_format": .string("tar.xz"), "compressor": .string("liblzma 5.6.0"), "compression_level": .int(6),
        ])
        let request = plan(previous: previous(changed))
        #expect(request.needsBuild)
        #expect(request.snippet.json["archive_build"]?.intValue == 2)
    }

    @Test func archivesWithoutProvenanceAreJudgedByMetadataAlone() {
        #expect(!plan(previous: previous(nil)).needsBuild)
    }
}
