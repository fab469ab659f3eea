import Foundation
import PythonPackaging

/// Works out ``Providers``: looks for a name as a distribution, an importable module and a
/// shared library in every layer an application sees, in the order the application searches
/// them. From the build environments when the application is built, else from the locks
/// (distributions only).
struct WhichInspector {
    let spec: StackSpec
    let states: StackLockState

    func providers(of name: String, application: String, buildDirectory: URL) throws(StackError) -> Providers {
        let app = try Self.application(named: application, in: spec)
        let environments = LayerEnvironment.all(in: spec, states: states, buildDirectory: buildDirectory)
        guard let environment = environments[app.buildName] else {
            throw StackError(
                layer: app.buildName, "its lock is not valid, so where its layers are is not known",
                hint: "run 'venvstacks lock' first")
        }
        let order = [app.buildName] + environment.dependencies.map(\.buildName)
        guard StackInspector.isBuilt(environment, in: buildDirectory) else {
            return try fromLocks(name, application: app.buildName, order: order)
        }
        var finder = SearchPathFinder(environment: environment)
        let matches = finder.distributions(named: name) + finder.modules(named: name) + finder.libraries(named: name)
        guard !matches.isEmpty else {
            throw StackError(
                "nothing called '\(name)' is on \(app.buildName)'s path (no distribution, module or shared library)",
                hint: NameSuggestions.hint(for: name, in: finder.knownNames(), what: "distribution or module"))
        }
        return Providers(
            name: name, application: app.buildName, searchOrder: order, source: .environments, matches: matches)
    }

    /// The enabled application named by its build name (`app-x`) or its name (`x`).
    static func application(named name: String, in spec: StackSpec) throws(StackError) -> LayerSpec {
        let applications = spec.enabledLayers.filter { $0.kind == .application }
        if let found = applications.first(where: { $0.buildName == name || $0.name == name }) { return found }
        // Suggestions compare names without the `app-` prefix too.
        let bare =
            name.hasPrefix(LayerKind.application.buildPrefix)
            ? String(name.dropFirst(LayerKind.application.buildPrefix.count)) : name
        let close = NameSuggestions.closest(to: bare, in: applications.map(\.name))
        let hint =
            close.isEmpty
            ? NameSuggestions.hint(for: name, in: applications.map(\.buildName), what: "application")
            : "did you mean \(close.map { LayerKind.application.buildPrefix + $0 }.joined(separator: " or "))?"
        throw StackError("no application '\(name)' in the stack", hint: hint)
    }

    /// Distributions from the locks, for an application that is not built.
    private func fromLocks(_ name: String, application: String, order: [String]) throws(StackError) -> Providers {
        let wanted = canonicalizeName(name)
        let why = WhyInspector(spec: spec, states: states)
        var matches: [Providers.Match] = []
        for buildName in order {
            guard let layer = spec.enabledLayers.first(where: { $0.buildName == buildName }) else { continue }
            for package in why.lockedPackages(of: layer) where canonicalizeName(package.name) == wanted {
                guard !WhyInspector.splitSharedClause(package.marker).inherited else { continue }
                matches.append(
                    Providers.Match(
                        kind: .distribution, layer: buildName, version: package.version, wins: matches.isEmpty,
                        note: "from the lock"))
            }
        }
        guard !matches.isEmpty else {
            throw StackError(
                layer: application,
                "not built, and no lock of its layers installs a distribution '\(name)'",
                hint: "build it ('venvstacks build') to look for modules and shared libraries too")
        }
        return Providers(name: name, application: application, searchOrder: order, source: .locks, matches: matches)
    }
}

/// Looks through the folders of an application's layers, its own first, then its frameworks
/// in linearised order, then its runtime (with the standard library ahead of all
/// site-packages, as on `sys.path`).
struct SearchPathFinder {
    let environment: LayerEnvironment
    /// Build name and folder of each layer, in search order.
    let layers: [(name: String, directory: URL)]
    private var owners: [String: [String: (distribution: String, version: String)]] = [:]

    init(environment: LayerEnvironment) {
        self.environment = environment
        layers =
            [(environment.buildName, environment.directory)]
            + environment.dependencies.map { ($0.buildName, $0.directory) }
    }

    private func sitePackages(_ directory: URL) -> URL {
        directory.appendingPathComponent(environment.sitePackagesPath)
    }

    private func entries(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted(by: bytewise)
    }

    func distributions(named name: String) -> [Providers.Match] {
        let wanted = canonicalizeName(name)
        var matches: [Providers.Match] = []
        for (layer, directory) in layers {
            let folder = sitePackages(directory)
            for info in InstalledDistribution.all(in: folder) where info.name == wanted {
                matches.append(
                    Providers.Match(
                        kind: .distribution, layer: layer, version: info.version,
                        path: folder.appendingPathComponent(info.folder).path, wins: matches.isEmpty))
            }
        }
        return matches
    }

