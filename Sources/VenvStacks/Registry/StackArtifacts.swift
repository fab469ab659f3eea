import Foundation

/// A published stack in OCI form (docs/registries.md#the-stack-as-oci-artifacts): each layer
/// archive a blob; each layer an artifact manifest whose config is the layer's metadata
/// snippet and whose one layer is its archive; each layer's SBOM an artifact manifest whose
/// `subject` is the layer's manifest (a referrer); the stack an image index listing the layer
/// manifests. Everything but the archives is made here, as canonical JSON, so the same
/// published folder always gives the same digests.
public struct StackArtifacts: Sendable {
    /// One layer's manifest and its tag.
    public struct LayerManifest: Sendable {
        public var layer: PublishedLayer
        public var tag: String
        public var manifest: OCIBlob
        /// The manifest of its SBOM, whose subject is `manifest` (a referrer), if it has one.
        public var sbom: OCIBlob?

        /// The layer's archive blob.
        public var archive: OCIDescriptor {
            OCIDescriptor(
                mediaType: OCINames.archive(named: layer.archiveName), digest: "sha256:" + layer.archiveSHA256,
                size: layer.archiveSize)
        }
    }

    /// Every blob the manifests name (archives, configs, SBOMs, the empty config), each once,
    /// archives first.
    public var blobs: [OCIBlob]
    public var layers: [LayerManifest]
    /// The SBOM manifests, each with its layer's manifest as its subject, in stack order.
    public var referrers: [OCIBlob] { layers.compactMap(\.sbom) }
    /// The stack's image index.
    public var index: OCIBlob
    public var stackTag: String
    /// The one target platform of every layer (nil when the metadata does not say, or differs).
    public var platform: String?

    /// One layer as the published folder has it.
    public struct Input: Sendable {
        public var layer: PublishedLayer
        /// The layer's entry of the combined manifest (its snippet), as JSON.
        public var snippet: JSONValue
        public var archive: URL
        public var sbom: Data?
    }

    /// Assembles the artifacts of `inputs` (stack order). Pure.
    public static func assemble(_ inputs: [Input], stackTag: String) throws(StackError) -> StackArtifacts {
        var blobs: [OCIBlob] = []
        var seen = Set<String>()
        func add(_ blob: OCIBlob) {
            if seen.insert(blob.descriptor.digest).inserted { blobs.append(blob) }
        }
        let empty = jsonBlob(Data("{}".utf8), mediaType: OCINames.emptyJSON)
        var layers: [LayerManifest] = []
        var tags: [String: String] = [:]
        for input in inputs {
            let layer = input.layer
            let tag = layerTag(layer.installTarget)
            if let other = tags[tag] {
                throw StackError(
                    "the layers \(other) and \(layer.installTarget) would both be tagged '\(tag)' in a registry",
                    hint: "rename one of them")
            }
            tags[tag] = layer.installTarget
            let archive = OCIBlob(
                descriptor: OCIDescriptor(
                    mediaType: OCINames.archive(named: layer.archiveName), digest: "sha256:" + layer.archiveSHA256,
                    size: layer.archiveSize, annotations: [OCINames.title: layer.archiveName]),
                source: .file(input.archive))
            let config = jsonBlob(Data(input.snippet.rendered().utf8), mediaType: OCINames.layerConfig)
            add(archive)
            add(config)
            let annotations = layerAnnotations(layer, snippet: input.snippet)
            var manifest = manifestBlob(
                artifactType: OCINames.layerArtifact, config: config.descriptor, layers: [archive.descriptor],
                subject: nil, annotations: annotations)
            manifest.descriptor.annotations = annotations
            var entry = LayerManifest(layer: layer, tag: tag, manifest: manifest)
            if let sbom = input.sbom {
                let document = jsonBlob(sbom, mediaType: OCINames.cycloneDX)
                add(empty)
                add(document)
                var subject = manifest.descriptor
                subject.annotations = [:]
                subject.artifactType = nil
                entry.sbom = manifestBlob(
                    artifactType: OCINames.cycloneDX, config: empty.descriptor, layers: [document.descriptor],
                    subject: subject,
                    annotations: [
                        OCINames.installTarget: layer.installTarget,
                        OCINames.created: annotations[OCINames.created] ?? "",
                    ].filter { !$0.value.isEmpty })
            }
            layers.append(entry)
        }
        let indexJSON = JSONValue.object([
            "schemaVersion": .int(2),
            "mediaType": .string(OCINames.imageIndex),
            "artifactType": .string(OCINames.stackArtifact),
            "manifests": .array(layers.map(\.manifest.descriptor.json)),
            "annotations": .object(
                stackAnnotations(inputs).mapValues(JSONValue.string)),
        ])
        var index = jsonBlob(Data(indexJSON.rendered().utf8), mediaType: OCINames.imageIndex)
        index.descriptor.artifactType = OCINames.stackArtifact
        return StackArtifacts(
            blobs: blobs, layers: layers, index: index, stackTag: stackTag,
            platform: stackAnnotations(inputs)[OCINames.targetPlatform])
    }

