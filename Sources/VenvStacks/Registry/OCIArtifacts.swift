import Foundation

/// A content descriptor (OCI image spec): what a manifest or index says about a blob or a
/// manifest.
public struct OCIDescriptor: Sendable, Equatable {
    public var mediaType: String
    /// `sha256:<hex>`.
    public var digest: String
    public var size: Int64
    public var artifactType: String? = nil
    public var annotations: [String: String] = [:]

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "mediaType": .string(mediaType), "digest": .string(digest), "size": .int(Int(size)),
        ]
        if let artifactType { members["artifactType"] = .string(artifactType) }
        if !annotations.isEmpty { members["annotations"] = .object(annotations.mapValues(JSONValue.string)) }
        return .object(members)
    }
}

/// Where a blob's bytes are: a file of the published folder (an archive) or bytes made here
/// (configs, SBOMs, manifests).
public enum OCIBlobSource: Sendable, Equatable {
    case file(URL)
    case bytes(Data)
}

/// One blob to store: its descriptor and its bytes.
public struct OCIBlob: Sendable, Equatable {
    public var descriptor: OCIDescriptor
    public var source: OCIBlobSource
}

/// The media types, artifact types and annotation keys of a stack in OCI form
/// (docs/registries.md#media-types).
public enum OCINames {
    public static let imageManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let imageIndex = "application/vnd.oci.image.index.v1+json"
    public static let emptyJSON = "application/vnd.oci.empty.v1+json"
    public static let layerArtifact = "application/vnd.venvstacks.layer.v1"
    public static let layerConfig = "application/vnd.venvstacks.layer.config.v1+json"
    public static let stackArtifact = "application/vnd.venvstacks.stack.v1"
    /// An index of one stack's per-platform indexes (``StackPlatforms``).
    public static let stackPlatforms = "application/vnd.venvstacks.stack.platforms.v1"
    public static let cycloneDX = "application/vnd.cyclonedx+json"

    /// The archive blob's media type, from the archive's name.
    public static func archive(named name: String) -> String {
        for (suffix, type) in [(".tar.xz", "tar+xz"), (".tar.zst", "tar+zstd"), (".tar.gz", "tar+gzip")]
        where name.hasSuffix(suffix) {
            return "application/vnd.venvstacks.layer.v1.\(type)"
        }
        return "application/vnd.venvstacks.layer.v1.tar"
    }

    public static let layerName = "io.venvstacks.layer.name"
    public static let installTarget = "io.venvstacks.layer.install-target"
    public static let layerKind = "io.venvstacks.layer.kind"
    public static let requiredLayers = "io.venvstacks.layer.required-layers"
    public static let runtimeLayer = "io.venvstacks.layer.runtime"
    public static let targetPlatform = "io.venvstacks.target-platform"
    public static let lockedAt = "io.venvstacks.locked-at"
    public static let created = "org.opencontainers.image.created"
    public static let title = "org.opencontainers.image.title"
    public static let refName = "org.opencontainers.image.ref.name"
}
