import Crypto
import Foundation

/// The CycloneDX 1.5 software bill of materials of one published layer
/// (docs/formats.md#layer-sboms), `__venvstacks__/sbom/<layer>.cdx.json`: the layer as the
/// described component, with its archive's hash; every package installed in it, with its
/// version, package URL, the hashes and URL of its wheel from the layer's lock and the licences
/// its metadata declares; the layers below it; and who depends on whom. Pure: the same inputs
/// give the same bytes (the lock time stands in for a creation time, the serial number is
/// derived from the archive's hash).
public struct LayerSBOM: Sendable {
    /// One installed package.
    public struct Package: Sendable {
        /// The normalised name.
        public var name: String
        public var version: String
        /// The installed wheel's hashes from the lock (algorithm as in the lock → hex digest).
        public var hashes: [String: String]
        /// Where the lock says the wheel comes from.
        public var wheelURL: String?
        /// CycloneDX `licenses` entries (``CoreMetadata/licenses``).
        public var licenses: [JSONValue]
        /// Normalised names of the packages of this layer it requires.
        public var requires: [String]

        public init(
            name: String, version: String, hashes: [String: String] = [:], wheelURL: String? = nil,
            licenses: [JSONValue] = [], requires: [String] = []
        ) {
            self.name = name
            self.version = version
            self.hashes = hashes
            self.wheelURL = wheelURL
            self.licenses = licenses
            self.requires = requires
        }

