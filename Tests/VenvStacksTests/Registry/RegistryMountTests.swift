import Foundation
import Testing

@testable import VenvStacks

/// Cross-repository mounts (docs/registries.md#cross-repository-mounts): the record of which
/// repositories hold which blobs, and the pusher's mount requests with their fallback.
@Suite struct RegistryMountTests {
    @Test func theRecordKeepsTheMostRecentRepositoriesFirstAndSurvivesARoundTrip() throws {
        var record = RegistryBlobRecord()
        record.remember(["sha256:a", "sha256:b"], in: "stacks/one")
        record.remember(["sha256:a"], in: "stacks/two")
        #expect(record.sources(of: "sha256:a", excluding: "stacks/three") == ["stacks/two", "stacks/one"])
        #expect(record.sources(of: "sha256:a", excluding: "stacks/two") == ["stacks/one"])
        #expect(record.sources(of: "sha256:c", excluding: "stacks/one").isEmpty)
        for name in ["r1", "r2", "r3", "r4", "r5"] { record.remember(["sha256:b"], in: name) }
        #expect(record.sources(of: "sha256:b", excluding: "x") == ["r5", "r4", "r3", "r2"])

        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = RegistryBlobRecord.location(for: "127.0.0.1:5000", cacheRoot: folder)
        #expect(url.lastPathComponent == "127.0.0.1_5000.json")
        RegistryBlobRecord.update(at: url) { $0 = record }
        #expect(RegistryBlobRecord.load(from: url) == record)
        // A second run adds to what is there.
        RegistryBlobRecord.update(at: url) { $0.remember(["sha256:c"], in: "stacks/one") }
        #expect(
            RegistryBlobRecord.load(from: url).sources(of: "sha256:a", excluding: "") == ["stacks/two", "stacks/one"])
        #expect(RegistryBlobRecord.load(from: url).sources(of: "sha256:c", excluding: "") == ["stacks/one"])
    }

    @Test func anUnreadableRecordIsEmptyAndTheOldestBlobsAreDropped() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("record.json")
        try Data("{not json".utf8).write(to: url)
        #expect(RegistryBlobRecord.load(from: url) == RegistryBlobRecord())
        try Data(#"{"version": 7, "blobs": []}"#.utf8).write(to: url)
        #expect(RegistryBlobRecord.load(from: url) == RegistryBlobRecord())

        var record = RegistryBlobRecord()
        record.remember((0..<RegistryBlobRecord.blobLimit).map { "sha256:\($0)" }, in: "old")
        record.remember(["sha256:new"], in: "fresh")
        #expect(record.order.count == RegistryBlobRecord.blobLimit)
        #expect(record.order.first == "sha256:new")
        #expect(record.sources(of: "sha256:\(RegistryBlobRecord.blobLimit - 1)", excluding: "").isEmpty)
        #expect(record.sources(of: "sha256:0", excluding: "") == ["old"])
    }

    @Test func aBlobAnotherRepositoryHoldsIsMountedAndARefusedMountBecomesTheUpload() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let artifacts = try StackArtifacts.assemble(try StackArtifactsTests.inputs(in: folder), stackTag: "v1")
        let runtimeArchive = artifacts.layers[0].archive.digest
        let frameworkArchive = artifacts.layers[1].archive.digest
        let registry = FakeRegistry([
            { request in request.method == "HEAD" ? RegistryResponse(status: 404) : nil },
            { request in
                guard request.method == "POST" else { return nil }
                let query = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
                // The registry mounts the runtime's archive; for anything else it opens an upload.
                if query.contains(URLQueryItem(name: "mount", value: runtimeArchive)) {
                    return RegistryResponse(status: 201)
                }
                return RegistryResponse(status: 202, headers: ["Location": "/v2/stacks/sample/blobs/uploads/u1"])
            },
            { request in request.method == "PUT" ? RegistryResponse(status: 201) : nil },
            { request in request.method == "GET" ? RegistryResponse(status: 404) : nil },
        ])
        let client = RegistryClient(
            reference: RegistryClientTests.reference, transport: registry, credentials: nil, insecure: false)
        let outcome = try await RegistryPusher(client: client).push(
            artifacts, mountSource: { $0 == runtimeArchive || $0 == frameworkArchive ? "stacks/other" : nil })
        #expect(outcome.blobs[runtimeArchive] == .mounted(from: "stacks/other"))
        #expect(outcome.blobs[frameworkArchive] == .uploaded)
        #expect(outcome.blobsMounted == 1 && outcome.bytesMounted == artifacts.layers[0].archive.size)
        #expect(outcome.blobsUploaded == artifacts.blobs.count - 1)
        let posts = registry.requests.filter { $0.method == "POST" }
        // One POST per blob: the refused mount's upload session is the one used.
        #expect(posts.count == artifacts.blobs.count)
        #expect(
            posts.filter { $0.url.query?.contains("from=stacks/other") == true }.count == 2,
            "\(posts.map(\.url))")
        let blobPuts = registry.requests.filter { $0.method == "PUT" && $0.url.path.contains("/blobs/uploads/") }
        #expect(blobPuts.count == artifacts.blobs.count - 1)
        #expect(!blobPuts.contains { $0.url.query?.contains(runtimeArchive) == true })
    }
}
