import Foundation

/// One layer of a published stack, as its metadata (docs/formats.md#published-metadata-fields) describes it.
public struct PublishedLayer: Sendable, Equatable {
    public var kind: LayerKind
    /// The build name (`framework-scipy`).
    public var layerName: String
    /// The deployed folder name (`framework-scipy@1`).
    public var installTarget: String
    /// The runtime's install target (a runtime's own for a runtime).
    public var runtimeLayer: String
    /// Install targets of the frameworks it needs, in linearised order.
    public var requiredLayers: [String]
    public var archiveName: String
    public var archiveSize: Int64
    /// Lower-case hex SHA-256 of the archive file.
    public var archiveSHA256: String
    /// Applications only.
    public var launchModule: String?

    /// Install targets of every layer this one needs: the runtime first, then frameworks.
    public var dependencies: [String] {
        kind == .runtime ? [] : [runtimeLayer] + requiredLayers
    }
}

/// A published output folder: the combined manifest in `__venvstacks__` and the archives
/// next to it.
public struct PublishedStack: Sendable {
    public let directory: URL
    public let manifestURL: URL
    /// Runtimes, frameworks, then applications, each in manifest order.
    public let layers: [PublishedLayer]
    /// Each layer's entry of the manifest as written (its metadata snippet), by deployed name.
    public let entries: [String: JSONValue]

    /// Reads `<directory>/__venvstacks__/venvstacks-<platform>.json` or, when there is none,
    /// the untagged `venvstacks.json`.
    public static func load(from directory: URL, platform: TargetPlatform?) throws(StackError) -> PublishedStack {
        let metadataFolder = directory.appendingPathComponent("__venvstacks__")
        let fm = FileManager.default
        guard fm.itemExists(at: directory) else {
            throw StackError(
                "\(directory.path) does not exist: give the folder `venvstacks publish` wrote (its --output-dir)")
        }
        let candidates = (platform.map { ["venvstacks-\($0.rawValue).json"] } ?? []) + ["venvstacks.json"]
        guard
            let manifestURL = candidates.map({ metadataFolder.appendingPathComponent($0) }).first(where: {
                fm.itemExists(at: $0)
            })
        else {
            let present = ((try? fm.contentsOfDirectory(atPath: metadataFolder.path)) ?? []).filter {
                $0.hasPrefix("venvstacks") && $0.hasSuffix(".json")
            }.sorted()
            let found = present.isEmpty ? "" : " (it has \(present.joined(separator: ", ")), for other platforms)"
            throw StackError(
                "\(directory.path) holds no published stack for this platform: \(metadataFolder.path) has no "
                    + "\(candidates.joined(separator: " or "))\(found); run `venvstacks publish` for it first")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(FileSystem.readRegularFile(at: manifestURL, maxBytes: FileSystem.metadataLimit))
        } catch let error as FileSystemError {
            // "cannot read the manifest /m.json: Permission denied", "the manifest /m.json is
            // not a regular file (it is a directory)".
            if error.errorCode != nil { throw StackError("cannot read the manifest \(manifestURL.path)", cause: error) }
            throw StackError("the manifest \(error.description)")
        } catch {
            throw StackError("\(manifestURL.path) is not a venvstacks manifest: it is not valid JSON")
        }
        let layers = try parseLayers(json, manifest: manifestURL)
        var entries: [String: JSONValue] = [:]
        for kind in LayerKind.allCases {
            guard case .array(let group)? = json["layers"]?[kind.category] else { continue }
            for entry in group {
                if let target = entry["install_target"]?.stringValue { entries[target] = entry }
            }
        }
        return PublishedStack(directory: directory, manifestURL: manifestURL, layers: layers, entries: entries)
    }

    /// The layers of `json` (a combined manifest), checked field by field.
    static func parseLayers(_ json: JSONValue, manifest: URL) throws(StackError) -> [PublishedLayer] {
        guard case .object(let groups)? = json["layers"] else {
            throw StackError(file: manifest.path, "no 'layers' object (is this a venvstacks manifest?)")
        }
        var layers: [PublishedLayer] = []
        for kind in LayerKind.allCases {
            guard let group = groups[kind.category] else { continue }
            guard case .array(let entries) = group else {
                throw StackError(file: manifest.path, "'layers.\(kind.category)' must be a list")
            }
            for (index, entry) in entries.enumerated() {
                layers.append(try parseLayer(entry, kind: kind, at: "layers.\(kind.category)[\(index)]", manifest))
            }
        }
        var seen = Set<String>()
        for layer in layers where !seen.insert(layer.installTarget).inserted {
            throw StackError(file: manifest.path, "the layer \(layer.installTarget) is listed twice")
        }
        return layers
    }

