import Foundation
import Testing

@testable import VenvStacks

/// A published stack as OCI artifacts (docs/registries.md): manifests, the stack index, tags,
/// SBOM referrers and the image layout folder.
@Suite struct StackArtifactsTests {
    static func layer(_ kind: LayerKind, _ name: String, target: String, archive: Data, required: [String] = [])
        -> PublishedLayer
    {
        PublishedLayer(
            kind: kind, layerName: name, installTarget: target,
            runtimeLayer: kind == .runtime ? target : "cpython-3.11",
            requiredLayers: required, archiveName: "\(target).tar.xz", archiveSize: Int64(archive.count),
            archiveSHA256: ContentHash.sha256Hex(archive), launchModule: nil)
    }

    /// Two layers, the second with an SBOM; archives written into `folder`.
    static func inputs(in folder: URL) throws -> [StackArtifacts.Input] {
        let runtime = Data("runtime archive".utf8)
        let framework = Data("framework archive".utf8)
        try runtime.write(to: folder.appendingPathComponent("cpython-3.11.tar.xz"))
        try framework.write(to: folder.appendingPathComponent("framework-x@2.tar.xz"))
        let snippet = { (target: String) in
            JSONValue.object([
                "install_target": .string(target), "target_platform": .string("linux_x86_64"),
                "locked_at": .string("2025-08-27T00:00:00+00:00"),
            ])
        }
        return [
            .init(
                layer: layer(.runtime, "cpython-3.11", target: "cpython-3.11", archive: runtime),
                snippet: snippet("cpython-3.11"), archive: folder.appendingPathComponent("cpython-3.11.tar.xz"),
                sbom: nil),
            .init(
                layer: layer(.framework, "framework-x", target: "framework-x@2", archive: framework),
                snippet: snippet("framework-x@2"), archive: folder.appendingPathComponent("framework-x@2.tar.xz"),
                sbom: Data(#"{"bomFormat": "CycloneDX"}"#.utf8)),
        ]
    }

    @Test func eachLayerIsAManifestWithItsMetadataAsConfigAndItsArchiveAsLayer() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try Self.inputs(in: folder)
        let artifacts = try StackArtifacts.assemble(inputs, stackTag: "v1")
        #expect(artifacts.layers.map(\.tag) == ["cpython-3.11", "framework-x.v2"])
        guard case .bytes(let data) = artifacts.layers[1].manifest.source else {
            Issue.record("a manifest is made here")
            return
        }
        let manifest = try JSONValue.parse(data)
        #expect(manifest["artifactType"] == .string(OCINames.layerArtifact))
        #expect(manifest["config"]?["mediaType"] == .string(OCINames.layerConfig))
        #expect(
            manifest["config"]?["digest"]
                == .string("sha256:" + ContentHash.sha256Hex(Data(inputs[1].snippet.rendered().utf8))))
        #expect(manifest["layers"]?[0]?["digest"] == .string("sha256:" + inputs[1].layer.archiveSHA256))
        #expect(manifest["layers"]?[0]?["mediaType"] == .string("application/vnd.venvstacks.layer.v1.tar+xz"))
        #expect(manifest["annotations"]?[OCINames.installTarget] == .string("framework-x@2"))
        #expect(manifest["annotations"]?[OCINames.created] == .string("2025-08-27T00:00:00+00:00"))
        // The index lists both layer manifests, with their annotations.
        guard case .bytes(let indexData) = artifacts.index.source else { return }
        let index = try JSONValue.parse(indexData)
        #expect(index["manifests"]?[1]?["digest"] == .string(artifacts.layers[1].manifest.descriptor.digest))
        #expect(index["manifests"]?[1]?["annotations"]?[OCINames.layerKind] == .string("framework"))
        // The SBOM is a referrer of the framework's manifest.
        #expect(artifacts.referrers.count == 1)
        guard case .bytes(let referrerData) = artifacts.referrers[0].source else { return }
        let referrer = try JSONValue.parse(referrerData)
        #expect(referrer["subject"]?["digest"] == .string(artifacts.layers[1].manifest.descriptor.digest))
        #expect(referrer["artifactType"] == .string(OCINames.cycloneDX))
        #expect(referrer["config"]?["mediaType"] == .string(OCINames.emptyJSON))
        // Each blob once: two archives, two configs, the empty config, one SBOM.
        #expect(artifacts.blobs.count == 6)
        // The same inputs give the same digests.
        let again = try StackArtifacts.assemble(inputs, stackTag: "v1")
        #expect(again.index.descriptor == artifacts.index.descriptor)
    }

    @Test(arguments: [
        ("framework-scipy@1", "framework-scipy.v1"), ("app", "app"), (".hidden", "_.hidden"), ("a b+c", "a_b_c"),
        ("-x", "_-x"),
    ])
    func deployedNamesBecomeValidTags(_ name: String, _ tag: String) {
        #expect(StackArtifacts.layerTag(name) == tag)
        #expect(StackArtifacts.isValidTag(StackArtifacts.layerTag(name)))
    }

    @Test func invalidTagsAreRefused() {
        for tag in ["", ".x", "-x", "a:b", String(repeating: "a", count: 129), "é"] {
            #expect(!StackArtifacts.isValidTag(tag), "\(tag)")
        }
        #expect(StackArtifacts.isValidTag("v1.0_rc-2"))
    }

    @Test func twoLayersWithTheSameTagAreAnError() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var inputs = try Self.inputs(in: folder)
        inputs[1].layer.installTarget = "cpython-3.11"
        #expect(throws: StackError.self) { try StackArtifacts.assemble(inputs, stackTag: "v1") }
    }

    @Test func theLayoutHoldsEveryBlobAndTagsAndIsKeptOnASecondWrite() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let artifacts = try StackArtifacts.assemble(try Self.inputs(in: folder), stackTag: "v1")
        let layout = folder.appendingPathComponent("layout")
        let first = try OCILayoutWriter().write(artifacts, to: layout)
        #expect(first.blobsWritten == 6 + 2 + 1 + 1 && first.blobsKept == 0)
        let index = try JSONValue.parse(Data(contentsOf: layout.appendingPathComponent("index.json")))
        guard case .array(let entries)? = index["manifests"] else {
            Issue.record("no manifests")
            return
        }
        #expect(
            entries.map { $0["annotations"]?[OCINames.refName]?.stringValue } == [
                "v1", "cpython-3.11", "framework-x.v2", nil,
            ])
        for entry in entries {
            let digest = try #require(entry["digest"]?.stringValue)
            let blob = try Data(contentsOf: layout.appendingPathComponent("blobs/sha256/" + digest.dropFirst(7)))
            #expect("sha256:" + ContentHash.sha256Hex(blob) == digest)
        }
        #expect(
            try String(contentsOf: layout.appendingPathComponent("oci-layout"), encoding: .utf8).contains(
                "\"imageLayoutVersion\": \"1.0.0\""))
        let second = try OCILayoutWriter().write(artifacts, to: layout)
        #expect(second.blobsWritten == 0 && second.blobsKept == first.blobsWritten)
        // Another stack tag keeps the first one's.
        let other = try StackArtifacts.assemble(try Self.inputs(in: folder), stackTag: "v2")
        _ = try OCILayoutWriter().write(other, to: layout)
        let merged = try JSONValue.parse(Data(contentsOf: layout.appendingPathComponent("index.json")))
        guard case .array(let all)? = merged["manifests"] else { return }
        #expect(
            all.compactMap { $0["annotations"]?[OCINames.refName]?.stringValue }.sorted() == [
                "cpython-3.11", "framework-x.v2", "v1", "v2",
            ])
    }
}
