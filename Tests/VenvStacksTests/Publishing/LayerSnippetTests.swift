import Foundation
import Testing

@testable import VenvStacks

/// Published and exported layer snippets and the combined manifest as typed values
/// (docs/formats.md#published-metadata-fields, docs/formats.md#combined-manifest).
@Suite struct LayerSnippetTests {
    /// A snippet as venvstacks 0.8 writes it for a published application archive (field names
    /// and types from its documentation; no `provenance` block).
    static let venvstacks08Snippet = """
        {
          "app_launch_module": "scipy_client",
          "app_launch_module_hash": "sha256/abc",
          "archive_build": 3,
          "archive_hashes": {
            "sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          },
          "archive_name": "app-scipy-client-linux_x86_64-3.tar.xz",
          "archive_size": 2048,
          "bound_to_implementation": false,
          "install_target": "app-scipy-client",
          "layer_name": "app-scipy-client",
          "lock_version": 1,
          "locked_at": "2025-08-27T00:00:00+00:00",
          "python_implementation": "cpython@3.11.13",
          "required_layers": [
            "framework-scipy"
          ],
          "requirements_hash": "sha256:req",
          "runtime_layer": "cpython-3.11",
          "target_platform": "linux_x86_64"
        }

        """

    @Test func aVenvstacks08SnippetReadsAndRendersToTheSameBytes() throws {
        let json = try JSONValue.parse(Data(Self.venvstacks08Snippet.utf8))
        let snippet = try #require(LayerSnippet(json: json))
        #expect(snippet.metadata.launchModule == ModuleDigest(name: "scipy_client", hash: "sha256/abc"))
        #expect(snippet.metadata.requiredLayers == ["framework-scipy"])
        #expect(
            snippet.archive
                == ArchiveRecord(
                    build: 3, name: "app-scipy-client-linux_x86_64-3.tar.xz", targetPlatform: "linux_x86_64",
                    size: 2048, sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))
        #expect(snippet.otherFields.isEmpty)
        #expect(snippet.json.rendered() == Self.venvstacks08Snippet)
    }

    @Test func fieldsThisToolDoesNotKnowAreKept() throws {
        guard case .object(var members) = try JSONValue.parse(Data(Self.venvstacks08Snippet.utf8)) else {
            Issue.record("not an object")
            return
        }
        members["signed_by"] = .string("release-key-7")
        members["build_host"] = .object(["os": .string("linux")])
        let snippet = try #require(LayerSnippet(json: .object(members)))
        #expect(snippet.otherFields.keys.sorted() == ["build_host", "signed_by"])
        #expect(snippet.json == .object(members))
    }

    @Test func anExportSnippetHasNoArchiveFields() throws {
        let json = try JSONValue.parse(Data(Self.venvstacks08Snippet.utf8))
        let published = try #require(LayerSnippet(json: json))
        let exported = LayerSnippet(metadata: published.metadata)
        #expect(exported.json == published.metadata.json)
        #expect(LayerSnippet(json: exported.json) == exported)
    }

    @Test func aMissingOrMistypedFieldIsNotASnippet() throws {
        guard case .object(let members) = try JSONValue.parse(Data(Self.venvstacks08Snippet.utf8)) else {
            Issue.record("not an object")
            return
        }
        for (key, value) in [
            ("archive_size", JSONValue.string("big")), ("archive_name", .null), ("lock_version", .string("1")),
            ("archive_hashes", .object([:])),
        ] {
            var changed = members
            changed[key] = value
            #expect(LayerSnippet(json: .object(changed)) == nil, "\(key)")
        }
        var noBuild = members
        noBuild["archive_build"] = nil
        #expect(LayerSnippet(json: .object(noBuild)) == nil, "archive fields without a build number")
        #expect(LayerSnippet(json: .array([])) == nil)
    }

    @Test func theManifestGroupsSnippetsByKindInOrder() throws {
        let json = try JSONValue.parse(Data(Self.venvstacks08Snippet.utf8))
        let app = try #require(LayerSnippet(json: json))
        var other = app
        other.metadata.layerName = "app-two"
        let manifest = StackManifest([
            .init(kind: .application, snippet: other), .init(kind: .application, snippet: app),
        ])
        #expect(
            manifest.json
                == .object([
                    "layers": .object([
                        "applications": .array([other.json, app.json]), "frameworks": .array([]),
                        "runtimes": .array([]),
                    ])
                ]))
    }
}
