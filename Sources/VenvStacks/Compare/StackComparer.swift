import Foundation
import PythonPackaging

/// Compares two versions of a stack's outputs or locks (``StackDiff``). Both sides must be the
/// same kind of thing: output folders (published, exported or expected-output: their
/// metadata, and the archives next to it member by member), `requirements/` folders (their
/// locks), metadata files (a layer snippet or a combined manifest) or two layer archives.
/// Reads only. A side that cannot be read is a ``StackError`` naming it.
public enum StackComparer {
    public static func compare(
        old: URL, new: URL, progress: @escaping @Sendable (DiffProgress) -> Void = { _ in }
    ) async throws(StackError) -> StackDiff {
        let oldKind = try kind(of: old)
        let newKind = try kind(of: new)
        guard oldKind == newKind else {
            let article: (StackDiff.Kind) -> String = { $0 == .outputFolder ? "an" : "a" }
            throw StackError(
                "\(old.path) is \(article(oldKind)) \(oldKind.rawValue) but \(new.path) is \(article(newKind)) "
                    + newKind.rawValue,
                hint: "compare two of the same kind")
        }
        switch oldKind {
        case .requirementsFolder:
            return diffLocks(try locks(in: old), try locks(in: new), old: old, new: new)
        case .archive:
            return try await diffArchives(old: old, new: new, progress: progress)
        case .metadataFile:
            return diffMetadata(
                try metadata(of: old, kind: oldKind), try metadata(of: new, kind: newKind),
                kind: oldKind, old: old, new: new)
        case .outputFolder:
            let before = try metadata(of: old, kind: oldKind)
            let after = try metadata(of: new, kind: newKind)
            var diff = diffMetadata(before, after, kind: oldKind, old: old, new: new)
            try await addArchiveChanges(to: &diff, before, after, old: old, new: new, progress: progress)
            return diff
        }
    }

    static let archiveSuffixes = [".tar", ".tar.xz", ".tar.zst", ".tar.gz", ".tgz"]

