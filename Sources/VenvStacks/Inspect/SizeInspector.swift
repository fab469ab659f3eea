import Foundation
import PythonPackaging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Works out a ``SizeReport`` from the build folder: package sizes from each distribution's
/// `RECORD`, copies of a distribution in two layers one application sees, and a walk of each
/// layer for files applications rarely need. Reads only.
struct SizeInspector {
    let spec: StackSpec
    let states: StackLockState

    func report(layers selected: Set<String>?, top: Int, buildDirectory: URL) -> SizeReport {
        let environments = LayerEnvironment.all(in: spec, states: states, buildDirectory: buildDirectory)
        var built: [String: LayerEnvironment] = [:]
        var notBuilt: [String] = []
        var ordered: [LayerSpec] = []
        for kind in LayerKind.allCases {
            ordered += spec.enabledLayers.filter { $0.kind == kind }
        }
        for layer in ordered {
            if let environment = environments[layer.buildName],
                StackInspector.isBuilt(environment, in: buildDirectory)
            {
                built[layer.buildName] = environment
            } else if selected?.contains(layer.buildName) ?? true {
                notBuilt.append(layer.buildName)
            }
        }
        var packages: [String: [SizeReport.PackageSize]] = [:]
        // Only the selected layers and the layers their applications see are read.
        let wanted = selected.map { names in
            names.union(names.flatMap { built[$0]?.dependencies.map(\.buildName) ?? [] })
        }
        for (name, environment) in built where wanted?.contains(name) ?? true {
            packages[name] = Self.packages(in: environment.sitePackages)
        }
        var layers: [SizeReport.LayerSizes] = []
        var savings: [SizeReport.Saving] = []
        for layer in ordered where built[layer.buildName] != nil && (selected?.contains(layer.buildName) ?? true) {
            let environment = built[layer.buildName]!
            let own = packages[layer.buildName] ?? []
            let total = TreeSize.of(environment.directory) ?? 0
            let owned = own.reduce(Int64(0)) { $0 + $1.bytes }
            layers.append(
                SizeReport.LayerSizes(
                    layer: layer.buildName, total: total,
                    largest: Array(own.sorted { ($0.bytes, $1.name) > ($1.bytes, $0.name) }.prefix(max(0, top))),
                    packageCount: own.count, unowned: max(0, total - owned)))
            savings += Self.savings(in: environment.directory, layer: layer.buildName)
        }
        let duplicates = ordered.filter { $0.kind == .application && (selected?.contains($0.buildName) ?? true) }
            .flatMap { app -> [SizeReport.Duplicate] in
                guard let environment = built[app.buildName] else { return [] }
                let path = [app.buildName] + environment.dependencies.map(\.buildName)
                var copies: [String: [(layer: String, version: String, bytes: Int64)]] = [:]
                var order: [String] = []
                for layer in path {
                    for package in packages[layer] ?? [] {
                        if copies[package.name] == nil { order.append(package.name) }
                        copies[package.name, default: []].append((layer, package.version, package.bytes))
                    }
                }
                return order.filter { (copies[$0]?.count ?? 0) > 1 }.sorted().map {
                    SizeReport.Duplicate(application: app.buildName, package: $0, copies: copies[$0]!)
                }
            }
        return SizeReport(layers: layers, duplicates: duplicates, savings: savings, notBuilt: notBuilt)
    }

    /// Each distribution in `sitePackages` with the bytes of the files its `RECORD` lists
    /// (each file once, links not followed).
    static func packages(in sitePackages: URL) -> [SizeReport.PackageSize] {
        InstalledDistribution.all(in: sitePackages).map { distribution in
            let record = sitePackages.appendingPathComponent(distribution.folder).appendingPathComponent("RECORD")
            var bytes: Int64 = 0
            if let data = try? FileSystem.readRegularFile(at: record, maxBytes: FileSystem.metadataLimit) {
                var seen = Set<String>()
                for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                    guard let path = Self.recordPath(String(line)), seen.insert(path).inserted else { continue }
                    var info = stat()
                    let full = sitePackages.appendingPathComponent(path).standardizedFileURL.path
                    if lstat(full, &info) == 0, info.st_mode & S_IFMT != S_IFDIR { bytes += Int64(info.st_size) }
                }
            }
            return SizeReport.PackageSize(name: distribution.name, version: distribution.version, bytes: bytes)
        }
    }

    /// The path of a `RECORD` line (a CSV row; a quoted path may hold commas).
    static func recordPath(_ line: String) -> String? {
        if line.hasPrefix("\"") {
            var path = ""
            var index = line.index(after: line.startIndex)
            while index < line.endIndex {
                let character = line[index]
                let next = line.index(after: index)
                if character == "\"" {
                    guard next < line.endIndex, line[next] == "\"" else { break }
                    path.append("\"")
                    index = line.index(after: next)
                    continue
                }
                path.append(character)
                index = next
            }
            return path.isEmpty ? nil : path
        }
        let path = line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        return path?.isEmpty == false ? path : nil
    }

    /// What kind of saving a folder or file is, by name.
    static func kind(ofFolder name: String) -> SizeReport.Saving.Kind? {
        switch name {
        case "tests", "test", "testing": .testFolders
        case "__pycache__": .bytecodeCaches
        default: nil
        }
    }

    static func kind(ofFile name: String) -> SizeReport.Saving.Kind? {
        if name.hasSuffix(".h") || name.hasSuffix(".hpp") || name.hasSuffix(".hh") || name.hasSuffix(".hxx") {
            return .headers
        }
        return name.hasSuffix(".a") ? .staticLibraries : nil
    }

    /// Walks the layer folder once; each test or cache folder counts whole (and is not
    /// looked into for other kinds).
    static func savings(in root: URL, layer: String) -> [SizeReport.Saving] {
        var found: [SizeReport.Saving.Kind: [(path: String, bytes: Int64, files: Int)]] = [:]
        func walk(_ path: String, relative: String) {
            for name in directoryEntryNames(path) {
                let child = path + "/" + name
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(child, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if let kind = kind(ofFolder: name) {
                        let bytes = TreeSize.of(URL(fileURLWithPath: child)) ?? 0
                        found[kind, default: []].append((childRelative, bytes, fileCount(child)))
                    } else {
                        walk(child, relative: childRelative)
                    }
                case S_IFREG:
                    if let kind = kind(ofFile: name) {
                        found[kind, default: []].append((childRelative, Int64(info.st_size), 1))
                    }
                default:
                    continue
                }
            }
        }
        walk(root.path, relative: "")
        return SizeReport.Saving.Kind.allCases.compactMap { kind in
            guard let items = found[kind], !items.isEmpty else { return nil }
            let largest = items.sorted { ($0.bytes, $1.path) > ($1.bytes, $0.path) }.prefix(3).map(\.path)
            return SizeReport.Saving(
                layer: layer, kind: kind, bytes: items.reduce(0) { $0 + $1.bytes },
                files: items.reduce(0) { $0 + $1.files }, examples: Array(largest))
        }
    }

    /// Regular files under a folder (links not followed).
    static func fileCount(_ path: String) -> Int {
        directoryEntryNames(path).reduce(0) { count, name in
            var info = stat()
            guard lstat(path + "/" + name, &info) == 0 else { return count }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return count + fileCount(path + "/" + name)
            case S_IFREG: return count + 1
            default: return count
            }
        }
    }
}