        /// `pkg:pypi/<name>@<version>`, the version percent-encoded where it needs to be.
        public var purl: String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: ".-_~!")
            let version = version.addingPercentEncoding(withAllowedCharacters: allowed) ?? version
            return "pkg:pypi/\(name)@\(version)"
        }
    }

    public var metadata: LayerMetadata
    public var kind: LayerKind
    public var targetPlatform: String
    /// The layer archive's SHA-256 (hex).
    public var archiveSHA256: String
    /// `venvstacks-swift <version>`'s version.
    public var toolVersion: String
    public var packages: [Package]
    /// The layers below, by deployed name, with their kinds: frameworks first, the runtime last.
    public var lowerLayers: [(name: String, kind: LayerKind)]

    public init(
        metadata: LayerMetadata, kind: LayerKind, targetPlatform: String, archiveSHA256: String,
        toolVersion: String, packages: [Package], lowerLayers: [(name: String, kind: LayerKind)]
    ) {
        self.metadata = metadata
        self.kind = kind
        self.targetPlatform = targetPlatform
        self.archiveSHA256 = archiveSHA256
        self.toolVersion = toolVersion
        self.packages = packages
        self.lowerLayers = lowerLayers
    }

    /// The layer component's `bom-ref`.
    static func layerReference(_ deployedName: String) -> String { "layer:\(deployedName)" }

    /// CycloneDX component types: a runtime is the platform the others run on.
    static func componentType(_ kind: LayerKind) -> String {
        switch kind {
        case .runtime: "platform"
        case .framework: "framework"
        case .application: "application"
        }
    }

    public var json: JSONValue {
        let packages = self.packages.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let own = Set(packages.map(\.name))
        let references = Dictionary(packages.map { ($0.name, $0.purl) }, uniquingKeysWith: { first, _ in first })
        var components: [JSONValue] = packages.map(Self.component)
        components += lowerLayers.map { layer in
            .object([
                "type": .string(Self.componentType(layer.kind)), "bom-ref": .string(Self.layerReference(layer.name)),
                "name": .string(layer.name),
                "properties": .array([Self.property("venvstacks:layer_kind", layer.kind.rawValue)]),
            ])
        }
        var dependencies: [JSONValue] = [
            .object([
                "ref": .string(Self.layerReference(metadata.installTarget)),
                "dependsOn": .array(
                    (packages.map(\.purl) + lowerLayers.map { Self.layerReference($0.name) }).map(JSONValue.string)),
            ])
        ]
        for package in packages {
            let needs = Set(package.requires.filter { own.contains($0) && $0 != package.name })
            dependencies.append(
                .object([
                    "ref": .string(package.purl),
                    "dependsOn": .array(needs.compactMap { references[$0] }.sorted(by: bytewise).map(JSONValue.string)),
                ]))
        }
        for layer in lowerLayers {
            dependencies.append(.object(["ref": .string(Self.layerReference(layer.name)), "dependsOn": .array([])]))
        }
        return .object([
            "bomFormat": .string("CycloneDX"),
            "specVersion": .string("1.5"),
            "serialNumber": .string("urn:uuid:" + Self.nameBasedUUID("\(metadata.installTarget) \(archiveSHA256)")),
            "version": .int(1),
            "metadata": .object([
                "timestamp": .string(metadata.lockedAt),
                "tools": .object([
                    "components": .array([
                        .object([
                            "type": .string("application"), "name": .string("venvstacks-swift"),
                            "version": .string(toolVersion),
                        ])
                    ])
                ]),
                "component": layerComponent,
            ]),
            "components": .array(components),
            "dependencies": .array(dependencies),
        ])
    }

    private var layerComponent: JSONValue {
        var properties: [JSONValue] = [
            Self.property("venvstacks:layer_kind", kind.rawValue),
            Self.property("venvstacks:layer_name", metadata.layerName),
            Self.property("venvstacks:lock_version", String(metadata.lockVersion)),
            Self.property("venvstacks:python_implementation", metadata.pythonImplementation),
            Self.property("venvstacks:requirements_hash", metadata.requirementsHash),
            Self.property("venvstacks:runtime_layer", metadata.runtimeLayer),
            Self.property("venvstacks:target_platform", targetPlatform),
        ]
        for required in metadata.requiredLayers ?? [] {
            properties.append(Self.property("venvstacks:required_layer", required))
        }
        return .object([
            "type": .string(Self.componentType(kind)),
            "bom-ref": .string(Self.layerReference(metadata.installTarget)),
            "name": .string(metadata.installTarget),
            "hashes": .array([.object(["alg": .string("SHA-256"), "content": .string(archiveSHA256)])]),
            "properties": .array(properties),
        ])
    }

    private static func component(_ package: Package) -> JSONValue {
        var fields: [String: JSONValue] = [
            "type": .string("library"), "bom-ref": .string(package.purl), "name": .string(package.name),
            "version": .string(package.version), "purl": .string(package.purl),
        ]
        let hashes = package.hashes.keys.sorted(by: bytewise).compactMap { algorithm -> JSONValue? in
            guard let name = hashAlgorithms[algorithm.lowercased()], let digest = package.hashes[algorithm] else {
                return nil
            }
            return .object(["alg": .string(name), "content": .string(digest.lowercased())])
        }
        if !hashes.isEmpty { fields["hashes"] = .array(hashes) }
        if let url = package.wheelURL {
            var reference: [String: JSONValue] = ["type": .string("distribution"), "url": .string(url)]
            if !hashes.isEmpty { reference["hashes"] = .array(hashes) }
            fields["externalReferences"] = .array([.object(reference)])
        }
        if !package.licenses.isEmpty { fields["licenses"] = .array(package.licenses) }
        return .object(fields)
    }

    /// Lock hash algorithm names (hashlib's) → CycloneDX's.
    static let hashAlgorithms = [
        "md5": "MD5", "sha1": "SHA-1", "sha256": "SHA-256", "sha384": "SHA-384", "sha512": "SHA-512",
        "sha3_256": "SHA3-256", "sha3_384": "SHA3-384", "sha3_512": "SHA3-512", "blake2b": "BLAKE2b-512",
    ]

    private static func property(_ name: String, _ value: String) -> JSONValue {
        .object(["name": .string(name), "value": .string(value)])
    }

    /// An RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in the URL namespace, lower case.
    static func nameBasedUUID(_ name: String) -> String {
        // 6ba7b811-9dad-11d1-80b4-00c04fd430c8, the URL namespace.
        let namespace: [UInt8] = [
            0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
        ]
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(("venvstacks:" + name).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let cuts = [0, 8, 12, 16, 20, 32]
        return (0..<5).map { index in
            let start = hex.index(hex.startIndex, offsetBy: cuts[index])
            let end = hex.index(hex.startIndex, offsetBy: cuts[index + 1])
            return String(hex[start..<end])
        }.joined(separator: "-")
    }
}
