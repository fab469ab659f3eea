import Foundation

/// One file or folder inside an application module tree, after filtering.
public struct SourceTreeEntry: Sendable, Equatable {
    /// Path relative to the module root, `/`-separated ("" for the root).
    public var relativePath: String
    public var isDirectory: Bool
}

/// Decides which files of a launch or support module package are part of it (reference §5.7).
///
/// Inside a git work tree (a `.git` folder in the spec folder or a parent), anything git
/// ignores is left out, as is every name starting with `.git`. Elsewhere only
/// `__pycache__` folders are left out. The same filter is used for hashing and copying.
public struct SourceTreeFilter: Sendable {
    /// The repository root, when the spec folder is inside a git work tree.
    public let repositoryRoot: URL?
    let git: any GitClient

    public init(specDirectory: URL, git: any GitClient = ProcessGitClient()) {
        self.repositoryRoot = Self.findRepository(from: specDirectory)
        self.git = git
    }

    /// The nearest folder at or above `directory` holding a `.git` folder.
    public static func findRepository(from directory: URL) -> URL? {
        var current = directory.standardizedFileURL
        while true {
            var isDirectory: ObjCBool = false
            let candidate = current.appendingPathComponent(".git")
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return current
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// Every entry under `root` that the filter keeps, directories before their contents,
    /// with children in bytewise name order. A tree beyond `SourceTreeLimits`, or one holding
    /// a FIFO, device or socket, is an error (so a module path such as `/` fails fast).
    public func entries(under root: URL) throws -> [SourceTreeEntry] {
        var all: [SourceTreeEntry] = []
        var budget = SourceTreeBudget(root: root)
        try collect(root, relative: "", depth: 1, into: &all, budget: &budget)
        let ignored = try ignoredEntries(all, root: root)
        guard !ignored.isEmpty else { return all }
        return all.filter { entry in
            !ignored.contains(where: { entry.relativePath == $0 || entry.relativePath.hasPrefix($0 + "/") })
        }
    }

    private func collect(
        _ directory: URL, relative: String, depth: Int, into entries: inout [SourceTreeEntry],
        budget: inout SourceTreeBudget
    ) throws(SourceTreeError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SourceTreeError(root: budget.root, "cannot list \(directory.path): \(FileSystemError.reason(error))")
        }
        for name in names.sorted(by: bytewise) {
            if repositoryRoot != nil ? name.hasPrefix(".git") : name == "__pycache__" { continue }
            let url = directory.appendingPathComponent(name)
            let path = relative.isEmpty ? name : relative + "/" + name
            guard let kind = SourceTreeEntryKind(at: url.path) else { continue }
            switch kind {
            // Symbolic links to folders are not descended into (or listed), as os.walk does.
            case .linkToDirectory, .danglingLink: continue
            case .special(let what):
                throw SourceTreeError(
                    root: budget.root,
                    "\(url.path) is \(what); a module may only hold ordinary files, folders and links")
            case .file(let size):
                try budget.add(file: size, path: url.path)
                entries.append(SourceTreeEntry(relativePath: path, isDirectory: false))
            case .directory:
                try budget.add(folderAt: depth, path: url.path)
                entries.append(SourceTreeEntry(relativePath: path, isDirectory: true))
                try collect(url, relative: path, depth: depth + 1, into: &entries, budget: &budget)
            }
        }
    }

    /// Relative paths (of `entries`) that git ignores.
    private func ignoredEntries(_ entries: [SourceTreeEntry], root: URL) throws(ToolError) -> [String] {
        guard let repositoryRoot, !entries.isEmpty else { return [] }
        let repoPath = repositoryRoot.resolvingSymlinksInPath().path
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard rootPath == repoPath || rootPath.hasPrefix(repoPath + "/") else { return [] }
        let prefix = rootPath == repoPath ? "" : String(rootPath.dropFirst(repoPath.count + 1)) + "/"
        var query: [String] = []
        if !prefix.isEmpty { query.append(prefix) }
        query += entries.map { prefix + $0.relativePath + ($0.isDirectory ? "/" : "") }
        let ignored = try git.ignoredPaths(query, in: repositoryRoot)
        if !prefix.isEmpty, ignored.contains(prefix) {
            return entries.map(\.relativePath).filter { !$0.contains("/") }
        }
        return ignored.compactMap { path -> String? in
            guard path.hasPrefix(prefix) else { return nil }
            var relative = String(path.dropFirst(prefix.count))
            if relative.hasSuffix("/") { relative.removeLast() }
            return relative.isEmpty ? nil : relative
        }
    }
}

/// Bytewise (UTF-8) ordering, independent of locale.
func bytewise(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
}
