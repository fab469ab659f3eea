import Foundation

/// The lock files of one layer.
///
/// ```
/// <spec dir>/requirements/<build name>/
///   requirements-<n>.in       declared requirements (a cache; never decides validity)
///   pylock.<n>.toml           the lock (uv's pylock.toml, post-processed)
///   pylock.<n>.meta.json      lock hashes, version and time
///   packages-<build name>.txt human-readable package summary
/// ```
/// `<n>` is the build name with every `.` replaced by `_`.
public struct LayerLockFiles: Sendable, Equatable {
    public let directory: URL
    public let buildName: String

    public init(requirementsDirectory: URL, buildName: String) {
        self.directory = requirementsDirectory.appendingPathComponent(buildName)
        self.buildName = buildName
    }

    var fileStem: String { buildName.replacingOccurrences(of: ".", with: "_") }

    public var declaredRequirements: URL { directory.appendingPathComponent("requirements-\(fileStem).in") }
    public var pylock: URL { directory.appendingPathComponent("pylock.\(fileStem).toml") }
    public var metadata: URL { directory.appendingPathComponent("pylock.\(fileStem).meta.json") }
    public var packageSummary: URL { directory.appendingPathComponent("packages-\(buildName).txt") }
}

/// The content of `pylock.<n>.meta.json`.
public struct LockMetadata: Sendable, Equatable {
    public var lockInputHash: String
    public var lockVersion: Int
    /// ISO 8601 UTC time, e.g. `2025-08-27T00:00:00+00:00`.
    public var lockedAt: String
    public var otherInputsHash: String
    public var requirementsHash: String
    public var versionInputsHash: String

    public init(
        lockInputHash: String, lockVersion: Int, lockedAt: String, otherInputsHash: String,
        requirementsHash: String, versionInputsHash: String
    ) {
        self.lockInputHash = lockInputHash
        self.lockVersion = lockVersion
        self.lockedAt = lockedAt
        self.otherInputsHash = otherInputsHash
        self.requirementsHash = requirementsHash
        self.versionInputsHash = versionInputsHash
    }

    /// The lock version the layer reports: the stored one for a versioned layer, always 1
    /// otherwise (metadata kept from when the layer was versioned may say more).
    public func effectiveLockVersion(versioned: Bool) -> Int { versioned ? lockVersion : 1 }

    /// Reads stored metadata. Returns nil for metadata written before venvstacks 0.8
    /// (it has `_legacy_requirements_hash`) or missing a hash or time: such a lock is invalid.
    /// A missing `lock_version` counts as 1, as in venvstacks 0.8.
    public init?(json: JSONValue) {
        guard case .object(let members) = json, members["_legacy_requirements_hash"] == nil,
            let lockInput = members["lock_input_hash"]?.stringValue,
            let lockedAt = members["locked_at"]?.stringValue,
            let other = members["other_inputs_hash"]?.stringValue,
            let requirements = members["requirements_hash"]?.stringValue,
            let versionInputs = members["version_inputs_hash"]?.stringValue
        else { return nil }
        self.init(
            lockInputHash: lockInput, lockVersion: members["lock_version"]?.intValue ?? 1, lockedAt: lockedAt,
            otherInputsHash: other,
            requirementsHash: requirements, versionInputsHash: versionInputs)
    }

    /// The JSON form (written with sorted keys).
    public var json: JSONValue {
        .object([
            "lock_input_hash": .string(lockInputHash),
            "lock_version": .int(lockVersion),
            "locked_at": .string(lockedAt),
            "other_inputs_hash": .string(otherInputsHash),
            "requirements_hash": .string(requirementsHash),
            "version_inputs_hash": .string(versionInputsHash),
        ])
    }
}
