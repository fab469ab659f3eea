import Foundation

/// Shared libraries of a layer that layers above may need
/// (docs/behaviour.md#dynamic-library-linking-and-the-python-wrapper): every `.so` /
/// `.dylib` in the layer's own site-packages that is not a Python extension module gets a
/// link in `share/venv/dynlib`, which the wrappers of the layers above put on the loader path.
public enum DynamicLibraries {
    /// A file named `fileName` is linked: its last suffix is `.so` or `.dylib` and its full
    /// suffix (`.cpython-311-x86_64-linux-gnu.so`, `.abi3.so`) is not an extension-module suffix.
    public static func isCandidate(fileName: String, extensionSuffixes: [String]) -> Bool {
        let suffixes = pathSuffixes(fileName)
        guard let last = suffixes.last, last == ".so" || last == ".dylib" else { return false }
        let full = suffixes.joined()
        return !extensionSuffixes.contains { $0 != ".so" && $0 == full }
    }

    /// The suffixes of a file name, as Python's `PurePath.suffixes` splits them.
    static func pathSuffixes(_ name: String) -> [String] {
        guard !name.hasSuffix(".") else { return [] }
        let trimmed = name.drop(while: { $0 == "." })
        return trimmed.split(separator: ".", omittingEmptySubsequences: false).dropFirst().map { "." + $0 }
    }

    /// True when a `dynlib_exclude` pattern matches `path` (relative to the environment).
    /// Patterns match path tails that start at a folder boundary; `**` stands for any number
    /// of folders, `*`, `?` and `[...]` work within one name (hidden names included).
    public static func isExcluded(_ path: String, patterns: [String]) -> Bool {
        let segments = path.split(separator: "/").map(String.init)
        return patterns.contains { pattern in
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            return (0..<segments.count).contains { matches(segments[$0...], parts[...]) }
        }
    }

    private static func matches(_ segments: ArraySlice<String>, _ parts: ArraySlice<String>) -> Bool {
        guard let part = parts.first else { return segments.isEmpty }
        if part == "**" {
            if parts.count == 1 { return !segments.isEmpty }
            return (segments.startIndex...segments.endIndex).contains { matches(segments[$0...], parts.dropFirst()) }
        }
        guard let segment = segments.first, Glob.fnmatch(segment, part) else { return false }
        return matches(segments.dropFirst(), parts.dropFirst())
    }

    /// A library found in a layer: its path relative to the environment and its real file.
    public struct Library: Sendable, Equatable {
        public var path: String
        public var realPath: String
        public var name: String { URL(fileURLWithPath: path).lastPathComponent }
    }

    /// Library name → the library it links to. Names provided by different files are
    /// ambiguous: the error lists every one of them at once.
    public static func linkTargets(_ libraries: [Library], environment: LayerEnvironment) throws(StackError) -> [(
        name: String, library: Library
    )] {
        var byName: [String: [Library]] = [:]
        for library in libraries { byName[library.name, default: []].append(library) }
        var links: [(name: String, library: Library)] = []
        var conflicts: [String] = []
        var suggestions: [String] = []
        let envName = environment.buildName
        for name in byName.keys.sorted(by: bytewise) {
            let candidates = byName[name]!.sorted { bytewise($0.path, $1.path) }
            let distinct = Set(candidates.map(\.realPath))
            if distinct.count > 1 {
                let targets = candidates.map { "'\(envName)/\($0.path)'" }.joined(separator: ", ")
                conflicts.append("  \(envName)/\(LayerEnvironment.dynlibPath)/\(name) => [\(targets)]")
                suggestions += candidates.dropFirst().map {
                    "\"\($0.path.components(separatedBy: "/site-packages/").last ?? $0.path)\""
                }
            } else {
                links.append((name, candidates[0]))
            }
        }
        guard conflicts.isEmpty else {
            throw StackError(
                layer: envName,
                "Ambiguous dynamic library link targets:\n\n" + conflicts.joined(separator: "\n")
                    + "\n\nSet `dynlib_exclude` in the layer definition to resolve this ambiguity, e.g. "
                    + "dynlib_exclude = [\(suggestions.joined(separator: ", "))] to keep the first of each.")
        }
        return links
    }

    /// Finds the layer's shared libraries and recreates `share/venv/dynlib` with relative
    /// links to them (the folder is only created when there is something to link).
    public static func link(_ environment: LayerEnvironment, extensionSuffixes: [String]) throws(StackError) -> Int {
        let fm = FileManager.default
        let root = environment.directory.standardizedFileURL.path
        var libraries: [Library] = []
        if let walker = fm.enumerator(atPath: environment.sitePackages.path) {
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                guard isCandidate(fileName: name, extensionSuffixes: extensionSuffixes) else { continue }
                let full = environment.sitePackages.appendingPathComponent(relative)
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: full.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                    continue
                }
                let path = environment.sitePackagesPath + "/" + relative
                guard !isExcluded(path, patterns: environment.layer.dynlibExclude) else { continue }
                libraries.append(Library(path: path, realPath: full.resolvingSymlinksInPath().path))
            }
        }
        let links = try linkTargets(libraries, environment: environment)
        let directory = environment.dynlibDirectory
        return try StackError.during("cannot link shared libraries in \(directory.path)", layer: environment.buildName)
        {
            try fm.removeItemIfPresent(at: directory)
            guard !links.isEmpty else { return 0 }
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, library) in links {
                let target = PathMath.relative(from: directory.path, to: root + "/" + library.path)
                try fm.createSymbolicLink(
                    atPath: directory.appendingPathComponent(name).path, withDestinationPath: target)
            }
            return links.count
        }
    }
}
