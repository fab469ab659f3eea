import Foundation
import Synchronization
import Testing

@testable import VenvStacks

/// A registry stand-in: answers each request with the first scripted handler that matches,
/// records every request, and fails closed (a request no handler expects is a 599 and a test
/// issue).
final class FakeRegistry: RegistryTransport {
    typealias Handler = @Sendable (RegistryRequest) -> RegistryResponse?
    private let handlers: [Handler]
    private let log = Mutex<[RegistryRequest]>([])

    init(_ handlers: [Handler]) { self.handlers = handlers }

    var requests: [RegistryRequest] { log.withLock { $0 } }

    func send(_ request: RegistryRequest) async throws(StackError) -> RegistryResponse {
        log.withLock { $0.append(request) }
        for handler in handlers {
            if let response = handler(request) { return response }
        }
        Issue.record("unexpected request \(request.method) \(request.url)")
        return RegistryResponse(status: 599)
    }

    func download(_ request: RegistryRequest, to destination: URL) async throws(StackError) -> RegistryResponse {
        var response = try await send(request)
        if response.status == 200 {
            try? response.body.write(to: destination)
            response.body = Data()
        }
        return response
    }
}

@Suite struct RegistryClientTests {
    static let reference = try! RegistryReference(parsing: "registry.example:5000/stacks/sample:v1")

    @Test func referencesParseAndBadOnesAreNamed() throws {
        let reference = try RegistryReference(parsing: "127.0.0.1:5000/stacks/sample")
        #expect(reference.registry == "127.0.0.1:5000" && reference.repository == "stacks/sample")
        #expect(reference.tag == "latest" && reference.isLoopback)
        #expect(try RegistryReference(parsing: "localhost/x:t-1").isLoopback)
        #expect(!Self.reference.isLoopback && Self.reference.tag == "v1")
        for (text, message) in [
            ("sample:v1", "names no registry host"), ("host/x", "is not a host"),
            ("example.com/Sample", "is not a repository name"), ("example.com/x:bad tag", "is not a valid tag"),
            ("example.com/x@sha256:00", "digests are not supported"), ("example.com/a..b", "is not a repository name"),
        ] {
            #expect(throws: StackError.self, "\(text)") { try RegistryReference(parsing: text) }
            do {
                _ = try RegistryReference(parsing: text)
            } catch {
                #expect(error.description.contains(message), "\(text): \(error)")
            }
        }
    }

