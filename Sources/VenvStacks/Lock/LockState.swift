import Foundation

/// The hashes a layer's lock must match now.
public struct CurrentLockInputs: Sendable, Equatable {
    public var lockInputHash: String
    public var otherInputsHash: String
    public var versionInputsHash: String
    /// The hash of the pylock file, computed only when stored metadata exists and its
    /// `lock_input_hash` still matches (nil otherwise, or when the pylock is missing).
    public var requirementsHash: String?
}

/// Whether one layer's lock is valid, and why not.
public struct LayerLockStatus: Sendable {
    public let buildName: String
    public let versioned: Bool
    public let files: LayerLockFiles
    /// The metadata on disk, if readable.
    public let stored: LockMetadata?
    public let current: CurrentLockInputs
    /// Launch module hash then support module hashes (applications only).
    public let moduleHashes: [String]
    /// Problems reading lock files (they make the lock invalid).
    public let readProblems: [String]
    /// Layers below this one whose locks are invalid (the upward cascade).
    public internal(set) var invalidDependencies: [String] = []

    /// Metadata fields that differ from the current inputs (sorted), as in venvstacks 0.8's lock diagnostics
    /// (docs/formats.md#lock-diagnostics).
    public var changedFields: [String] {
        guard let stored else {
            return ["lock_input_hash", "other_inputs_hash", "requirements_hash", "version_inputs_hash"]
        }
        var fields: [String] = []
        if stored.lockInputHash != current.lockInputHash { fields.append("lock_input_hash") }
        if stored.otherInputsHash != current.otherInputsHash { fields.append("other_inputs_hash") }
        if stored.requirementsHash != current.requirementsHash { fields.append("requirements_hash") }
        if versioned && stored.versionInputsHash != current.versionInputsHash { fields.append("version_inputs_hash") }
        return fields
    }

    /// The layer's own lock matches its inputs (ignoring lower layers).
    public var hasOwnValidLock: Bool { stored != nil && changedFields.isEmpty }

    /// Valid apart from `version_inputs_hash`: only the metadata needs refreshing, uv need
    /// not run again (venvstacks 0.8's `needs_full_lock` is the negation).
    public var hasValidLockIgnoringVersion: Bool {
        stored != nil && invalidDependencies.isEmpty
            && changedFields.allSatisfy { $0 == "version_inputs_hash" }
    }

    /// Valid, and every layer below is valid too.
    public var hasValidLock: Bool { hasOwnValidLock && invalidDependencies.isEmpty }

    /// The deployed name, or nil for a versioned layer without a valid lock.
    public var deployedName: String? {
        guard versioned else { return buildName }
        guard hasValidLock, let stored else { return nil }
        return "\(buildName)@\(stored.lockVersion)"
    }

    /// The deployed name with `placeholder` standing in for an unknown lock version.
    public func deployedName(placeholder: String) -> String {
        deployedName ?? "\(buildName)@\(placeholder)"
    }
}

/// Lock states of every enabled layer of a stack.
public struct StackLockState: Sendable {
    public let layers: [String: LayerLockStatus]

    public subscript(buildName: String) -> LayerLockStatus? { layers[buildName] }
}

extension LayerLockStatus {
    /// Why the lock is not valid, one phrase per reason (empty when valid).
    public var invalidityReasons: [String] {
        var reasons = readProblems
        if stored == nil && readProblems.isEmpty {
            reasons.append("no lock metadata (\(files.metadata.lastPathComponent) is missing)")
        } else if stored != nil {
            if current.requirementsHash == nil && stored?.lockInputHash == current.lockInputHash && readProblems.isEmpty
            {
                reasons.append("\(files.pylock.lastPathComponent) is missing")
            }
            let changed = changedFields
            if !changed.isEmpty { reasons.append("changed since it was locked: \(changed.joined(separator: ", "))") }
        }
        if !invalidDependencies.isEmpty {
            reasons.append("layers below it need locking: \(invalidDependencies.joined(separator: ", "))")
        }
        return reasons
    }
}
