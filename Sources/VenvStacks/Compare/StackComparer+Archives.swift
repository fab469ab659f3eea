import DeterministicArchive
import Foundation
import Synchronization

/// How far a comparison of archives has got, for a terminal display.
public struct DiffProgress: Sendable, Equatable {
    /// The layer whose archives are being read.
    public var layer: String
    /// Compressed bytes read so far from both sides, and both archives' sizes together.
    public var bytesRead: Int64
    public var totalBytes: Int64
}

extension StackComparer {
    /// Two layer archives: identical files (same SHA-256) are not opened.
    static func diffArchives(
        old: URL, new: URL, progress: @escaping @Sendable (DiffProgress) -> Void
    ) async throws(StackError) -> StackDiff {
        var layer = layerName(ofArchive: new.lastPathComponent)
        var diff = StackDiff(
            kind: .archive, old: old.path, new: new.path, addedLayers: [], removedLayers: [], changedLayers: [],
            unchangedLayers: 0)
        let before = try digest(of: old)
        let after = try digest(of: new)
        guard before != after else {
            diff.unchangedLayers = 1
            return diff
        }
        let (oldListing, newListing) = try await listBoth(old, new, layer: layer, progress: progress)
        // The layer is named after the archive's top folder (its install target) when it has one.
        if let top = newListing.members.first?.name.split(separator: "/").first, !top.isEmpty {
            layer = String(top)
        }
        let archive = ArchiveComparer.compare(
            old: oldListing, new: newListing, oldName: old.lastPathComponent, newName: new.lastPathComponent)
        var changes = StackDiff.LayerChanges(
            layer: layer, fields: [], packages: packageChanges(archive, oldLower: [], newLower: []),
            archiveSize: before.size == after.size ? nil : (Int(before.size), Int(after.size)), lockFiles: [],
            likelyCauses: archive.likelyCause.map { [$0] } ?? [], archive: archive)
        if archive.isEmpty {
            // Same members, same settings as far as the headers tell, different bytes.
            changes.fields.append(
                StackDiff.FieldChange(field: "sha256", old: before.sha256, new: after.sha256))
        }
        diff.changedLayers = [changes]
        return diff
    }

