import Foundation
import Testing

@testable import VenvStacks

/// One tag for several platforms (docs/registries.md#platforms): the platform list a push
/// merges into, and the choice a deploy makes from it.
@Suite struct StackPlatformsTests {
    func entry(_ platform: String, _ byte: String) -> StackPlatforms.Entry {
        StackPlatforms.Entry(
            platform: platform,
            index: OCIDescriptor(
                mediaType: OCINames.imageIndex, digest: "sha256:" + String(repeating: byte, count: 64), size: 100))
    }

    func data(_ blob: OCIBlob) -> Data {
        guard case .bytes(let data) = blob.source else { return Data() }
        return data
    }

    @Test func aPushAddsItsPlatformAndReplacesItsOwnOlderEntry() throws {
        let linux = entry("linux_x86_64", "a")
        let first = StackPlatforms.list([linux])
        let json = try JSONValue.parse(data(first))
        #expect(json["artifactType"] == .string(OCINames.stackPlatforms))
        #expect(
            json["manifests"]?[0]?["platform"] == .object(["os": .string("linux"), "architecture": .string("amd64")]))
        #expect(StackPlatforms.isPlatformList(json))

        // Another runner pushes macOS: both are listed, sorted by platform.
        let mac = entry("macosx_arm64", "b")
        let both = StackPlatforms.list([mac] + StackPlatforms.keptEntries(of: data(first), beside: mac))
        let bothJSON = try JSONValue.parse(data(both))
        #expect(bothJSON["manifests"]?[0]?["digest"] == .string(linux.index.digest))
        #expect(bothJSON["manifests"]?[1]?["digest"] == .string(mac.index.digest))
        #expect(bothJSON["manifests"]?[1]?["platform"]?["os"] == .string("darwin"))
        // Linux again with a new stack: its entry is replaced, macOS stays.
        let newer = entry("linux_x86_64", "c")
        let replaced = StackPlatforms.list([newer] + StackPlatforms.keptEntries(of: data(both), beside: newer))
        let replacedJSON = try JSONValue.parse(data(replaced))
        #expect(replacedJSON["manifests"]?[0]?["digest"] == .string(newer.index.digest))
        #expect(replacedJSON["manifests"]?[1]?["digest"] == .string(mac.index.digest))
        #expect(replacedJSON["manifests"]?[2] == nil)
        // The same pushes give the same bytes.
        #expect(StackPlatforms.list([mac, linux]) == both)
    }

    @Test func aSingleStackIndexAtTheTagIsKeptAsItsPlatformsEntryAndAnythingElseReplaced() throws {
        let old = Data(
            """
            {"schemaVersion": 2, "mediaType": "\(OCINames.imageIndex)",
             "annotations": {"\(OCINames.targetPlatform)": "win_amd64"},
             "manifests": [{"digest": "sha256:00", "size": 1, "mediaType": "\(OCINames.imageManifest)",
                            "annotations": {"\(OCINames.installTarget)": "cpython-3.11"}}]}
            """.utf8)
        let kept = StackPlatforms.keptEntries(of: old, beside: entry("linux_x86_64", "a"))
        #expect(kept.map(\.platform) == ["win_amd64"])
        #expect(kept.first?.index.digest == "sha256:" + ContentHash.sha256Hex(old))
        #expect(kept.first?.index.size == Int64(old.count))
        #expect(StackPlatforms.keptEntries(of: old, beside: entry("win_amd64", "a")).isEmpty)
        let foreign = Data(#"{"schemaVersion": 2, "manifests": [{"digest": "sha256:00", "size": 1}]}"#.utf8)
        #expect(StackPlatforms.keptEntries(of: foreign, beside: entry("linux_x86_64", "a")).isEmpty)
        #expect(StackPlatforms.keptEntries(of: Data("not json".utf8), beside: entry("linux_x86_64", "a")).isEmpty)
        #expect(StackPlatforms.keptEntries(of: nil, beside: entry("linux_x86_64", "a")).isEmpty)
    }

    @Test func aDeployChoosesItsPlatformOrNamesThoseThereAre() throws {
        let list = try JSONValue.parse(
            data(StackPlatforms.list([entry("macosx_arm64", "b"), entry("win_amd64", "c")])))
        #expect(
            try StackPlatforms.choose("win_amd64", in: list, reference: "r/s:v1") == "sha256:"
                + String(repeating: "c", count: 64))
        #expect {
            try StackPlatforms.choose("linux_x86_64", in: list, reference: "r/s:v1")
        } throws: { error in
            "\(error)".contains("r/s:v1 has no stack for linux_x86_64; it has macosx_arm64, win_amd64")
        }
    }

    @Test func theStackIndexTagNamesItsPlatform() throws {
        #expect(try StackPlatforms.platformTag("v1", platform: "linux_x86_64") == "v1-linux_x86_64")
        #expect(throws: StackError.self) {
            try StackPlatforms.platformTag(String(repeating: "t", count: 120), platform: "linux_x86_64")
        }
    }
}
