import Foundation

/// Fetches what a deploy from a registry needs (docs/registries.md#deploying-from-a-registry):
/// the stack index by its tag (through the platform list the tag names, when it names one),
/// the manifests and configs of the requested layers and of the layers they need, and their
/// archives, each checked against its digest (and each archive
/// against its metadata's size and SHA-256) before it is used. Archives are kept in a
/// content-addressed download cache, so a layer pulled once is not downloaded again. The
/// result is a published folder, the same as `publish` writes, for ``StackDeployer``.
public struct RegistryPuller: Sendable {
    let client: RegistryClient
    /// `<cache>/blobs/sha256/<hex>`: downloaded archives.
    let blobCache: URL
    /// The platform whose stack a platform list gives (nil: this machine's).
    let platform: String?

    public init(client: RegistryClient, cacheRoot: URL, platform: String? = nil) {
        self.client = client
        blobCache = cacheRoot.appendingPathComponent("blobs/sha256")
        self.platform = platform
    }

    /// What a pull did.
    public struct Outcome: Sendable {
        /// The published folder made for the deploy (remove it afterwards).
        public var publishedDirectory: URL
        public var blobsDownloaded = 0
        public var bytesDownloaded: Int64 = 0
        public var blobsCached = 0
        /// Layers the target folder already holds, deployed from the same archive: not downloaded.
        public var alreadyDeployed = 0
        /// The archive digests of the selected layers (the repository holds them all).
        public var archiveDigests: [String] = []
    }

