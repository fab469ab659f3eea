import Foundation

/// What is on disk under a previous archive's name, judged against the size and SHA-256
/// its snippet records.
public enum ArchiveFileState: Sendable, Equatable {
    case missing
    /// A regular file whose size and SHA-256 match the snippet.
    case intact
    /// Something else: a truncated or changed file, or not a regular file at all.
    case damaged

    /// The state of `url` against the `archive_size` and `archive_hashes.sha256` of
    /// `snippet` (the file is hashed only when its size matches).
    public static func of(_ url: URL, recordedIn snippet: JSONValue) -> ArchiveFileState {
        do {
            if try FileSystem.kind(at: url) == nil { return .missing }
        } catch {
            return .damaged
        }
        guard let size = snippet["archive_size"]?.intValue,
            let sha256 = snippet["archive_hashes"]?["sha256"]?.stringValue
        else { return .damaged }
        return FileDigest.matches(url, size: Int64(size), sha256: sha256) ? .intact : .damaged
    }
}

/// Where a layer's archive and metadata go, and whether it must be (re)built (see
/// docs/formats.md#archive-names-build-numbers-and-reuse). Decided from the previous snippet, and from the archive it
/// names: kept only when
/// that file is still what the snippet records (``ArchiveFileState``).
public struct ArchiveRequest: Sendable, Equatable {
    /// The layer metadata plus `archive_build`, `archive_name` and `target_platform`; for an
    /// archive that is still current, the previous snippet unchanged (archive size and hashes included).
    public var buildMetadata: JSONValue
    public var needsBuild: Bool
    /// Set when the archive is rebuilt only because the file on disk no longer matches the
    /// size and SHA-256 its snippet records: that file's name.
    public var damagedArchive: String?

    /// The metadata fields that decide whether an archive is still current.
    static let comparedFields = [
        "archive_build", "archive_name", "install_target", "layer_name", "lock_version", "locked_at",
        "requirements_hash", "target_platform", "runtime_layer", "python_implementation", "bound_to_implementation",
        "required_layers", "app_launch_module", "app_launch_module_hash", "app_support_modules",
    ]

    /// `<install_target>` or, tagged, `<install_target>-<platform>-<build>`.
    public static func baseName(installTarget: String, platform: TargetPlatform, build: Int, tagged: Bool) -> String {
        tagged ? "\(installTarget)-\(platform.rawValue)-\(build)" : installTarget
    }

    /// Plans the archive of a layer with metadata `details` (``LayerMetadata``).
    /// `archiveState` judges the previous snippet's archive (by name); it is asked only when
    /// the metadata says the archive is still current. When the
    /// previous snippet has a `provenance` block whose archive settings differ from
    /// `archiveSettings` (format, compressor, level), the archive is rebuilt too.
    public static func plan(
        details: JSONValue, previous: JSONValue?,
        archiveState: (_ name: String, _ previous: JSONValue) -> ArchiveFileState, platform: TargetPlatform,
        tagged: Bool, archiveExtension: String, archiveSettings: JSONValue? = nil, force: Bool
    ) -> ArchiveRequest {
        guard case .object(let members) = details, let installTarget = details["install_target"]?.stringValue else {
            return ArchiveRequest(buildMetadata: details, needsBuild: true, damagedArchive: nil)
        }
        var last = previous?["archive_build"]?.intValue ?? 0
        if previous?["lock_version"] != details["lock_version"] { last = 0 }
        func metadata(build: Int) -> [String: JSONValue] {
            var result = members
            result["archive_build"] = .int(build)
            result["archive_name"] = .string(
                baseName(installTarget: installTarget, platform: platform, build: build, tagged: tagged)
                    + archiveExtension)
            result["target_platform"] = .string(platform.rawValue)
            return result
        }
        let candidate = metadata(build: last)
        var needsBuild = force || previous == nil
        var damaged: String?
        if let previous, !needsBuild {
            let name = candidate["archive_name"]?.stringValue ?? ""
            needsBuild =
                previous["archive_name"]?.stringValue != name
                || comparedFields.contains { previous[$0] != candidate[$0] }
                || settingsChanged(previous: previous["provenance"], current: archiveSettings)
            if !needsBuild {
                let state = archiveState(name, previous)
                needsBuild = state != .intact
                if state == .damaged { damaged = name }
            }
        }
        let result: JSONValue = needsBuild ? .object(metadata(build: last + 1)) : previous ?? .object(candidate)
        return ArchiveRequest(buildMetadata: result, needsBuild: needsBuild, damagedArchive: damaged)
    }

    /// True when a previous archive's recorded settings differ from the current ones
    /// (archives without a provenance block, e.g. from the Python tool, are judged by
    /// their metadata alone).
    static func settingsChanged(previous: JSONValue?, current: JSONValue?) -> Bool {
        guard case .object(let before)? = previous, case .object(let now)? = current else { return false }
        return now.contains { key, value in before[key] != value }
    }
}
