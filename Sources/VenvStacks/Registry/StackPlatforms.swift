import Foundation

/// One tag for a stack built on several platforms (docs/registries.md#platforms): each
/// platform's stack index is tagged `<tag>-<platform>`, and `<tag>` names a platform list, an
/// image index whose entries are those stack indexes, each with its OCI `platform` and
/// `io.venvstacks.target-platform`. Each runner pushes its own platform; the list at `<tag>`
/// is read, gets this platform's entry (replacing an older one) and is written back. Pure.
public enum StackPlatforms {
    /// The platform entry of a pushed stack index.
    public struct Entry: Sendable, Equatable {
        public var platform: String
        public var index: OCIDescriptor
    }

    /// `<tag>-<platform>`: the tag of one platform's stack index.
    public static func platformTag(_ tag: String, platform: String) throws(StackError) -> String {
        let result = "\(tag)-\(platform)"
        guard StackArtifacts.isValidTag(result) else {
            throw StackError(
                "the tag '\(tag)' is too long to name the stack of \(platform) too ('\(result)' has over 128 characters)",
                hint: "use a shorter tag")
        }
        return result
    }

    /// The entries of `existing` (the document `<tag>` names now, if any) that stay beside
    /// `entry`: another platform's entries of a platform list, or, when `<tag>` names a single
    /// stack index of another platform (pushed before platform lists), that index. Anything
    /// else at the tag is replaced.
    public static func keptEntries(of existing: Data?, beside entry: Entry) -> [Entry] {
        guard let existing, let json = try? JSONValue.parse(existing), case .array(let manifests)? = json["manifests"]
        else { return [] }
        if isPlatformList(json) {
            return manifests.compactMap { item -> Entry? in
                guard let platform = item["annotations"]?[OCINames.targetPlatform]?.stringValue,
                    platform != entry.platform, let digest = item["digest"]?.stringValue,
                    let size = item["size"]?.intValue
                else { return nil }
                return Entry(
                    platform: platform,
                    index: OCIDescriptor(mediaType: OCINames.imageIndex, digest: digest, size: Int64(size)))
            }
        }
        guard let platform = json["annotations"]?[OCINames.targetPlatform]?.stringValue, platform != entry.platform,
            manifests.contains(where: { $0["annotations"]?[OCINames.installTarget] != nil })
        else { return [] }
        return [
            Entry(
                platform: platform,
                index: OCIDescriptor(
                    mediaType: OCINames.imageIndex, digest: "sha256:" + ContentHash.sha256Hex(existing),
                    size: Int64(existing.count)))
        ]
    }

    /// The platform list of `entries` (sorted by platform, one per platform), canonical JSON.
    public static func list(_ entries: [Entry]) -> OCIBlob {
        let sorted = Dictionary(entries.map { ($0.platform, $0) }, uniquingKeysWith: { _, last in last })
            .values.sorted { $0.platform < $1.platform }
        let manifests: [JSONValue] = sorted.map { entry in
            var descriptor = entry.index
            descriptor.artifactType = OCINames.stackArtifact
            descriptor.annotations = [OCINames.targetPlatform: entry.platform]
            guard case .object(var members) = descriptor.json else { return descriptor.json }
            if let platform = TargetPlatform(rawValue: entry.platform) { members["platform"] = ociPlatform(platform) }
            return .object(members)
        }
        let json = JSONValue.object([
            "schemaVersion": .int(2),
            "mediaType": .string(OCINames.imageIndex),
            "artifactType": .string(OCINames.stackPlatforms),
            "manifests": .array(manifests),
        ])
        var blob = StackArtifacts.jsonBlob(Data(json.rendered().utf8), mediaType: OCINames.imageIndex)
        blob.descriptor.artifactType = OCINames.stackPlatforms
        return blob
    }

    /// Whether `json` is a platform list: an index whose entries are image indexes marked
    /// with a target platform (recognised by its entries, as a copy may drop `artifactType`).
    public static func isPlatformList(_ json: JSONValue) -> Bool {
        guard case .array(let manifests)? = json["manifests"], !manifests.isEmpty else { return false }
        return manifests.allSatisfy {
            $0["mediaType"] == .string(OCINames.imageIndex) && $0["annotations"]?[OCINames.targetPlatform] != nil
        }
    }

    /// The digest of `platform`'s stack index in the platform list `json`.
    public static func choose(_ platform: String, in json: JSONValue, reference: String) throws(StackError) -> String {
        guard case .array(let manifests)? = json["manifests"] else { return "" }
        var offered: [String] = []
        for item in manifests {
            guard let name = item["annotations"]?[OCINames.targetPlatform]?.stringValue else { continue }
            if name == platform, let digest = item["digest"]?.stringValue { return digest }
            offered.append(name)
        }
        throw StackError(
            "\(reference) has no stack for \(platform); it has \(offered.sorted().joined(separator: ", "))",
            hint: "push the stack from a \(platform) machine, or deploy on one of those platforms")
    }

    /// The OCI `platform` of a target platform.
    static func ociPlatform(_ platform: TargetPlatform) -> JSONValue {
        let (os, architecture): (String, String) =
            switch platform {
            case .linuxX86_64: ("linux", "amd64")
            case .linuxAArch64: ("linux", "arm64")
            case .macosARM64: ("darwin", "arm64")
            case .macosX86_64: ("darwin", "amd64")
            case .winAMD64: ("windows", "amd64")
            case .winARM64: ("windows", "arm64")
            }
        return .object(["os": .string(os), "architecture": .string(architecture)])
    }
}