    /// The annotations of a layer's manifest (and of its entry in the stack's index).
    static func layerAnnotations(_ layer: PublishedLayer, snippet: JSONValue) -> [String: String] {
        var annotations = [
            OCINames.layerName: layer.layerName,
            OCINames.installTarget: layer.installTarget,
            OCINames.layerKind: layer.kind.rawValue,
            OCINames.runtimeLayer: layer.runtimeLayer,
            OCINames.requiredLayers: layer.requiredLayers.joined(separator: ","),
        ]
        if let platform = snippet["target_platform"]?.stringValue { annotations[OCINames.targetPlatform] = platform }
        if let lockedAt = snippet["locked_at"]?.stringValue {
            annotations[OCINames.lockedAt] = lockedAt
            annotations[OCINames.created] = lockedAt
        }
        return annotations
    }

    /// The stack index's annotations: its target platform and newest lock time.
    static func stackAnnotations(_ inputs: [Input]) -> [String: String] {
        var annotations: [String: String] = [:]
        let platforms = Set(inputs.compactMap { $0.snippet["target_platform"]?.stringValue })
        if platforms.count == 1, let platform = platforms.first { annotations[OCINames.targetPlatform] = platform }
        if let newest = inputs.compactMap({ $0.snippet["locked_at"]?.stringValue }).max() {
            annotations[OCINames.created] = newest
        }
        return annotations
    }

    /// A deployed layer name as a tag (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`): `@` becomes `.v`
    /// (`framework-scipy@1` → `framework-scipy.v1`), any other character a tag cannot hold
    /// `_`, and a leading `.` or `-` gets a `_` in front.
    public static func layerTag(_ installTarget: String) -> String {
        var tag = ""
        for character in installTarget.unicodeScalars {
            switch character {
            case "@": tag += ".v"
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": tag.unicodeScalars.append(character)
            default: tag += "_"
            }
        }
        if tag.first == "." || tag.first == "-" { tag = "_" + tag }
        return String(tag.prefix(128))
    }

    /// Whether `tag` is a valid OCI tag.
    public static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, tag.unicodeScalars.count <= 128 else { return false }
        let allowed = { (c: Unicode.Scalar) in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
        }
        return allowed(first) && tag.unicodeScalars.allSatisfy { allowed($0) || $0 == "." || $0 == "-" }
    }

    static func jsonBlob(_ data: Data, mediaType: String) -> OCIBlob {
        OCIBlob(
            descriptor: OCIDescriptor(
                mediaType: mediaType, digest: "sha256:" + ContentHash.sha256Hex(data), size: Int64(data.count)),
            source: .bytes(data))
    }

    static func manifestBlob(
        artifactType: String, config: OCIDescriptor, layers: [OCIDescriptor], subject: OCIDescriptor?,
        annotations: [String: String]
    ) -> OCIBlob {
        var members: [String: JSONValue] = [
            "schemaVersion": .int(2),
            "mediaType": .string(OCINames.imageManifest),
            "artifactType": .string(artifactType),
            "config": config.json,
            "layers": .array(layers.map(\.json)),
        ]
        if let subject { members["subject"] = subject.json }
        if !annotations.isEmpty { members["annotations"] = .object(annotations.mapValues(JSONValue.string)) }
        var blob = jsonBlob(Data(JSONValue.object(members).rendered().utf8), mediaType: OCINames.imageManifest)
        blob.descriptor.artifactType = artifactType
        return blob
    }
}
