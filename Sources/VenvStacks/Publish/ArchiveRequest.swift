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
    public static func of(_ url: URL, recordedIn snippet: LayerSnippet) -> ArchiveFileState {
        do {
            if try FileSystem.kind(at: url) == nil { return .missing }
        } catch {
            return .damaged
        }
        guard let size = snippet.archive?.size, let sha256 = snippet.archive?.sha256 else { return .damaged }
        return FileDigest.matches(url, size: Int64(size), sha256: sha256) ? .intact : .damaged
    }
}

/// Where a layer's archive and metadata go, and whether it must be (re)built (see
/// docs/formats.md#archive-names-build-numbers-and-reuse). Decided from the previous snippet,
/// and from the archive it names: kept only when that file is still what the snippet records
/// (``ArchiveFileState``).
public struct ArchiveRequest: Sendable, Equatable {
    /// The layer metadata with its archive's build number, name and platform; for an archive
    /// that is still current, the previous snippet unchanged (archive size and hashes included).
    public var snippet: LayerSnippet
    public var needsBuild: Bool
    /// Set when the archive is rebuilt only because the file on disk no longer matches the
    /// size and SHA-256 its snippet records: that file's name.
    public var damagedArchive: String?

    /// `<install_target>` or, tagged, `<install_target>-<platform>-<build>`.
    public static func baseName(installTarget: String, platform: TargetPlatform, build: Int, tagged: Bool) -> String {
        tagged ? "\(installTarget)-\(platform.rawValue)-\(build)" : installTarget
    }

    /// Plans the archive of a layer with metadata `details`. `archiveState` judges the
    /// previous snippet's archive (by name); it is asked only when the metadata says the
    /// archive is still current. When the previous snippet has a `provenance` block whose
    /// archive settings differ from `archiveSettings` (format, compressor, level), the archive
    /// is rebuilt too.
    public static func plan(
        details: LayerMetadata, previous: LayerSnippet?,
        archiveState: (_ name: String, _ previous: LayerSnippet) -> ArchiveFileState, platform: TargetPlatform,
        tagged: Bool, archiveExtension: String, archiveSettings: JSONValue? = nil, force: Bool
    ) -> ArchiveRequest {
        var last = previous?.archive?.build ?? 0
        if previous?.metadata.lockVersion != details.lockVersion { last = 0 }
        func snippet(build: Int) -> LayerSnippet {
            let name =
                baseName(installTarget: details.installTarget, platform: platform, build: build, tagged: tagged)
                + archiveExtension
            return LayerSnippet(
                metadata: details, archive: ArchiveRecord(build: build, name: name, targetPlatform: platform.rawValue))
        }
        let candidate = snippet(build: last)
        var needsBuild = force || previous == nil
        var damaged: String?
        if let previous, let archive = previous.archive, let wanted = candidate.archive, !needsBuild {
            // The metadata fields and the archive's name, build number and platform decide.
            needsBuild =
                previous.metadata != details || archive.name != wanted.name || archive.build != wanted.build
                || archive.targetPlatform != wanted.targetPlatform
                || settingsChanged(previous: archive.provenance, current: archiveSettings)
            if !needsBuild {
                let state = archiveState(wanted.name, previous)
                needsBuild = state != .intact
                if state == .damaged { damaged = wanted.name }
            }
        } else if previous?.archive == nil {
            needsBuild = true
        }
        let result = needsBuild ? snippet(build: last + 1) : previous ?? candidate
        return ArchiveRequest(snippet: result, needsBuild: needsBuild, damagedArchive: damaged)
    }

    /// True when a previous archive's recorded settings differ from the current ones
    /// (archives without a provenance block, e.g. from the Python tool, are judged by
    /// their metadata alone).
    static func settingsChanged(previous: JSONValue?, current: JSONValue?) -> Bool {
        guard case .object(let before)? = previous, case .object(let now)? = current else { return false }
        // A precompiled archive ("bytecode") made again without byte code changes too.
        return now.contains { key, value in before[key] != value }
            || (before["bytecode"] != nil && now["bytecode"] == nil)
    }
}