    /// The file or folder a module `name` (dotted names allowed) resolves to in `root`.
    private func module(_ name: String, in root: URL) -> URL? {
        let parts = name.split(separator: ".").map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != ".." }) else { return nil }
        let parent = parts.dropLast().reduce(root) { $0.appendingPathComponent($1) }
        let last = parts[parts.count - 1]
        var isDirectory: ObjCBool = false
        let folder = parent.appendingPathComponent(last)
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return folder
        }
        let file = parent.appendingPathComponent(last + ".py")
        if FileManager.default.fileExists(atPath: file.path) { return file }
        let extensionModule = entries(parent).first { $0.hasPrefix(last + ".") && $0.hasSuffix(".so") }
        return extensionModule.map { parent.appendingPathComponent($0) }
    }

    mutating func modules(named name: String) -> [Providers.Match] {
        var matches: [Providers.Match] = []
        if let runtime = layers.last {
            let stdlib = runtime.directory.appendingPathComponent("lib/python\(environment.implementation.majorMinor)")
            for folder in [stdlib, stdlib.appendingPathComponent("lib-dynload")] {
                guard let found = module(name, in: folder) else { continue }
                matches.append(
                    Providers.Match(
                        kind: .module, layer: runtime.name, path: found.path, wins: matches.isEmpty,
                        note: "standard library"))
            }
        }
        for (layer, directory) in layers {
            let folder = sitePackages(directory)
            guard let found = module(name, in: folder) else { continue }
            let top = String(name.split(separator: ".").first ?? "")
            let owner = owner(of: top, in: folder)
            matches.append(
                Providers.Match(
                    kind: .module, layer: layer, version: owner?.version, path: found.path,
                    distribution: owner?.distribution, wins: matches.isEmpty))
        }
        return matches
    }

    /// The distribution whose `RECORD` lists the top-level module `top` in `folder`.
    private mutating func owner(of top: String, in folder: URL) -> (distribution: String, version: String)? {
        if owners[folder.path] == nil {
            var map: [String: (distribution: String, version: String)] = [:]
            for info in InstalledDistribution.all(in: folder) {
                let record = folder.appendingPathComponent(info.folder).appendingPathComponent("RECORD")
                guard let data = try? FileSystem.readRegularFile(at: record, maxBytes: FileSystem.metadataLimit)
                else { continue }
                for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                    let path = line.split(separator: ",", maxSplits: 1).first.map(String.init) ?? ""
                    let first = path.split(separator: "/").first.map(String.init) ?? ""
                    guard !first.isEmpty, !first.hasSuffix(".dist-info"), first != "..", !first.hasPrefix("__") else {
                        continue
                    }
                    let moduleName = first.hasSuffix(".py") ? String(first.dropLast(3)) : first
                    let key = moduleName.split(separator: ".").first.map(String.init) ?? moduleName
                    if map[key] == nil { map[key] = (info.name, info.version) }
                }
            }
            owners[folder.path] = map
        }
        return owners[folder.path]?[top]
    }

    /// A library file name matches exactly, or as a prefix followed by `.` or `-`
    /// (`libgomp` matches `libgomp-a34b3233.so.1.0.0`).
    static func libraryMatches(_ file: String, _ name: String) -> Bool {
        file == name || file.hasPrefix(name + ".") || file.hasPrefix(name + "-")
    }

    func libraries(named name: String) -> [Providers.Match] {
        guard !name.contains("/") else { return [] }
        var matches: [Providers.Match] = []
        var winnerFound = false
        for (index, (layer, directory)) in layers.enumerated() {
            // The application's wrapper puts the lower layers' dynlib folders on the loader path.
            let onLoaderPath = index > 0
            let dynlib = directory.appendingPathComponent(LayerEnvironment.dynlibPath)
            var linked = Set<String>()
            for entry in entries(dynlib) where Self.libraryMatches(entry, name) {
                let link = dynlib.appendingPathComponent(entry)
                linked.insert(link.resolvingSymlinksInPath().path)
                let wins = onLoaderPath && !winnerFound
                winnerFound = winnerFound || wins
                matches.append(
                    Providers.Match(
                        kind: .library, layer: layer, path: link.path, wins: wins,
                        note: onLoaderPath ? "on the loader path" : "the layer's own, found by its extension modules"))
            }
            let folder = sitePackages(directory)
            let walker = FileManager.default.enumerator(atPath: folder.path)
            while let relative = walker?.nextObject() as? String {
                let file = (relative as NSString).lastPathComponent
                guard Self.libraryMatches(file, name), file.contains(".so") || file.hasSuffix(".dylib") else {
                    continue
                }
                let url = folder.appendingPathComponent(relative)
                guard !linked.contains(url.resolvingSymlinksInPath().path) else { continue }
                matches.append(
                    Providers.Match(
                        kind: .library, layer: layer, path: url.path, wins: false,
                        note: "not on the loader path: found through the rpath of the modules that link it"))
            }
        }
        return matches
    }

    /// Distribution and top-level module names on the path, for suggestions.
    func knownNames() -> [String] {
        var names = Set<String>()
        for (_, directory) in layers {
            let folder = sitePackages(directory)
            for info in InstalledDistribution.all(in: folder) { names.insert(info.name) }
            for entry in entries(folder) where !entry.hasSuffix(".dist-info") && !entry.hasPrefix("_") {
                names.insert(entry.hasSuffix(".py") ? String(entry.dropLast(3)) : entry)
            }
        }
        return names.sorted()
    }
}
