import Foundation

/// Pushes ``StackArtifacts`` to a registry (docs/registries.md#pushing): every blob the
/// registry does not have yet (a HEAD first), mounted from another repository of the registry
/// that holds it when one is known, else uploaded, in chunks above ``chunkSize``; the layer
/// manifests by their tags; each SBOM referrer, and the referrers tag of its layer (the OCI 1.1
/// fallback for registries without the referrers API); the stack index by `<tag>-<platform>`;
/// last, the platform list by the stack's tag (``StackPlatforms``).
public struct RegistryPusher: Sendable {
    /// What a push did.
    public struct Outcome: Sendable, Equatable {
        public var blobsUploaded = 0
        public var bytesUploaded: Int64 = 0
        public var blobsPresent = 0
        public var bytesPresent: Int64 = 0
        public var blobsMounted = 0
        public var bytesMounted: Int64 = 0
        public var manifestsPut = 0
        /// The tag of the stack index (`<tag>-<platform>`), when it has a platform list.
        public var indexTag: String?
        /// The platform list put at the stack tag.
        public var platformList: OCIDescriptor?
        /// What became of each blob, by digest.
        public var blobs: [String: BlobAction] = [:]

        mutating func note(_ action: BlobAction, _ blob: OCIDescriptor) {
            blobs[blob.digest] = action
            switch action {
            case .uploaded:
                blobsUploaded += 1
                bytesUploaded += blob.size
            case .present:
                blobsPresent += 1
                bytesPresent += blob.size
            case .mounted:
                blobsMounted += 1
                bytesMounted += blob.size
            }
        }
    }

    /// How a blob came to be in the repository.
    public enum BlobAction: Sendable, Equatable {
        case uploaded
        /// The repository had it already.
        case present
        /// Mounted from another repository of the registry, without sending its bytes.
        case mounted(from: String)

        public var name: String {
            switch self {
            case .uploaded: "uploaded"
            case .present: "present"
            case .mounted: "mounted"
            }
        }
    }

    /// A push's progress: bytes of blobs uploaded or found present so far, of `total`.
    public typealias Progress = @Sendable (_ done: Int64, _ total: Int64) -> Void

    let client: RegistryClient
    let chunkSize: Int64
    /// Where chunked uploads stand, so an interrupted one is continued by the next push.
    let sessions: any UploadSessions

    public init(
        client: RegistryClient, chunkSize: Int64 = 16 << 20, sessions: any UploadSessions = UploadSessionMemory()
    ) {
        self.client = client
        self.chunkSize = chunkSize
        self.sessions = sessions
    }

    /// Pushes `artifacts`; a blob the repository lacks is first offered as a mount from
    /// `mountSource(digest)` (another repository of the same registry), when it names one.
    public func push(
        _ artifacts: StackArtifacts, mountSource: (String) -> String? = { _ in nil }, progress: Progress? = nil
    ) async throws(StackError) -> Outcome {
        var outcome = Outcome()
        let total = artifacts.blobs.reduce(Int64(0)) { $0 + $1.descriptor.size }
        var done: Int64 = 0
        for blob in artifacts.blobs {
            let action: BlobAction
            if try await exists(blob.descriptor.digest) {
                action = .present
            } else {
                let before = done
                action = try await mountOrUpload(blob, from: mountSource(blob.descriptor.digest)) { sent in
                    progress?(before + sent, total)
                }
            }
            outcome.note(action, blob.descriptor)
            done += blob.descriptor.size
            progress?(done, total)
        }
        for layer in artifacts.layers {
            try await putManifest(layer.manifest, reference: layer.tag)
            outcome.manifestsPut += 1
        }
        for referrer in artifacts.referrers {
            try await putManifest(referrer, reference: referrer.descriptor.digest)
            outcome.manifestsPut += 1
        }
        for layer in artifacts.layers {
            guard let sbom = layer.sbom else { continue }
            let index = JSONValue.object([
                "schemaVersion": .int(2), "mediaType": .string(OCINames.imageIndex),
                "manifests": .array([sbom.descriptor.json]),
            ])
            let blob = StackArtifacts.jsonBlob(Data(index.rendered().utf8), mediaType: OCINames.imageIndex)
            try await putManifest(blob, reference: Self.referrersTag(of: layer.manifest.descriptor.digest))
            outcome.manifestsPut += 1
        }
        guard let platform = artifacts.platform else {
            try await putManifest(artifacts.index, reference: artifacts.stackTag)
            outcome.manifestsPut += 1
            return outcome
        }
        // The stack index by its platform's tag, then the platform list by the stack tag, with
        // this platform's entry and the other platforms' from the list there now.
        let indexTag = try StackPlatforms.platformTag(artifacts.stackTag, platform: platform)
        try await putManifest(artifacts.index, reference: indexTag)
        let entry = StackPlatforms.Entry(platform: platform, index: artifacts.index.descriptor)
        let list = StackPlatforms.list(
            [entry] + StackPlatforms.keptEntries(of: try await currentManifest(artifacts.stackTag), beside: entry))
        try await putManifest(list, reference: artifacts.stackTag)
        outcome.manifestsPut += 2
        outcome.indexTag = indexTag
        outcome.platformList = list.descriptor
        return outcome
    }

    /// The manifest or index `tag` names now (nil when there is none).
    func currentManifest(_ tag: String) async throws(StackError) -> Data? {
        let response = try await client.send(
            RegistryRequest(
                method: "GET", url: client.url("/manifests/\(tag)"), headers: ["Accept": RegistryPuller.anyManifest]))
        switch response.status {
        case 200: return response.body
        case 404: return nil
        default: throw client.failure("reading what the tag \(tag) names", response)
        }
    }

