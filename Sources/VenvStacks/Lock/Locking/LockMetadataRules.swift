import Foundation

/// When lock metadata is rewritten, and with which version and time (docs/formats.md#lock-validity-and-versioning).
public enum LockMetadataRules {
    /// The metadata to write after locking, or nil when the stored metadata still
    /// describes the lock and is not dated after `clamp` (then nothing is written and the
    /// version and time stay as they are).
    ///
    /// - Parameters:
    ///   - storedJSON: the existing `meta.json` content, if any (read even when invalid,
    ///     for its `lock_version`).
    ///   - current: the hashes of the inputs and of the new pylock file.
    ///   - pylockModified: the pylock file's modification time.
    ///   - clamp: `exclude-newer` (or `UV_EXCLUDE_NEWER`), if set.
    public static func update(
        storedJSON: JSONValue?, current: LockMetadata, versioned: Bool, pylockModified: Date, clamp: Date?
    ) -> LockMetadata? {
        if let storedJSON, let stored = LockMetadata(json: storedJSON),
            stored.lockInputHash == current.lockInputHash, stored.otherInputsHash == current.otherInputsHash,
            stored.requirementsHash == current.requirementsHash,
            !versioned || stored.versionInputsHash == current.versionInputsHash,
            let lockedAt = Timestamp.parse(stored.lockedAt), clamp.map({ lockedAt <= $0 }) ?? true
        {
            return nil
        }
        var updated = current
        let time = clamp.map { min($0, pylockModified) } ?? pylockModified
        updated.lockedAt = Timestamp.isoFormat(time)
        if versioned {
            var previous = 0
            if case .object(let members)? = storedJSON { previous = members["lock_version"]?.intValue ?? 0 }
            updated.lockVersion = previous + 1
        } else {
            updated.lockVersion = 1
        }
        return updated
    }
}