    /// `framework-scipy@1.tar.xz` -> `framework-scipy@1`.
    static func layerName(ofArchive name: String) -> String {
        for suffix in archiveSuffixes.sorted(by: { $0.count > $1.count }) where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    static func digest(of url: URL) throws(StackError) -> FileDigest {
        try StackError.during("cannot read the archive \(url.path)") { () throws -> FileDigest in
            try FileDigest.of(url, limit: .max - 1)
        }
    }

    /// Reads both archives at once (each on its own task), reporting their combined progress.
    static func listBoth(
        _ old: URL, _ new: URL, layer: String, progress: @escaping @Sendable (DiffProgress) -> Void
    ) async throws(StackError) -> (ArchiveListing, ArchiveListing) {
        let oldSize = (try? FileDigest.size(of: old)) ?? 0
        let newSize = (try? FileDigest.size(of: new)) ?? 0
        let read = Mutex<(Int64, Int64)>((0, 0))
        let report: @Sendable (Bool, Int64) -> Void = { isOld, bytes in
            let total = read.withLock { counts in
                if isOld { counts.0 = bytes } else { counts.1 = bytes }
                return counts.0 + counts.1
            }
            progress(DiffProgress(layer: layer, bytesRead: total, totalBytes: oldSize + newSize))
        }
        async let before = listing(old) { report(true, $0) }
        async let after = listing(new) { report(false, $0) }
        let results = await (before, after)
        return (try results.0.get(), try results.1.get())
    }

    /// `url`'s listing, keeping what `keepContent` allows (by default what the comparison needs:
    /// `RECORD` files and small text members).
    static func listing(
        _ url: URL, keepContent: (String) -> Int = ArchiveComparer.keepContent, progress: (Int64) -> Void
    ) -> Result<ArchiveListing, StackError> {
        do {
            return .success(try ArchiveLister.list(url, keepContent: keepContent, progress: progress))
        } catch {
            return .failure(StackError(file: url.path, error.description))
        }
    }

    /// The packages installed in a layer archive (its `.dist-info` folders), normalised.
    static func installedPackages(_ listing: ArchiveListing) -> Set<String> {
        var names = Set<String>()
        for member in listing.members where member.kind == .directory && member.name.hasSuffix(".dist-info") {
            if let distribution = InstalledDistribution(folder: PackageOwnership.lastComponent(member.name)) {
                names.insert(distribution.name)
            }
        }
        return names
    }

    /// The package changes an archive comparison shows: a package that appeared in the layer
    /// while a lower layer had it on the old side moved into the layer; one that left the layer
    /// while a lower layer has it on the new side moved to the lower layer.
    static func packageChanges(
        _ archive: ArchiveDiff, oldLower: Set<String>, newLower: Set<String>
    ) -> [StackDiff.PackageChange] {
        archive.packages.compactMap { group in
            switch (group.oldVersion, group.newVersion) {
            case (nil, let version?):
                oldLower.contains(group.name)
                    ? .movedToLayer(name: group.name, version: version)
                    : .added(name: group.name, version: version, installed: true)
            case (let version?, nil):
                newLower.contains(group.name)
                    ? .movedToLower(name: group.name, version: version)
                    : .removed(name: group.name, version: version, installed: true)
            case (let was?, let now?) where was != now: .versionChanged(name: group.name, old: was, new: now)
            default: nil
            }
        }
    }

    // MARK: - Output folders

    /// For each changed layer whose archive bytes differ (by the recorded SHA-256), compares
    /// the two archives member by member. A side that holds no archives at all (an
    /// expected-output folder) is noted, not an error; a side that holds some but not one its
    /// metadata names is an error.
    static func addArchiveChanges(
        to diff: inout StackDiff, _ before: [(name: String, json: JSONValue)],
        _ after: [(name: String, json: JSONValue)], old: URL, new: URL,
        progress: @escaping @Sendable (DiffProgress) -> Void
    ) async throws(StackError) {
        let oldByName = Dictionary(before.map { ($0.name, $0.json) }, uniquingKeysWith: { first, _ in first })
        let newByName = Dictionary(after.map { ($0.name, $0.json) }, uniquingKeysWith: { first, _ in first })
        let candidates = diff.changedLayers.indices.filter { index in
            let name = diff.changedLayers[index].layer
            guard let was = oldByName[name], let now = newByName[name] else { return false }
            return was["archive_hashes"]?["sha256"] != now["archive_hashes"]?["sha256"]
                || was["archive_name"] != now["archive_name"]
        }
        guard !candidates.isEmpty else { return }
        for (side, folder, layers) in [("old", old, before), ("new", new, after)] {
            let present = layers.contains { archiveURL(folder, $0.json).map(exists) ?? false }
            if !present {
                diff.archivesNotCompared = "the \(side) side (\(folder.path)) holds no layer archives"
                return
            }
        }
        var installed = InstalledCache()
        for index in candidates {
            let name = diff.changedLayers[index].layer
            guard let was = oldByName[name], let now = newByName[name] else { continue }
            let oldURL = try existingArchive(old, was, snippet: name)
            let newURL = try existingArchive(new, now, snippet: name)
            let (oldListing, newListing) = try await listBoth(oldURL, newURL, layer: name, progress: progress)
            installed.known[oldURL.path] = installedPackages(oldListing)
            installed.known[newURL.path] = installedPackages(newListing)
            let archive = ArchiveComparer.compare(
                old: oldListing, new: newListing, oldName: oldURL.lastPathComponent, newName: newURL.lastPathComponent)
            let moving = archive.packages.contains { ($0.oldVersion == nil) != ($0.newVersion == nil) }
            let oldLower = moving ? try installed.lower(of: was, in: old, layers: before) : []
            let newLower = moving ? try installed.lower(of: now, in: new, layers: after) : []
            diff.changedLayers[index].archive = archive
            diff.changedLayers[index].packages = packageChanges(archive, oldLower: oldLower, newLower: newLower)
            if let cause = archive.likelyCause, !diff.changedLayers[index].likelyCauses.contains(cause) {
                diff.changedLayers[index].likelyCauses.append(cause)
            }
        }
    }

    /// The archive a snippet names, beside the metadata folder.
    static func archiveURL(_ folder: URL, _ snippet: JSONValue) -> URL? {
        guard let name = snippet["archive_name"]?.stringValue, !name.isEmpty, !name.contains("/") else { return nil }
        return folder.appendingPathComponent(name)
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    static func existingArchive(_ folder: URL, _ snippet: JSONValue, snippet name: String) throws(StackError) -> URL {
        let metadata = metadataFolder(of: folder).appendingPathComponent(name + ".json").path
        guard let url = archiveURL(folder, snippet) else {
            throw StackError(file: metadata, "names no archive ('archive_name' is missing or not a file name)")
        }
        guard exists(url) else {
            throw StackError(
                file: metadata, "names the archive \(url.lastPathComponent), which is not in \(folder.path)",
                hint: "publish again, or compare the metadata alone by comparing folders without archives")
        }
        return url
    }

    /// The packages installed in each side's lower layers, read from their archives once.
    struct InstalledCache {
        var known: [String: Set<String>] = [:]

        /// The packages the lower layers of `snippet` (its runtime and required layers) install.
        mutating func lower(
            of snippet: JSONValue, in folder: URL, layers: [(name: String, json: JSONValue)]
        ) throws(StackError) -> Set<String> {
            var names = [snippet["runtime_layer"]?.stringValue].compactMap { $0 }
            if case .array(let required)? = snippet["required_layers"] { names += required.compactMap(\.stringValue) }
            var packages = Set<String>()
            for name in names {
                guard let layer = layers.first(where: { $0.json["layer_name"]?.stringValue == name }),
                    let url = StackComparer.archiveURL(folder, layer.json), StackComparer.exists(url)
                else { continue }
                if known[url.path] == nil {
                    // Only the `.dist-info` folder names are needed: no content is kept.
                    let listing = try StackComparer.listing(url, keepContent: { _ in -1 }, progress: { _ in }).get()
                    known[url.path] = StackComparer.installedPackages(listing)
                }
                packages.formUnion(known[url.path] ?? [])
            }
            return packages
        }
    }
}