    /// What `url` is.
    static func kind(of url: URL) throws(StackError) -> StackDiff.Kind {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw StackError("\(url.path) does not exist")
        }
        if !isDirectory.boolValue {
            let name = url.lastPathComponent
            if name.hasSuffix(".json") { return .metadataFile }
            if archiveSuffixes.contains(where: name.hasSuffix) { return .archive }
            throw StackError(
                "\(url.path) is neither a folder, a metadata (.json) file nor a layer archive (.tar, .tar.xz, .tar.zst, .tar.gz)",
                hint: "give two output folders, two requirements folders, two metadata files or two layer archives")
        }
        let entries = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
        if entries.contains("__venvstacks__") || entries.contains("env_metadata") { return .outputFolder }
        let hasLocks = entries.contains { entry in
            ((try? fm.contentsOfDirectory(atPath: url.appendingPathComponent(entry).path)) ?? []).contains {
                $0.hasPrefix("pylock.") && $0.hasSuffix(".toml")
            }
        }
        if hasLocks { return .requirementsFolder }
        throw StackError(
            "\(url.path) is not an output folder (no __venvstacks__ or env_metadata in it) nor a requirements folder "
                + "(no <layer>/pylock.*.toml in it)",
            hint:
                "give the folder `publish` or `local-export` wrote, an expected-output folder or a requirements folder")
    }

    // MARK: - Metadata

    /// Each layer's metadata as JSON, keyed by snippet name (output folders) or layer name
    /// (metadata files), in file order.
    static func metadata(of url: URL, kind: StackDiff.Kind) throws(StackError) -> [(name: String, json: JSONValue)] {
        if kind == .metadataFile {
            let json = try readJSON(url)
            if case .object(let groups)? = json["layers"] {
                return LayerKind.allCases.flatMap { kind -> [(name: String, json: JSONValue)] in
                    guard case .array(let entries)? = groups[kind.category] else { return [] }
                    return entries.map { ($0["layer_name"]?.stringValue ?? "?", $0) }
                }
            }
            guard let name = json["layer_name"]?.stringValue else {
                throw StackError(
                    file: url.path, "is neither a layer snippet (no 'layer_name') nor a combined manifest (no 'layers')"
                )
            }
            return [(name, json)]
        }
        let folder = metadataFolder(of: url)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".json")
        }.sorted(by: bytewise)
        var result: [(name: String, json: JSONValue)] = []
        for name in names {
            result.append((String(name.dropLast(".json".count)), try readJSON(folder.appendingPathComponent(name))))
        }
        return result
    }

    /// `__venvstacks__/env_metadata` of a published or exported folder, else `env_metadata`.
    static func metadataFolder(of url: URL) -> URL {
        let nested = url.appendingPathComponent("__venvstacks__/env_metadata")
        return FileManager.default.fileExists(atPath: nested.path) ? nested : url.appendingPathComponent("env_metadata")
    }

    static func readJSON(_ url: URL) throws(StackError) -> JSONValue {
        let data = try StackError.during("cannot read \(url.path)") {
            try FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit)
        }
        do {
            return try JSONValue.parse(data)
        } catch {
            throw StackError(file: url.path, "is not valid JSON")
        }
    }

    static func diffMetadata(
        _ before: [(name: String, json: JSONValue)], _ after: [(name: String, json: JSONValue)], kind: StackDiff.Kind,
        old: URL, new: URL
    ) -> StackDiff {
        let oldByName = Dictionary(before.map { ($0.name, $0.json) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(after.map(\.name))
        var changed: [StackDiff.LayerChanges] = []
        var unchanged = 0
        for (name, json) in after {
            guard let previous = oldByName[name] else { continue }
            guard previous != json,
                let changes = DocumentChanges.compare(
                    name: "x.json", old: Data(previous.rendered().utf8), new: Data(json.rendered().utf8))
            else {
                unchanged += 1
                continue
            }
            var fields: [StackDiff.FieldChange] = []
            for path in Set(changes.added.keys).union(changes.removed.keys).union(changes.changed.keys).sorted() {
                fields.append(
                    StackDiff.FieldChange(
                        field: path, old: changes.changed[path]?[0] ?? changes.removed[path],
                        new: changes.changed[path]?[1] ?? changes.added[path]))
            }
            var size: (old: Int, new: Int)?
            if let a = previous["archive_size"]?.intValue, let b = json["archive_size"]?.intValue, a != b {
                size = (a, b)
            }
            changed.append(
                StackDiff.LayerChanges(
                    layer: name, fields: fields, packages: [], archiveSize: size, lockFiles: [],
                    likelyCauses: changes.likelyCause.map { [$0] } ?? []))
        }
        return StackDiff(
            kind: kind, old: old.path, new: new.path,
            addedLayers: after.map(\.name).filter { oldByName[$0] == nil },
            removedLayers: before.map(\.name).filter { !newNames.contains($0) }, changedLayers: changed,
            unchangedLayers: unchanged)
    }

    // MARK: - Locks

    /// One layer's lock folder: its packages and its files.
    struct LayerLocks {
        var packages: [String: (version: String, installed: Bool)]
        var files: [String: Data]
    }

    static func locks(in folder: URL) throws(StackError) -> [(name: String, locks: LayerLocks)] {
        let fm = FileManager.default
        var result: [(name: String, locks: LayerLocks)] = []
        for layer in ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted(by: bytewise) {
            let directory = folder.appendingPathComponent(layer)
            let names = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? []).sorted(by: bytewise)
            guard names.contains(where: { $0.hasPrefix("pylock.") && $0.hasSuffix(".toml") }) else { continue }
            var locks = LayerLocks(packages: [:], files: [:])
            for name in names {
                let url = directory.appendingPathComponent(name)
                guard (try? FileSystem.kind(at: url)) == .regularFile else { continue }
                let data = try StackError.during("cannot read \(url.path)") {
                    try FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit)
                }
                locks.files[name] = data
                guard name.hasPrefix("pylock.") && name.hasSuffix(".toml") else { continue }
                for package in try PylockReader.packages(in: String(decoding: data, as: UTF8.self), file: url.path) {
                    let split = WhyInspector.splitSharedClause(package.marker)
                    locks.packages[canonicalizeName(package.name)] = (package.version, !split.inherited)
                }
            }
            result.append((layer, locks))
        }
        return result
    }

    static func diffLocks(
        _ before: [(name: String, locks: LayerLocks)], _ after: [(name: String, locks: LayerLocks)], old: URL, new: URL
    ) -> StackDiff {
        let oldByName = Dictionary(before.map { ($0.name, $0.locks) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(after.map(\.name))
        var changed: [StackDiff.LayerChanges] = []
        var unchanged = 0
        for (name, locks) in after {
            guard let previous = oldByName[name] else { continue }
            let packages = packageChanges(previous.packages, locks.packages)
            var files: [(file: String, lines: [String])] = []
            var causes: [String] = []
            for file in Set(previous.files.keys).union(locks.files.keys).sorted(by: bytewise) {
                switch (previous.files[file], locks.files[file]) {
                case (nil, _?): files.append((file, ["added"]))
                case (_?, nil): files.append((file, ["removed"]))
                case (let a?, let b?) where a != b:
                    let changes = DocumentChanges.compare(name: file, old: a, new: b)
                    files.append((file, changes?.summary() ?? TextChanges.summary(old: a, new: b)))
                    if let cause = changes?.likelyCause, !causes.contains(cause) { causes.append(cause) }
                default: break
                }
            }
            let layer = StackDiff.LayerChanges(
                layer: name, fields: [], packages: packages, archiveSize: nil, lockFiles: files, likelyCauses: causes)
            if layer.isEmpty { unchanged += 1 } else { changed.append(layer) }
        }
        return StackDiff(
            kind: .requirementsFolder, old: old.path, new: new.path,
            addedLayers: after.map(\.name).filter { oldByName[$0] == nil },
            removedLayers: before.map(\.name).filter { !newNames.contains($0) }, changedLayers: changed,
            unchangedLayers: unchanged)
    }

    /// Package by package, in name order.
    static func packageChanges(
        _ before: [String: (version: String, installed: Bool)], _ after: [String: (version: String, installed: Bool)]
    ) -> [StackDiff.PackageChange] {
        var changes: [StackDiff.PackageChange] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            switch (before[name], after[name]) {
            case (nil, let now?): changes.append(.added(name: name, version: now.version, installed: now.installed))
            case (let was?, nil): changes.append(.removed(name: name, version: was.version, installed: was.installed))
            case (let was?, let now?):
                if was.version != now.version {
                    changes.append(.versionChanged(name: name, old: was.version, new: now.version))
                }
                if was.installed && !now.installed { changes.append(.movedToLower(name: name, version: now.version)) }
                if !was.installed && now.installed { changes.append(.movedToLayer(name: name, version: now.version)) }
            default: break
            }
        }
        return changes
    }
}