    /// Pulls the layers matching `patterns` (and the layers they need) into a new published
    /// folder inside `staging`. A layer that `target` already holds, completely deployed from
    /// the same archive (its deploy record says so), is not downloaded: deploy keeps it.
    public func pull(patterns: [String], into staging: URL, deployedIn target: URL? = nil) async throws(StackError)
        -> Outcome
    {
        let reference = client.reference
        var index = try await fetchJSON(
            "/manifests/\(reference.tag)", accept: Self.anyManifest, what: "the stack index")
        if StackPlatforms.isPlatformList(index.json) {
            // One tag for several platforms: this machine's stack index, by its digest.
            guard let platform = platform ?? TargetPlatform.host?.rawValue else {
                throw StackError("\(reference): this machine is none of the platforms venvstacks stacks are built for")
            }
            let digest = try StackPlatforms.choose(platform, in: index.json, reference: "\(reference)")
            index = try await fetchJSON(
                "/manifests/\(digest)", accept: OCINames.imageIndex, what: "the stack index of \(platform)",
                digest: digest)
        }
        guard case .array(let entries)? = index.json["manifests"] else {
            throw StackError(
                "\(reference) is not a venvstacks stack: it is not an image index",
                hint: "push the stack with `venvstacks push` and give its tag")
        }
        var available: [(target: String, digest: String, kind: LayerKind)] = []
        for entry in entries {
            guard let target = entry["annotations"]?[OCINames.installTarget]?.stringValue,
                let digest = entry["digest"]?.stringValue,
                let kind = entry["annotations"]?[OCINames.layerKind]?.stringValue.flatMap(LayerKind.init(rawValue:))
            else { continue }
            available.append((target, digest, kind))
        }
        guard !available.isEmpty else {
            throw StackError(
                "\(reference) is not a venvstacks stack: its index lists no layers with io.venvstacks annotations",
                hint: "give the tag of a stack pushed with `venvstacks push`")
        }
        // Each layer's config (its metadata) tells what it needs.
        var snippets: [String: (kind: LayerKind, snippet: JSONValue, archive: OCIDescriptor)] = [:]
        for layer in available {
            let manifest = try await fetchJSON(
                "/manifests/\(layer.digest)", accept: OCINames.imageManifest, what: "the manifest of \(layer.target)",
                digest: layer.digest)
            guard manifest.json["config"]?["mediaType"]?.stringValue == OCINames.layerConfig,
                let configDigest = manifest.json["config"]?["digest"]?.stringValue,
                let archiveDigest = manifest.json["layers"]?[0]?["digest"]?.stringValue,
                let archiveSize = manifest.json["layers"]?[0]?["size"]?.intValue,
                let archiveType = manifest.json["layers"]?[0]?["mediaType"]?.stringValue
            else {
                throw StackError("\(reference): the manifest of \(layer.target) is not a venvstacks layer manifest")
            }
            let config = try await fetchJSON(
                "/blobs/\(configDigest)", accept: OCINames.layerConfig, what: "the metadata of \(layer.target)",
                digest: configDigest)
            guard "sha256:" + (config.json["archive_hashes"]?["sha256"]?.stringValue ?? "") == archiveDigest,
                config.json["archive_size"]?.intValue == archiveSize
            else {
                throw StackError(
                    "\(reference): the metadata of \(layer.target) does not describe its archive blob \(archiveDigest)")
            }
            snippets[layer.target] = (
                layer.kind, config.json,
                OCIDescriptor(mediaType: archiveType, digest: archiveDigest, size: Int64(archiveSize))
            )
        }
        // The published folder: the manifest of every layer (so `deploy` can resolve names and
        // needs), archives for the layers to deploy.
        let folder = staging.appendingPathComponent("published")
        let metadata = folder.appendingPathComponent("__venvstacks__")
        try StackError.during("cannot prepare \(folder.path)") {
            try FileSystem.makeDirectories(at: metadata)
            try FileSystem.makeDirectories(at: blobCache)
        }
        var layers: [String: JSONValue] = [:]
        for kind in LayerKind.allCases {
            layers[kind.category] = .array(
                available.filter { $0.kind == kind }.compactMap { snippets[$0.target]?.snippet })
        }
        let manifestJSON = JSONValue.object(["layers": .object(layers)])
        try StackError.during("cannot write the manifest in \(metadata.path)") {
            _ = try AtomicFile.write(manifestJSON.rendered(), to: metadata.appendingPathComponent("venvstacks.json"))
        }
        let stack = try PublishedStack.load(from: folder, platform: nil)
        let wanted = try stack.closure(of: try stack.matching(patterns))
        var outcome = Outcome(publishedDirectory: folder)
        for layer in wanted {
            guard let archive = snippets[layer.installTarget]?.archive else { continue }
            outcome.archiveDigests.append(archive.digest)
            if let target,
                DeployRecord.read(in: target.appendingPathComponent(layer.installTarget))?.isComplete(for: layer)
                    == true
            {
                outcome.alreadyDeployed += 1
                continue
            }
            let cached = blobCache.appendingPathComponent(String(archive.digest.dropFirst("sha256:".count)))
            if (try? FileDigest.size(of: cached)) == archive.size {
                outcome.blobsCached += 1
            } else {
                try await download(archive, of: layer.installTarget, to: cached)
                outcome.blobsDownloaded += 1
                outcome.bytesDownloaded += archive.size
            }
            let link = folder.appendingPathComponent(layer.archiveName)
            try StackError.during("cannot place the archive of \(layer.installTarget) in \(folder.path)") {
                try? FileManager.default.removeItem(at: link)
                do {
                    try FileManager.default.linkItem(at: cached, to: link)
                } catch {
                    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: cached)
                }
            }
        }
        return outcome
    }

    /// Downloads a blob into a temporary file beside `destination`, checks its size and
    /// SHA-256, then renames it into place (a truncated or altered download is never kept).
    func download(_ blob: OCIDescriptor, of layer: String, to destination: URL) async throws(StackError) {
        let partial = TemporaryName.partial(for: destination)
        defer { try? FileManager.default.removeItem(at: partial) }
        let response = try await client.send(
            RegistryRequest(method: "GET", url: client.url("/blobs/\(blob.digest)")), downloadingTo: partial)
        guard response.status == 200 else { throw client.failure("downloading the archive of \(layer)", response) }
        let digest: FileDigest
        do {
            digest = try FileDigest.of(partial, limit: blob.size)
        } catch {
            throw StackError("\(client.reference): cannot read the downloaded archive of \(layer): \(error)")
        }
        guard digest.size == blob.size, "sha256:" + digest.sha256 == blob.digest else {
            throw StackError(
                "\(client.reference): the archive of \(layer) did not arrive intact: expected \(blob.size) bytes with "
                    + "digest \(blob.digest), got \(digest.size) bytes with sha256:\(digest.sha256)",
                hint: "nothing was deployed; try again, and push the stack again if it keeps happening")
        }
        try StackError.during("cannot keep the downloaded archive of \(layer)") {
            try FileSystem.rename(partial, to: destination)
        }
    }

    /// Every manifest type a tag may name, so a foreign one is recognised rather than refused.
    static let anyManifest = [
        OCINames.imageIndex, OCINames.imageManifest, "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ].joined(separator: ", ")

    /// A JSON document (a manifest, an index or a config), checked against `digest` when given.
    func fetchJSON(_ path: String, accept: String, what: String, digest: String? = nil) async throws(StackError)
        -> (json: JSONValue, data: Data)
    {
        let response = try await client.send(
            RegistryRequest(method: "GET", url: client.url(path), headers: ["Accept": accept]))
        guard response.status == 200 else { throw client.failure("fetching \(what)", response) }
        if let digest, "sha256:" + ContentHash.sha256Hex(response.body) != digest {
            throw StackError(
                "\(client.reference): \(what) does not match its digest \(digest) (the registry sent other bytes)",
                hint: "nothing was deployed; push the stack again")
        }
        guard let json = try? JSONValue.parse(response.body) else {
            throw StackError("\(client.reference): \(what) is not JSON")
        }
        return (json, response.body)
    }
}
