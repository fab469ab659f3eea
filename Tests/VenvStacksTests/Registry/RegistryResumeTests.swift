import Foundation
import Testing

@testable import VenvStacks

/// An interrupted chunked upload is continued by the next push where the registry says it
/// stands, or started again when the registry no longer has it (docs/registries.md#interrupted-pushes).
@Suite struct RegistryResumeTests {
    func registry(session status: Int) -> FakeRegistry {
        FakeRegistry([
            { request in request.method == "HEAD" ? RegistryResponse(status: 404) : nil },
            { request in
                guard request.method == "GET", request.url.path.hasSuffix("/blobs/uploads/saved") else { return nil }
                return status == 204
                    ? RegistryResponse(
                        status: 204, headers: ["Range": "0-7", "Location": "/v2/stacks/sample/blobs/uploads/saved?s=8"])
                    : RegistryResponse(status: status)
            },
            { request in request.method == "GET" ? RegistryResponse(status: 404) : nil },
            { request in
                request.method == "POST"
                    ? RegistryResponse(status: 202, headers: ["Location": "/v2/stacks/sample/blobs/uploads/new"]) : nil
            },
            { request in
                request.method == "PATCH"
                    ? RegistryResponse(status: 202, headers: ["Location": request.url.path + "+"]) : nil
            },
            { request in request.method == "PUT" ? RegistryResponse(status: 201) : nil },
        ])
    }

    func push(_ registry: FakeRegistry, sessions: UploadSessionMemory, folder: URL) async throws -> StackArtifacts {
        let artifacts = try StackArtifacts.assemble(try StackArtifactsTests.inputs(in: folder), stackTag: "v1")
        let client = RegistryClient(
            reference: RegistryClientTests.reference, transport: registry, credentials: nil, insecure: false)
        _ = try await RegistryPusher(client: client, chunkSize: 4, sessions: sessions).push(artifacts)
        return artifacts
    }

    @Test func anUnfinishedUploadContinuesWhereTheRegistrySaysItStands() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sessions = UploadSessionMemory()
        let framework = "sha256:" + ContentHash.sha256Hex(Data("framework archive".utf8))
        sessions.remember("/v2/stacks/sample/blobs/uploads/saved", of: framework, in: "stacks/sample")
        let registry = registry(session: 204)
        let artifacts = try await push(registry, sessions: sessions, folder: folder)
        // The 17-byte archive: the registry holds 8 bytes, so chunks 8-11, 12-15 and 16-16 follow.
        let patches = registry.requests.filter { $0.method == "PATCH" && $0.url.path.contains("/saved") }
        #expect(patches.map { $0.headers["Content-Range"] ?? "" } == ["8-11", "12-15", "16-16"])
        #expect(patches.first?.url.query == "s=8")
        #expect(registry.requests.filter { $0.method == "POST" }.count == artifacts.blobs.count - 1)
        #expect(sessions.location(of: framework, in: "stacks/sample") == nil)
    }

    @Test func anUploadTheRegistryNoLongerHasStartsAgain() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sessions = UploadSessionMemory()
        let framework = "sha256:" + ContentHash.sha256Hex(Data("framework archive".utf8))
        sessions.remember("/v2/stacks/sample/blobs/uploads/saved", of: framework, in: "stacks/sample")
        let registry = registry(session: 404)
        let artifacts = try await push(registry, sessions: sessions, folder: folder)
        #expect(registry.requests.filter { $0.method == "POST" }.count == artifacts.blobs.count)
        #expect(!registry.requests.contains { $0.method == "PATCH" && $0.url.path.contains("/saved") })
        #expect(sessions.location(of: framework, in: "stacks/sample") == nil)
    }

    @Test func theSessionFileKeepsEachRepositorysUploads() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = UploadSessionFile(registry: "127.0.0.1:5000", cacheRoot: folder)
        #expect(file.url.lastPathComponent == "127.0.0.1_5000.uploads.json")
        file.remember("/u/1", of: "sha256:a", in: "one")
        file.remember("/u/2", of: "sha256:a", in: "two")
        #expect(
            UploadSessionFile(registry: "127.0.0.1:5000", cacheRoot: folder).location(of: "sha256:a", in: "one")
                == "/u/1")
        file.forget("sha256:a", in: "one")
        #expect(file.location(of: "sha256:a", in: "one") == nil && file.location(of: "sha256:a", in: "two") == "/u/2")
    }
}