    @Test func aBasicChallengeIsAnsweredWithTheCredentials() async throws {
        let registry = FakeRegistry([
            { request in
                request.headers["Authorization"] == nil
                    ? RegistryResponse(status: 401, headers: ["WWW-Authenticate": #"Basic realm="r""#]) : nil
            },
            { request in
                request.headers["Authorization"] == "Basic " + Data("me:secret".utf8).base64EncodedString()
                    ? RegistryResponse(status: 200) : RegistryResponse(status: 401)
            },
        ])
        let client = RegistryClient(
            reference: Self.reference, transport: registry,
            credentials: RegistryCredentials(username: "me", password: "secret", origin: "test"), insecure: false)
        let response = try await client.send(RegistryRequest(method: "HEAD", url: client.url("/blobs/sha256:00")))
        #expect(response.status == 200)
        #expect(
            registry.requests.first?.url.absoluteString
                == "https://registry.example:5000/v2/stacks/sample/blobs/sha256:00")
        // The header that worked is sent from the start afterwards.
        _ = try await client.send(RegistryRequest(method: "HEAD", url: client.url("/blobs/sha256:11")))
        #expect(registry.requests.count == 3)
    }

    @Test func aBearerChallengeFetchesATokenWithTheScope() async throws {
        let registry = FakeRegistry([
            { request in
                request.url.host == "auth.example"
                    ? RegistryResponse(status: 200, body: Data(#"{"token": "T0K"}"#.utf8)) : nil
            },
            { request in
                request.headers["Authorization"] == "Bearer T0K"
                    ? RegistryResponse(status: 201)
                    : RegistryResponse(
                        status: 401,
                        headers: [
                            "WWW-Authenticate":
                                #"Bearer realm="https://auth.example/token",service="reg",scope="repository:stacks/sample:pull,push""#
                        ])
            },
        ])
        let client = RegistryClient(reference: Self.reference, transport: registry, credentials: nil, insecure: false)
        let response = try await client.send(RegistryRequest(method: "PUT", url: client.url("/manifests/v1")))
        #expect(response.status == 201)
        let token = try #require(registry.requests.first { $0.url.host == "auth.example" })
        let query = URLComponents(url: token.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(query.contains(URLQueryItem(name: "service", value: "reg")))
        #expect(query.contains(URLQueryItem(name: "scope", value: "repository:stacks/sample:pull,push")))
    }

    @Test func busyAnswersAreRetriedAndRefusalsExplained() async throws {
        let calls = Mutex(0)
        let registry = FakeRegistry([
            { _ in
                let n = calls.withLock {
                    $0 += 1; return $0
                }
                return RegistryResponse(status: n < 3 ? 429 : 200)
            }
        ])
        let client = RegistryClient(
            reference: Self.reference, transport: registry, credentials: nil, insecure: false, backoff: [0, 0, 0])
        #expect(try await client.send(RegistryRequest(method: "GET", url: client.url("/tags/list"))).status == 200)
        #expect(registry.requests.count == 3)
        let refused = client.failure(
            "putting manifest v1",
            RegistryResponse(status: 401, body: Data(#"{"errors": [{"message": "authentication required"}]}"#.utf8)))
        #expect(
            refused.description.contains(
                "registry.example:5000/stacks/sample:v1: putting manifest v1 was refused (401 Unauthorized: authentication required)"
            ))
        #expect(refused.description.contains("VENVSTACKS_REGISTRY_USERNAME"))
    }

    @Test func pushUploadsOnlyMissingBlobsInChunksAndPutsTheIndexLast() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let artifacts = try StackArtifacts.assemble(try StackArtifactsTests.inputs(in: folder), stackTag: "v1")
        let present = artifacts.blobs[0].descriptor.digest
        let registry = FakeRegistry([
            { request in
                guard request.method == "HEAD" else { return nil }
                return RegistryResponse(status: request.url.path.hasSuffix(present) ? 200 : 404)
            },
            { request in
                request.method == "POST"
                    ? RegistryResponse(status: 202, headers: ["Location": "/v2/stacks/sample/blobs/uploads/u1"]) : nil
            },
            { request in
                request.method == "PATCH"
                    ? RegistryResponse(status: 202, headers: ["Location": "/v2/stacks/sample/blobs/uploads/u1"]) : nil
            },
            { request in request.method == "PUT" ? RegistryResponse(status: 201) : nil },
            { request in request.method == "GET" ? RegistryResponse(status: 404) : nil },
        ])
        let client = RegistryClient(reference: Self.reference, transport: registry, credentials: nil, insecure: false)
        let outcome = try await RegistryPusher(client: client, chunkSize: 4).push(artifacts)
        #expect(outcome.blobsPresent == 1 && outcome.blobsUploaded == artifacts.blobs.count - 1)
        // The framework archive (17 bytes) goes up in chunks of 4: five PATCHes.
        #expect(registry.requests.filter { $0.method == "PATCH" }.count == 5)
        #expect(registry.requests.first { $0.method == "PATCH" }?.headers["Content-Range"] == "0-3")
        let puts = registry.requests.filter { $0.method == "PUT" && $0.url.path.contains("/manifests/") }
        #expect(puts.last?.url.path == "/v2/stacks/sample/manifests/v1")
        #expect(puts.contains { $0.url.path.hasSuffix("/manifests/framework-x.v2") })
        #expect(
            puts.contains {
                $0.url.path.hasSuffix(
                    "/manifests/" + RegistryPusher.referrersTag(of: artifacts.layers[1].manifest.descriptor.digest))
            })
        // The stack index by its platform's tag, the platform list last by the stack's tag.
        #expect(puts.dropLast().last?.url.path == "/v2/stacks/sample/manifests/v1-linux_x86_64")
        #expect(outcome.indexTag == "v1-linux_x86_64")
        guard case .data(let listed)? = puts.last?.body else {
            Issue.record("the platform list is put with a body")
            return
        }
        let list = try JSONValue.parse(listed)
        #expect(list["manifests"]?[0]?["digest"] == .string(artifacts.index.descriptor.digest))
        #expect("sha256:" + ContentHash.sha256Hex(listed) == outcome.platformList?.digest)
        #expect(outcome.manifestsPut == 2 + 1 + 1 + 2)
    }
}

/// Deploy's pull (docs/registries.md#deploying-from-a-registry) refuses what is not a stack and
/// bytes that do not match their digest, before anything is written.
@Suite struct RegistryPullerTests {
    func puller(_ registry: FakeRegistry, cache: URL) -> RegistryPuller {
        RegistryPuller(
            client: RegistryClient(
                reference: RegistryClientTests.reference, transport: registry, credentials: nil, insecure: false),
            cacheRoot: cache)
    }

    @Test func aForeignArtifactAtTheTagIsNamed() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = #"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "layers": []}"#
        let index = #"{"schemaVersion": 2, "manifests": [{"digest": "sha256:00", "mediaType": "x"}]}"#
        for (body, message) in [
            (image, "it is not an image index"), (index, "its index lists no layers with io.venvstacks"),
        ] {
            let registry = FakeRegistry([{ _ in RegistryResponse(status: 200, body: Data(body.utf8)) }])
            await #expect {
                _ = try await puller(registry, cache: folder).pull(patterns: ["*"], into: folder)
            } throws: { error in
                "\(error)".contains("registry.example:5000/stacks/sample:v1 is not a venvstacks stack: \(message)")
            }
        }
    }

    @Test func aManifestThatDoesNotMatchItsDigestIsRefused() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let index = """
            {"schemaVersion": 2, "manifests": [{"digest": "\(digest)", "mediaType": "\(OCINames.imageManifest)",
              "annotations": {"\(OCINames.installTarget)": "rt", "\(OCINames.layerKind)": "runtime"}}]}
            """
        let registry = FakeRegistry([
            { request in
                request.url.path.hasSuffix("/manifests/v1")
                    ? RegistryResponse(status: 200, body: Data(index.utf8)) : nil
            },
            { _ in RegistryResponse(status: 200, body: Data("{}".utf8)) },
        ])
        await #expect {
            _ = try await puller(registry, cache: folder).pull(patterns: ["rt"], into: folder)
        } throws: { error in
            "\(error)".contains("the manifest of rt does not match its digest \(digest)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("published").path))
    }
}
