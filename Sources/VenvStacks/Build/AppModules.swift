import Foundation

/// Copies an application's launch and support modules into its site-packages (see
/// docs/behaviour.md#launch-and-support-modules) under their source file or folder name. Folders go through the
/// source-tree filter
/// (git-aware), and whatever was there before is replaced, so files deleted from the source
/// disappear from the layer too.
enum AppModules {
    static func copy(_ layer: LayerSpec, into sitePackages: URL, filter: SourceTreeFilter) throws(StackError) {
        let modules = (layer.launchModule.map { [$0] } ?? []) + layer.supportModules
        for module in modules {
            let source = module.url.standardizedFileURL
            let destination = sitePackages.appendingPathComponent(source.lastPathComponent)
            try StackError.during(
                "cannot copy module '\(module.specPath)' to \(destination.path)", layer: layer.buildName
            ) { try copyModule(source, to: destination, filter: filter) }
        }
    }

    private static func copyModule(_ source: URL, to destination: URL, filter: SourceTreeFilter) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: source.path])
        }
        try fm.removeItemIfPresent(at: destination)
        guard isDirectory.boolValue else {
            try copyContents(source, to: destination)
            return
        }
        try fm.createDirectory(at: destination, withIntermediateDirectories: true)
        for entry in try filter.entries(under: source) {
            let target = destination.appendingPathComponent(entry.relativePath)
            if entry.isDirectory {
                try fm.createDirectory(at: target, withIntermediateDirectories: true)
            } else {
                try copyContents(source.appendingPathComponent(entry.relativePath), to: target)
            }
        }
    }

    /// Copies the bytes only (a new file, mode 0644), like `shutil.copyfile`.
    private static func copyContents(_ source: URL, to destination: URL) throws {
        let data = try Data(contentsOf: source)
        guard
            FileManager.default.createFile(
                atPath: destination.path, contents: data, attributes: [.posixPermissions: 0o644])
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
        }
    }
}
