import Foundation
import PythonPackaging

/// Works out ``PackageOrigins``: which layers' locks list a package, and the requirement
/// chains that bring it in, from the layer's resolve project when locking left one in the build
/// folder (uv's `uv.lock` has every dependency edge with its marker), else from the spec alone.
struct WhyInspector {
    let spec: StackSpec
    let states: StackLockState

    func origins(of package: String, layers: Set<String>?, buildDirectory: URL) throws(StackError) -> PackageOrigins {
        let wanted = canonicalizeName(package)
        var presences: [PackageOrigins.Presence] = []
        var known = Set<String>()
        let environments = LayerEnvironment.all(in: spec, states: states, buildDirectory: buildDirectory)
        for kind in LayerKind.allCases {
            for layer in spec.enabledLayers where layer.kind == kind && (layers?.contains(layer.buildName) ?? true) {
                let packages = lockedPackages(of: layer)
                known.formUnion(packages.map { canonicalizeName($0.name) })
                guard let entry = packages.first(where: { canonicalizeName($0.name) == wanted }) else { continue }
                presences.append(
                    presence(
                        of: entry, wanted: wanted, in: layer, environment: environments[layer.buildName],
                        buildDirectory: buildDirectory))
            }
        }
        guard !presences.isEmpty else {
            let scope = layers.map { "the lock of \($0.sorted().joined(separator: ", "))" } ?? "no layer's lock"
            throw StackError(
                layers == nil ? "no layer's lock lists '\(package)'" : "\(scope) does not list '\(package)'",
                hint: NameSuggestions.hint(for: wanted, in: known.sorted(), what: "locked package"))
        }
        return PackageOrigins(package: wanted, layers: presences)
    }

    /// The packages of the layer's committed lock (none when it cannot be read).
    func lockedPackages(of layer: LayerSpec) -> [PylockPackage] {
        lockedPackagesIfReadable(of: layer) ?? []
    }

    /// The packages of the layer's committed lock, or nil when it cannot be read.
    func lockedPackagesIfReadable(of layer: LayerSpec) -> [PylockPackage]? {
        guard let files = states[layer.buildName]?.files,
            let data = try? FileSystem.readRegularFile(at: files.pylock, maxBytes: FileSystem.metadataLimit)
        else { return nil }
        return try? PylockReader.packages(in: String(decoding: data, as: UTF8.self), file: files.pylock.path)
    }

    private func presence(
        of entry: PylockPackage, wanted: String, in layer: LayerSpec, environment: LayerEnvironment?,
        buildDirectory: URL
    ) -> PackageOrigins.Presence {
        let (marker, inherited) = Self.splitSharedClause(entry.marker)
        let implementation = spec.runtime(named: layer.runtime)?.pythonImplementation
        let platforms = layer.platforms.filter { platform in
            guard let marker, let implementation, let parsed = try? Marker(marker) else { return true }
            return parsed.evaluate(platform.markerEnvironment(for: implementation))
        }
        let lockFile = buildDirectory.appendingPathComponent("\(layer.buildName)_resolve/uv.lock")
        var chains: [PackageOrigins.Chain]
        let source: PackageOrigins.EdgeSource
        let environment = LayerEnvironment.all(in: spec, states: states, buildDirectory: buildDirectory)[
            layer.buildName]
        let installed = environment.flatMap { environment in
            StackInspector.isBuilt(environment, in: buildDirectory) ? DependencyGraph(installedIn: environment) : nil
        }
        if let graph = DependencyGraph(uvLock: lockFile) ?? installed {
            source =
                FileManager.default.fileExists(atPath: lockFile.path)
                ? .resolveProject(path: lockFile.path) : .installedMetadata(path: environment?.sitePackages.path ?? "")
            chains = layer.requirements.compactMap { requirement in
                graph.shortestPath(from: canonicalizeName(requirement.name), to: wanted).map {
                    PackageOrigins.Chain(declared: requirement.description, links: $0)
                }
            }
        } else {
            source = .locksOnly
            chains = layer.requirements.filter { canonicalizeName($0.name) == wanted }.map {
                PackageOrigins.Chain(
                    declared: $0.description, links: [PackageOrigins.Link(name: wanted, version: entry.version)])
            }
        }
        return PackageOrigins.Presence(
            layer: layer.buildName, version: entry.version, installed: !inherited,
            platforms: platforms.map(\.rawValue), chains: chains, source: source)
    }

