import Foundation

/// Hashes of application launch and support modules (docs/formats.md#module-hashes).
public enum ModuleHash {
    /// The hash of a module: `sha256:…` for a single file, `sha256/…` for a package folder.
    public static func hash(of url: URL, filter: SourceTreeFilter) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        guard isDirectory.boolValue else { return try ContentHash.hashFileNameAndContents(at: url) }
        let digest = try directoryDigestInputs(of: url, filter: filter)
        let hashed = ContentHash.hashStrings(digest)
        return "sha256/" + hashed.dropFirst("sha256:".count)
    }

    /// The strings fed to the directory hash, in order: each directory's own name, then
    /// each of its files' names followed by `sha256:<content hex>`, then its sub-folders.
    static func directoryDigestInputs(of root: URL, filter: SourceTreeFilter) throws -> [String] {
        let entries = try filter.entries(under: root)
        var byParent: [String: [SourceTreeEntry]] = [:]
        for entry in entries {
            let parent = entry.relativePath.split(separator: "/").dropLast().joined(separator: "/")
            byParent[parent, default: []].append(entry)
        }
        var inputs: [String] = []
        func visit(_ relative: String, name: String) throws {
            inputs.append(name)
            let children = byParent[relative] ?? []
            for file in children where !file.isDirectory {
                let fileURL = root.appendingPathComponent(file.relativePath)
                inputs.append(fileURL.lastPathComponent)
                inputs.append(try ContentHash.hashFileContents(at: fileURL))
            }
            for folder in children where folder.isDirectory {
                try visit(folder.relativePath, name: URL(fileURLWithPath: folder.relativePath).lastPathComponent)
            }
        }
        try visit("", name: root.standardizedFileURL.lastPathComponent)
        return inputs
    }
}
