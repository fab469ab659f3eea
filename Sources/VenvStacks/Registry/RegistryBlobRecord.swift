import Foundation

/// Which repositories of one registry this machine has seen holding which blobs
/// (docs/registries.md#cross-repository-mounts): written after each push and each deploy
/// from that registry, read by the next push so a blob another repository already holds is
/// mounted from it rather than uploaded again.
///
/// It is a hint, kept in `<cache>/registries/<host>.json`: a wrong entry costs one mount
/// request that the registry answers by starting an ordinary upload, so an unreadable file
/// is treated as empty and a file that cannot be written is left as it was.
public struct RegistryBlobRecord: Sendable, Equatable {
    /// At most this many repositories are kept per blob, the most recent first.
    static let repositoriesPerBlob = 4
    /// At most this many blobs are kept, the most recently seen first.
    static let blobLimit = 10_000

    /// Digest → repositories, the most recently seen first.
    private(set) var repositories: [String: [String]] = [:]
    /// Digests, the most recently seen first.
    private(set) var order: [String] = []

    public init() {}

    /// Repositories other than `repository` that were seen holding `digest`, the most recent first.
    public func sources(of digest: String, excluding repository: String) -> [String] {
        (repositories[digest] ?? []).filter { $0 != repository }
    }

    /// Notes that `repository` holds each of `digests`.
    public mutating func remember(_ digests: [String], in repository: String) {
        var fresh = Set<String>()
        let added = digests.filter { fresh.insert($0).inserted }
        order = added + order.filter { !fresh.contains($0) }
        for digest in fresh {
            repositories[digest] = Array(
                ([repository] + (repositories[digest] ?? []).filter { $0 != repository })
                    .prefix(Self.repositoriesPerBlob))
        }
        if order.count > Self.blobLimit {
            for digest in order[Self.blobLimit...] { repositories[digest] = nil }
            order.removeLast(order.count - Self.blobLimit)
        }
    }

    var json: JSONValue {
        .object([
            "version": .int(1),
            "blobs": .array(
                order.map { digest in
                    .object([
                        "digest": .string(digest),
                        "repositories": .array((repositories[digest] ?? []).map(JSONValue.string)),
                    ])
                }),
        ])
    }

    init(json: JSONValue) {
        guard json["version"] == .int(1), case .array(let entries)? = json["blobs"] else { return }
        for entry in entries {
            guard let digest = entry["digest"]?.stringValue, repositories[digest] == nil,
                case .array(let names)? = entry["repositories"]
            else { continue }
            order.append(digest)
            repositories[digest] = names.compactMap(\.stringValue)
        }
    }

    /// `<cache>/registries/<registry>.json`, the registry's `host:port` made a file name.
    public static func location(for registry: String, cacheRoot: URL) -> URL {
        let name = registry.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? String($0) : "_" }.joined()
        return cacheRoot.appendingPathComponent("registries/\(name).json")
    }

    /// The record at `url`; empty when there is none or it cannot be read.
    public static func load(from url: URL) -> RegistryBlobRecord {
        guard let data = try? Data(contentsOf: url), let json = try? JSONValue.parse(data) else {
            return RegistryBlobRecord()
        }
        return RegistryBlobRecord(json: json)
    }

    /// Adds what `update` notes to the record at `url` (read again first, so entries another
    /// run wrote meanwhile stay) and writes it atomically; a failure leaves the old record.
    public static func update(at url: URL, _ update: (inout RegistryBlobRecord) -> Void) {
        var record = load(from: url)
        update(&record)
        try? FileSystem.makeDirectories(at: url.deletingLastPathComponent())
        _ = try? AtomicFile.write(record.json.rendered(), to: url)
    }
}
