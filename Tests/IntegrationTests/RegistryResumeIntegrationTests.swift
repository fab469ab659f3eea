import Foundation
import Synchronization
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// A chunked upload cut off after two chunks, continued by the next push against a real
/// registry (Debian's docker-registry on loopback): the registry reports how far the upload
/// got, only the rest is sent, and the blob it then serves has the right digest.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct RegistryResumeIntegrationTests: SlowCLISupport {
    /// Passes requests to the real transport, records them, and fails the PATCH numbered
    /// `failingPatch` as a lost connection would (nothing sent).
    final class CutTransport: RegistryTransport {
        let real = URLSessionTransport()
        let failingPatch: Int?
        let log = Mutex<[RegistryRequest]>([])

        init(failingPatch: Int?) { self.failingPatch = failingPatch }

        var patches: [RegistryRequest] { log.withLock { $0.filter { $0.method == "PATCH" } } }

        func send(_ request: RegistryRequest) async throws(StackError) -> RegistryResponse {
            let count = log.withLock { log in
                log.append(request)
                return log.filter { $0.method == "PATCH" }.count
            }
            if request.method == "PATCH", count == failingPatch { throw StackError("connection lost (test)") }
            return try await real.send(request)
        }

        func download(_ request: RegistryRequest, to destination: URL) async throws(StackError) -> RegistryResponse {
            try await real.download(request, to: destination)
        }
    }

    @Test func anInterruptedChunkedUploadIsContinuedByTheNextPush() async throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = try LocalRegistry.start(in: root.appendingPathComponent("registry"))
        defer { registry.stop() }
        let chunk = 1 << 20
        var bytes = Data(count: 5 * chunk)
        bytes.withUnsafeMutableBytes { buffer in
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for index in 0..<buffer.count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer[index] = UInt8(truncatingIfNeeded: state >> 56)
            }
        }
        let file = root.appendingPathComponent("blob")
        try bytes.write(to: file)
        let digest = "sha256:" + ContentHash.sha256Hex(bytes)
        let blob = OCIBlob(
            descriptor: OCIDescriptor(mediaType: "application/octet-stream", digest: digest, size: Int64(bytes.count)),
            source: .file(file))
        let reference = try RegistryReference(parsing: "\(registry.host)/resume/test:v1")
        let sessions = UploadSessionFile(registry: reference.registry, cacheRoot: root.appendingPathComponent("cache"))
        func pusher(_ transport: CutTransport) -> RegistryPusher {
            RegistryPusher(
                client: RegistryClient(reference: reference, transport: transport, credentials: nil, insecure: false),
                chunkSize: Int64(chunk), sessions: sessions)
        }

        let cut = CutTransport(failingPatch: 3)
        await #expect(throws: StackError.self) {
            _ = try await pusher(cut).mountOrUpload(blob, from: nil) { _ in }
        }
        #expect(sessions.location(of: digest, in: "resume/test") != nil)
        #expect(try await pusher(cut).exists(digest) == false)

        let resumed = CutTransport(failingPatch: nil)
        let action = try await pusher(resumed).mountOrUpload(blob, from: nil) { _ in }
        #expect(action == .uploaded)
        // Two chunks were accepted before the cut: the rest starts at 2 MiB, three chunks.
        #expect(resumed.patches.count == 3)
        #expect(resumed.patches.first?.headers["Content-Range"] == "\(2 * chunk)-\(3 * chunk - 1)")
        #expect(!resumed.log.withLock { $0 }.contains { $0.method == "POST" })
        #expect(sessions.location(of: digest, in: "resume/test") == nil)
        let (served, status) = try await registry.get("/v2/resume/test/blobs/\(digest)", accept: "*/*")
        #expect(status == 200 && "sha256:" + ContentHash.sha256Hex(served) == digest)
    }
}
