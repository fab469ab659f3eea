import Foundation

/// The archive fields of a published layer's metadata (docs/formats.md#published-metadata-fields).
public struct ArchiveRecord: Sendable, Equatable {
    /// `archive_build`: 1 for the first archive of a lock version.
    public var build: Int
    /// `archive_name`: the file name, extension included.
    public var name: String
    /// `target_platform`.
    public var targetPlatform: String
    /// `archive_size` and `archive_hashes.sha256`, once the archive is written.
    public var size: Int?
    public var sha256: String?
    /// This tool's `provenance` block (docs/formats.md#provenance-block); nil in venvstacks 0.8's snippets.
    public var provenance: JSONValue?

    public init(
        build: Int, name: String, targetPlatform: String, size: Int? = nil, sha256: String? = nil,
        provenance: JSONValue? = nil
    ) {
        self.build = build
        self.name = name
        self.targetPlatform = targetPlatform
        self.size = size
        self.sha256 = sha256
        self.provenance = provenance
    }
}

/// One layer's metadata file (`env_metadata/<layer>.json`) and its entry in the combined
/// manifest: the layer's ``LayerMetadata``, plus the archive fields for `publish` (none for
/// `local-export`). Read back from a previous run with ``init(json:)``, which keeps any field
/// neither this tool nor venvstacks 0.8 writes, so a kept snippet goes into the manifest
/// exactly as it was.
public struct LayerSnippet: Sendable, Equatable {
    public var metadata: LayerMetadata
    public var archive: ArchiveRecord?
    /// Fields this tool does not know, as read.
    public var otherFields: [String: JSONValue]

    public init(metadata: LayerMetadata, archive: ArchiveRecord? = nil, otherFields: [String: JSONValue] = [:]) {
        self.metadata = metadata
        self.archive = archive
        self.otherFields = otherFields
    }

    /// The keys of the archive fields.
    static let archiveKeys: Set<String> = [
        "archive_build", "archive_name", "target_platform", "archive_size", "archive_hashes", "provenance",
    ]

    /// The snippet as a JSON object (rendered through the canonical writer: sorted keys).
    public var json: JSONValue {
        guard case .object(var members) = metadata.json else { return metadata.json }
        members.merge(otherFields) { own, _ in own }
        if let archive {
            members["archive_build"] = .int(archive.build)
            members["archive_name"] = .string(archive.name)
            members["target_platform"] = .string(archive.targetPlatform)
            if let size = archive.size { members["archive_size"] = .int(size) }
            if let sha256 = archive.sha256 { members["archive_hashes"] = .object(["sha256": .string(sha256)]) }
            if let provenance = archive.provenance { members["provenance"] = provenance }
        }
        return .object(members)
    }

    /// Reads a snippet written by this tool or venvstacks 0.8; nil when a field of the layer
    /// metadata or of the archive is missing or mistyped (the layer is then published again).
    public init?(json: JSONValue) {
        guard case .object(let members) = json, let metadata = LayerMetadata(json: json) else { return nil }
        self.metadata = metadata
        let known = Set(metadata.json.objectKeys).union(Self.archiveKeys)
        otherFields = members.filter { !known.contains($0.key) }
        guard let build = json["archive_build"]?.intValue else {
            // An export snippet: no archive field at all.
            guard members.keys.allSatisfy({ !Self.archiveKeys.contains($0) }) else { return nil }
            archive = nil
            return
        }
        guard let name = json["archive_name"]?.stringValue, let platform = json["target_platform"]?.stringValue
        else { return nil }
        var record = ArchiveRecord(build: build, name: name, targetPlatform: platform)
        if let size = json["archive_size"] {
            guard let value = size.intValue else { return nil }
            record.size = value
        }
        if let hashes = json["archive_hashes"] {
            guard let sha256 = hashes["sha256"]?.stringValue else { return nil }
            record.sha256 = sha256
        }
        record.provenance = json["provenance"]
        archive = record
    }

    /// An earlier run's metadata file, or nil when there is none, or none this tool can
    /// read (the layer is then published again, and the file replaced).
    static func read(_ url: URL) -> LayerSnippet? {
        Manifest.readJSON(url).flatMap(LayerSnippet.init(json:))
    }

    /// Writes the snippet (indent 2, sorted keys, trailing newline) atomically.
    func write(to url: URL) throws(StackError) {
        try Manifest.write(json, to: url)
    }
}

extension JSONValue {
    /// The member names of an object (none for anything else).
    var objectKeys: [String] {
        if case .object(let members) = self { return Array(members.keys) }
        return []
    }
}