    /// A lock marker without the clause that marks a package as provided by a lower layer,
    /// and whether it had it.
    static func splitSharedClause(_ marker: String?) -> (marker: String?, inherited: Bool) {
        guard let marker, marker.contains(sharedMarkerClause) else { return (marker, false) }
        if marker == sharedMarkerClause { return (nil, true) }
        let suffix = " and \(sharedMarkerClause)"
        guard marker.hasSuffix(suffix) else { return (marker, true) }
        var rest = String(marker.dropLast(suffix.count))
        if rest.hasPrefix("(") && rest.hasSuffix(")") { rest = String(rest.dropFirst().dropLast()) }
        return (rest, true)
    }
}

/// The dependency edges of a uv lock file: package → (dependency, marker), every extra's
/// dependencies included, with the version each package is pinned to.
struct DependencyGraph {
    private(set) var versions: [String: String] = [:]
    private(set) var edges: [String: [(name: String, marker: String?)]] = [:]

    /// The `Requires-Dist` edges of the distributions installed in `environment` and the
    /// layers below it (their `METADATA`), with the markers that hold on this machine for the
    /// layer's Python (requirements of extras left out); nil when none is installed.
    init?(installedIn environment: LayerEnvironment) {
        guard let platform = TargetPlatform.host else { return nil }
        let markers = platform.markerEnvironment(for: environment.implementation)
        let folders = [environment.sitePackages.path] + environment.dependencySitePackages
        for folder in folders {
            for distribution in InstalledDistribution.all(in: URL(fileURLWithPath: folder)) {
                let name = distribution.name
                // A layer above shadows the same distribution below it.
                guard versions[name] == nil else { continue }
                versions[name] = distribution.version
                let metadata = URL(fileURLWithPath: folder).appendingPathComponent(distribution.folder)
                    .appendingPathComponent("METADATA")
                guard let data = try? FileSystem.readRegularFile(at: metadata, maxBytes: FileSystem.metadataLimit)
                else { continue }
                let lines = String(decoding: data, as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                for rawLine in lines {
                    let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
                    if line.isEmpty { break }  // the headers end at the first blank line
                    guard line.hasPrefix("Requires-Dist:"),
                        let requirement = try? Requirement(String(line.dropFirst("Requires-Dist:".count)))
                    else { continue }
                    if let marker = requirement.marker, !marker.evaluate(markers) { continue }
                    edges[name, default: []].append((requirement.canonicalName, requirement.marker?.description))
                }
            }
        }
        if versions.isEmpty { return nil }
    }

    /// Reads `uv.lock`; nil when there is none or it is not a uv lock file.
    init?(uvLock url: URL) {
        guard let data = try? FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit),
            let root = try? TOMLDocument.parse(String(decoding: data, as: UTF8.self)),
            case .array(let packages)? = root["package"]
        else { return nil }
        for package in packages {
            guard let name = package["name"]?.stringValue.map(canonicalizeName) else { continue }
            if let version = package["version"]?.stringValue { versions[name] = version }
            var dependencies = Self.dependencies(package["dependencies"])
            for entry in package["optional-dependencies"]?.entries ?? [] {
                dependencies += Self.dependencies(entry.value)
            }
            edges[name, default: []] += dependencies
        }
    }

    private static func dependencies(_ node: TOMLNode?) -> [(name: String, marker: String?)] {
        guard case .array(let items)? = node else { return [] }
        return items.compactMap { item in
            item["name"]?.stringValue.map { (canonicalizeName($0), item["marker"]?.stringValue) }
        }
    }

    /// A shortest chain of links from `start` to `target` (both included), breadth first,
    /// dependencies in lock order; nil when `target` cannot be reached.
    func shortestPath(from start: String, to target: String) -> [PackageOrigins.Link]? {
        guard versions[start] != nil || edges[start] != nil else { return nil }
        var previous: [String: (from: String, marker: String?)] = [:]
        var queue = [start]
        var seen: Set<String> = [start]
        var index = 0
        while index < queue.count {
            let current = queue[index]
            index += 1
            if current == target { break }
            for (name, marker) in edges[current] ?? [] where seen.insert(name).inserted {
                previous[name] = (current, marker)
                queue.append(name)
            }
        }
        guard seen.contains(target) else { return nil }
        var links: [PackageOrigins.Link] = []
        var node = target
        while true {
            let step = previous[node]
            links.append(PackageOrigins.Link(name: node, version: versions[node], marker: step?.marker))
            guard let step else { break }
            node = step.from
        }
        return links.reversed()
    }
}
