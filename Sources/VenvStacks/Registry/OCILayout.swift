import Foundation

/// Reads a published folder into ``StackArtifacts`` inputs, checking each archive against
/// its metadata first (size, then SHA-256), so no blob is described by a digest its bytes do
/// not have.
public enum PublishedArtifacts {
    /// The inputs of `layers` (default: every layer of the stack), in stack order.
    public static func inputs(of stack: PublishedStack, layers selected: [PublishedLayer]? = nil) throws(StackError)
        -> [StackArtifacts.Input]
    {
        let metadataFolder = stack.manifestURL.deletingLastPathComponent()
        // venvstacks-linux_x86_64.json goes with sbom/<layer>-linux_x86_64.cdx.json.
        let stem = stack.manifestURL.deletingPathExtension().lastPathComponent
        let suffix = String(stem.dropFirst("venvstacks".count))
        var inputs: [StackArtifacts.Input] = []
        for layer in selected ?? stack.layers {
            let archive = stack.archiveURL(of: layer)
            let digest: FileDigest
            do {
                digest = try FileDigest.of(archive, limit: layer.archiveSize)
            } catch {
                throw StackError(
                    layer: layer.installTarget, "cannot read its archive \(archive.path): \(error)",
                    hint: "publish the layer again")
            }
            guard digest.size == layer.archiveSize, digest.sha256 == layer.archiveSHA256 else {
                throw StackError(
                    layer: layer.installTarget,
                    "its archive \(archive.path) does not match its metadata (recorded \(layer.archiveSize) bytes, "
                        + "SHA-256 \(layer.archiveSHA256))",
                    hint: "publish the layer again")
            }
            let sbomURL = metadataFolder.appendingPathComponent("sbom/\(layer.layerName)\(suffix).cdx.json")
            let sbom = try? FileSystem.readRegularFileIfPresent(at: sbomURL, maxBytes: FileSystem.metadataLimit)
            inputs.append(
                StackArtifacts.Input(
                    layer: layer, snippet: stack.entries[layer.installTarget] ?? .object([:]), archive: archive,
                    sbom: sbom ?? nil))
        }
        return inputs
    }
}

/// Writes ``StackArtifacts`` as an OCI image layout folder (docs/registries.md#oci-image-layout):
/// `oci-layout`, `blobs/sha256/<hex>` and `index.json`, which names the stack's index (tagged
/// with the stack's tag), each layer manifest (tagged with its layer tag) and each SBOM
/// referrer (untagged). Blobs already present with the right size are kept; every file is
/// written under a temporary name and renamed, `index.json` last.
public struct OCILayoutWriter: Sendable {
    /// What a write did.
    public struct Outcome: Sendable, Equatable {
        public var blobsWritten: Int
        public var bytesWritten: Int64
        public var blobsKept: Int
        public var bytesKept: Int64
    }

    public init() {}

    public func write(_ artifacts: StackArtifacts, to folder: URL) throws(StackError) -> Outcome {
        var outcome = Outcome(blobsWritten: 0, bytesWritten: 0, blobsKept: 0, bytesKept: 0)
        let blobs = folder.appendingPathComponent("blobs/sha256")
        try StackError.during("cannot prepare the OCI layout folder \(folder.path)") {
            try FileSystem.makeDirectories(at: blobs)
            _ = try TemporaryName.removeLeftovers(in: blobs)
            _ = try TemporaryName.removeLeftovers(in: folder)
        }
        let all =
            artifacts.blobs + artifacts.layers.map(\.manifest) + artifacts.referrers + [artifacts.index]
        for blob in all {
            let target = blobs.appendingPathComponent(String(blob.descriptor.digest.dropFirst("sha256:".count)))
            if (try? FileDigest.size(of: target)) == blob.descriptor.size {
                outcome.blobsKept += 1
                outcome.bytesKept += blob.descriptor.size
                continue
            }
            try StackError.during("cannot write the blob \(target.path)") {
                switch blob.source {
                case .bytes(let data): _ = try AtomicFile.write(data, to: target)
                case .file(let source):
                    let partial = TemporaryName.partial(for: target)
                    do {
                        try FileSystem.copyFile(from: source, to: partial)
                        try FileSystem.rename(partial, to: target)
                    } catch {
                        try? FileSystem.removeMadeItem(at: partial)
                        throw error
                    }
                }
            }
            outcome.blobsWritten += 1
            outcome.bytesWritten += blob.descriptor.size
        }
        var manifests: [JSONValue] = []
        var index = artifacts.index.descriptor
        index.annotations[OCINames.refName] = artifacts.stackTag
        manifests.append(index.json)
        for layer in artifacts.layers {
            var descriptor = layer.manifest.descriptor
            descriptor.annotations = [OCINames.refName: layer.tag]
            manifests.append(descriptor.json)
        }
        manifests += artifacts.referrers.map(\.descriptor.json)
        // Entries of an earlier write stay, unless this one replaces their tag or lists them too.
        let indexURL = folder.appendingPathComponent("index.json")
        let tags = Set(manifests.compactMap { $0["annotations"]?[OCINames.refName]?.stringValue })
        let digests = Set(manifests.compactMap { $0["digest"]?.stringValue })
        var kept: [JSONValue] = []
        if let data = try? FileSystem.readRegularFileIfPresent(at: indexURL, maxBytes: FileSystem.metadataLimit),
            case .array(let earlier)? = (try? JSONValue.parse(data))?["manifests"]
        {
            kept = earlier.filter { entry in
                if let tag = entry["annotations"]?[OCINames.refName]?.stringValue { return !tags.contains(tag) }
                return !digests.contains(entry["digest"]?.stringValue ?? "")
            }
        }
        let layoutIndex = JSONValue.object([
            "schemaVersion": .int(2), "mediaType": .string(OCINames.imageIndex), "manifests": .array(kept + manifests),
        ])
        try StackError.during("cannot write the OCI layout in \(folder.path)") {
            _ = try AtomicFile.write(
                JSONValue.object(["imageLayoutVersion": .string("1.0.0")]).rendered(),
                to: folder.appendingPathComponent("oci-layout"))
            _ = try AtomicFile.write(layoutIndex.rendered(), to: indexURL)
        }
        return outcome
    }
}