    /// `sha256-<hex>`: the tag under which the OCI 1.1 referrers fallback lists a manifest's
    /// referrers.
    static func referrersTag(of digest: String) -> String { digest.replacingOccurrences(of: ":", with: "-") }

    func exists(_ digest: String) async throws(StackError) -> Bool {
        let response = try await client.send(RegistryRequest(method: "HEAD", url: client.url("/blobs/\(digest)")))
        switch response.status {
        case 200: return true
        case 404: return false
        default: throw client.failure("checking for blob \(digest)", response)
        }
    }

    /// Asks the registry to mount `blob` from `source` (201: done) or, without a source or when
    /// the registry answers with an upload session instead (202), uploads it; without a
    /// source, an upload an earlier push left unfinished is continued where the registry says
    /// it stands.
    func mountOrUpload(_ blob: OCIBlob, from source: String?, sent: (Int64) -> Void) async throws(StackError)
        -> BlobAction
    {
        let digest = blob.descriptor.digest
        let repository = client.reference.repository
        if let saved = sessions.location(of: digest, in: repository) {
            if source == nil, let (location, offset) = try await resumePoint(saved) {
                try await upload(blob, at: location, from: offset, sent: sent)
                return .uploaded
            }
            sessions.forget(digest, in: repository)
        }
        var url = client.url("/blobs/uploads/")
        if let source {
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
            components.queryItems = [
                URLQueryItem(name: "mount", value: digest), URLQueryItem(name: "from", value: source),
            ]
            url = components.url!
        }
        let start = try await client.send(RegistryRequest(method: "POST", url: url))
        if let source, start.status == 201 { return .mounted(from: source) }
        guard start.status == 202, let location = start.headers["location"] else {
            throw client.failure("starting the upload of blob \(digest)", start)
        }
        try await upload(blob, at: location, sent: sent)
        return .uploaded
    }

    /// Where the upload session at `location` stands: its current location and the bytes it
    /// holds (the registry's `Range: 0-<last>`); nil when the registry no longer has it.
    func resumePoint(_ location: String) async throws(StackError) -> (String, Int64)? {
        let response = try await client.send(RegistryRequest(method: "GET", url: absolute(location)))
        guard response.status == 204, let range = response.headers["range"],
            let last = range.split(separator: "-", maxSplits: 1).last.flatMap({ Int64($0) })
        else { return nil }
        return (response.headers["location"] ?? location, max(0, last + 1))
    }

    /// Sends the blob (whole, or in chunks from `offset`) into the upload session at
    /// `location`, and closes it with the digest. After each chunk the registry accepted, the
    /// session's location is remembered; once the blob is complete, forgotten.
    func upload(_ blob: OCIBlob, at location: String, from start: Int64 = 0, sent: (Int64) -> Void)
        async throws(StackError)
    {
        let digest = blob.descriptor.digest
        let repository = client.reference.repository
        var location = location
        let size = blob.descriptor.size
        if case .file(let file) = blob.source, size > chunkSize {
            var offset = start
            sent(offset)
            while offset < size {
                let length = min(chunkSize, size - offset)
                let response = try await client.send(
                    RegistryRequest(
                        method: "PATCH", url: absolute(location),
                        headers: [
                            "Content-Type": "application/octet-stream",
                            "Content-Range": "\(offset)-\(offset + length - 1)", "Content-Length": String(length),
                        ], body: .file(file, offset: offset, length: length)))
                guard response.status == 202, let next = response.headers["location"] else {
                    throw client.failure("uploading blob \(digest) (bytes \(offset)-\(offset + length - 1))", response)
                }
                location = next
                offset += length
                sessions.remember(location, of: digest, in: repository)
                sent(offset)
            }
            try await finish(location, digest: digest, body: .none)
            sessions.forget(digest, in: repository)
        } else {
            let body: RegistryRequest.Body =
                switch blob.source {
                case .bytes(let data): .data(data)
                case .file(let file): .file(file, offset: 0, length: size)
                }
            try await finish(location, digest: digest, body: body)
        }
    }

    private func finish(_ location: String, digest: String, body: RegistryRequest.Body) async throws(StackError) {
        guard var components = URLComponents(url: absolute(location), resolvingAgainstBaseURL: false) else {
            throw StackError("\(client.reference): the registry gave an upload location that is not a URL: \(location)")
        }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "digest", value: digest)]
        var headers = ["Content-Type": "application/octet-stream"]
        if case .none = body { headers["Content-Length"] = "0" }
        let response = try await client.send(
            RegistryRequest(method: "PUT", url: components.url!, headers: headers, body: body))
        guard response.status == 201 else { throw client.failure("completing the upload of blob \(digest)", response) }
    }

    func putManifest(_ manifest: OCIBlob, reference: String) async throws(StackError) {
        guard case .bytes(let data) = manifest.source else { return }
        let response = try await client.send(
            RegistryRequest(
                method: "PUT", url: client.url("/manifests/\(reference)"),
                headers: ["Content-Type": manifest.descriptor.mediaType], body: .data(data)))
        guard response.status == 201 else { throw client.failure("putting manifest \(reference)", response) }
        if let digest = response.headers["docker-content-digest"], digest != manifest.descriptor.digest {
            throw StackError(
                "\(client.reference): the registry stored manifest \(reference) as \(digest), not \(manifest.descriptor.digest)"
            )
        }
    }

    /// Upload locations may be relative to the registry.
    func absolute(_ location: String) -> URL {
        if let url = URL(string: location), url.scheme != nil { return url }
        let root = client.base.components(separatedBy: "/v2/").first ?? client.base
        return URL(string: root + (location.hasPrefix("/") ? "" : "/") + location)!
    }
}