    private static func parseLayer(_ entry: JSONValue, kind: LayerKind, at place: String, _ manifest: URL)
        throws(StackError) -> PublishedLayer
    {
        func string(_ key: String) throws(StackError) -> String {
            guard let value = entry[key]?.stringValue, !value.isEmpty else {
                throw StackError(file: manifest.path, "\(place) has no '\(key)' text")
            }
            return value
        }
        let name = try string("layer_name")
        let noArchive = { (key: String) in
            StackError(
                file: manifest.path,
                "layer \(name) has no '\(key)': this folder was not written by "
                    + "`venvstacks publish` (a dry run or a local export has no archives)")
        }
        let installTarget = try string("install_target")
        guard let archiveName = entry["archive_name"]?.stringValue, !archiveName.isEmpty else {
            throw noArchive("archive_name")
        }
        for (key, value) in [("install_target", installTarget), ("archive_name", archiveName)]
        where value.contains("/") || value.hasPrefix(".") {
            throw StackError(file: manifest.path, "layer \(name) has '\(key)' \(value), which is not a plain file name")
        }
        guard let size = entry["archive_size"]?.intValue, size >= 0 else { throw noArchive("archive_size") }
        guard let hash = entry["archive_hashes"]?["sha256"]?.stringValue, hash.count == 64,
            hash.allSatisfy(\.isHexDigit)
        else {
            throw StackError(file: manifest.path, "layer \(name) has no 'archive_hashes.sha256' digest")
        }
        var required: [String] = []
        if kind != .runtime {
            guard case .array(let items)? = entry["required_layers"] else {
                throw StackError(file: manifest.path, "layer \(name) has no 'required_layers' list")
            }
            for item in items {
                guard let target = item.stringValue else {
                    throw StackError(file: manifest.path, "layer \(name): 'required_layers' must hold names")
                }
                required.append(target)
            }
        }
        return PublishedLayer(
            kind: kind, layerName: name, installTarget: installTarget,
            runtimeLayer: kind == .runtime ? installTarget : try string("runtime_layer"), requiredLayers: required,
            archiveName: archiveName, archiveSize: Int64(size), archiveSHA256: hash.lowercased(),
            launchModule: kind == .application ? try string("app_launch_module") : nil)
    }

    /// The archive file of `layer`.
    public func archiveURL(of layer: PublishedLayer) -> URL {
        directory.appendingPathComponent(layer.archiveName)
    }

    /// The layers matching `patterns` (fnmatch on build names and install targets), in stack order.
    public func matching(_ patterns: [String]) throws(StackError) -> [PublishedLayer] {
        let matches = { (layer: PublishedLayer, pattern: String) in
            Glob.fnmatch(layer.layerName, pattern) || Glob.fnmatch(layer.installTarget, pattern)
        }
        if let unmatched = patterns.first(where: { pattern in !layers.contains { matches($0, pattern) } }) {
            throw StackError(
                "no published layer matches '\(unmatched)'; \(manifestURL.lastPathComponent) has "
                    + layers.map(\.installTarget).joined(separator: ", "))
        }
        return layers.filter { layer in patterns.contains { matches(layer, $0) } }
    }

    /// `requested` and every layer they need, in stack order (runtimes first).
    public func closure(of requested: [PublishedLayer]) throws(StackError) -> [PublishedLayer] {
        let byTarget = Dictionary(layers.map { ($0.installTarget, $0) }, uniquingKeysWith: { first, _ in first })
        var wanted = Set(requested.map(\.installTarget))
        var pending = requested
        while let layer = pending.popLast() {
            for dependency in layer.dependencies where !wanted.contains(dependency) {
                guard let lower = byTarget[dependency] else {
                    throw StackError(
                        "layer \(layer.installTarget) needs \(dependency), which \(manifestURL.path) does not list; "
                            + "publish that layer into the same folder too")
                }
                wanted.insert(dependency)
                pending.append(lower)
            }
        }
        return layers.filter { wanted.contains($0.installTarget) }
    }
}
