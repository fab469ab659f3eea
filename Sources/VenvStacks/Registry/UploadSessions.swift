import Foundation
import Synchronization

/// Where unfinished chunked uploads stand (docs/registries.md#interrupted-pushes): the
/// registry's upload location after the last chunk it accepted, per repository and blob, so a
/// push run again after an interruption continues the upload instead of sending the blob from
/// its start.
public protocol UploadSessions: Sendable {
    func location(of digest: String, in repository: String) -> String?
    func remember(_ location: String, of digest: String, in repository: String)
    func forget(_ digest: String, in repository: String)
}

/// ``UploadSessions`` in a file of the cache (`<cache>/registries/<host_port>.uploads.json`),
/// read and written whole at each change (it holds a few entries). Like the blob record it is
/// a hint: unreadable counts as empty, and a write that fails leaves the old file.
public struct UploadSessionFile: UploadSessions {
    let url: URL

    public init(registry: String, cacheRoot: URL) {
        let record = RegistryBlobRecord.location(for: registry, cacheRoot: cacheRoot)
        url = record.deletingPathExtension().appendingPathExtension("uploads.json")
    }

    private func entries() -> [String: String] {
        guard let data = try? Data(contentsOf: url), let json = try? JSONValue.parse(data),
            case .object(let members)? = json["uploads"]
        else { return [:] }
        return members.compactMapValues(\.stringValue)
    }

    private func update(_ change: (inout [String: String]) -> Void) {
        var all = entries()
        change(&all)
        try? FileSystem.makeDirectories(at: url.deletingLastPathComponent())
        let json = JSONValue.object(["version": .int(1), "uploads": .object(all.mapValues(JSONValue.string))])
        _ = try? AtomicFile.write(json.rendered(), to: url)
    }

    private static func key(_ digest: String, _ repository: String) -> String { "\(repository)@\(digest)" }

    public func location(of digest: String, in repository: String) -> String? {
        entries()[Self.key(digest, repository)]
    }

    public func remember(_ location: String, of digest: String, in repository: String) {
        update { $0[Self.key(digest, repository)] = location }
    }

    public func forget(_ digest: String, in repository: String) {
        update { $0[Self.key(digest, repository)] = nil }
    }
}

/// ``UploadSessions`` kept in memory (for one run, and for tests).
public final class UploadSessionMemory: UploadSessions {
    private let entries = Mutex<[String: String]>([:])

    public init() {}

    public func location(of digest: String, in repository: String) -> String? {
        entries.withLock { $0["\(repository)@\(digest)"] }
    }

    public func remember(_ location: String, of digest: String, in repository: String) {
        entries.withLock { $0["\(repository)@\(digest)"] = location }
    }

    public func forget(_ digest: String, in repository: String) {
        entries.withLock { $0["\(repository)@\(digest)"] = nil }
    }
}
