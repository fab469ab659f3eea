import Foundation

/// One file or folder inside an application module tree, after filtering.
public struct SourceTreeEntry: Sendable, Equatable {
    /// Path relative to the module root, `/`-separated ("" for the root).
    public var relativePath: String
    public var isDirectory: Bool
}

/// Decides which files of a launch or support module package are part of it
/// (docs/behaviour.md#launch-and-support-modules).
///
/// Inside a git work tree (a `.git` folder in the spec folder or a parent), anything git
/// ignores is left out, as is every name starting with `.git`. Elsewhere only
/// `__pycache__` folders are left out. The same filter is used for hashing and copying.
///
/// Asking git is a child process, so it happens once, up front, in ``scan(_:git:)``: the
/// filter then holds each module folder's entries, and hashing and copying in the same run
/// see the same tree. Outside a git work tree nothing needs asking and folders are listed
/// when asked for. A folder inside a work tree that was not scanned is an error, never
/// "nothing ignored".
public struct SourceTreeFilter: Sendable {
    /// The repository root, when the spec folder is inside a git work tree.
    public let repositoryRoot: URL?
    /// The scanned module folders (standardized paths) and what scanning each gave.
    let scanned: [String: Scanned]

    enum Scanned: Sendable {
        case entries([SourceTreeEntry])
        case failed(StackError)
        case gitFailed(ToolError)
    }

    /// A filter that has scanned nothing: enough outside a git work tree.
    public init(specDirectory: URL) {
        self.init(repositoryRoot: Self.findRepository(from: specDirectory), scanned: [:])
    }

    init(repositoryRoot: URL?, scanned: [String: Scanned]) {
        self.repositoryRoot = repositoryRoot
        self.scanned = scanned
    }

    /// Lists every application module folder of `spec` and asks `git` (once per folder)
    /// which of its files it ignores. Problems are kept and thrown when the folder is used.
    public static func scan(_ spec: StackSpec, git: any GitClient = ProcessGitClient()) async -> SourceTreeFilter {
        let folders = spec.applications.flatMap { layer in
            (layer.launchModule.map { [$0] } ?? []) + layer.supportModules
        }.map(\.url.standardizedFileURL).filter { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        return await scan(folders: folders, specDirectory: spec.specDirectory, git: git)
    }

    /// ``scan(_:git:)`` for the given module folders.
    public static func scan(folders: [URL], specDirectory: URL, git: any GitClient = ProcessGitClient()) async
        -> SourceTreeFilter
    {
        let unscanned = SourceTreeFilter(specDirectory: specDirectory)
        var scanned: [String: Scanned] = [:]
        for folder in folders {
            let key = folder.standardizedFileURL.path
            guard scanned[key] == nil else { continue }
            let all: [SourceTreeEntry]
            do throws(StackError) {
                all = try unscanned.walk(folder)
            } catch {
                scanned[key] = .failed(error)
                continue
            }
            do throws(ToolError) {
                scanned[key] = .entries(try await unscanned.removingIgnored(all, root: folder, git: git))
            } catch {
                scanned[key] = .gitFailed(error)
            }
        }
        return SourceTreeFilter(repositoryRoot: unscanned.repositoryRoot, scanned: scanned)
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
        switch scanned[root.standardizedFileURL.path] {
        case .entries(let entries): return entries
        case .failed(let error): throw error
        case .gitFailed(let error): throw error
        case nil:
            guard !needsGit(root) else {
                throw StackError(
                    "\(root.path) is inside the git work tree \(repositoryRoot?.path ?? "") but was not scanned for the "
                        + "files git ignores (an internal error: please report it)")
            }
            return try walk(root)
        }
    }

    /// Every entry under `root`, before git's ignore rules.
    func walk(_ root: URL) throws(StackError) -> [SourceTreeEntry] {
        var all: [SourceTreeEntry] = []
        var budget = SourceTreeBudget(root: root)
        // Inside the spec's git work tree git decides (and `.git*` names never count);
        // elsewhere only `__pycache__` folders are left out.
        let skipped: (String) -> Bool =
            pathInRepository(root) != nil ? { $0.hasPrefix(".git") } : { $0 == "__pycache__" }
        try collect(root, relative: "", depth: 1, into: &all, budget: &budget, skipping: skipped)
        return all
    }

    /// `entries` without those git ignores.
    func removingIgnored(_ entries: [SourceTreeEntry], root: URL, git: any GitClient) async throws(ToolError)
        -> [SourceTreeEntry]
    {
        let ignored = try await ignoredEntries(entries, root: root, git: git)
        guard !ignored.isEmpty else { return entries }
        return entries.filter { entry in
            !ignored.contains(where: { entry.relativePath == $0 || entry.relativePath.hasPrefix($0 + "/") })
        }
    }

    /// Whether `root` lies inside the git work tree, where git's ignore rules apply.
    private func needsGit(_ root: URL) -> Bool { pathInRepository(root) != nil }

    /// `root`'s path relative to the repository root, with a trailing `/` ("" for the root
    /// itself), or nil when it lies outside the work tree (links resolved on both sides).
    private func pathInRepository(_ root: URL) -> String? {
        guard let repositoryRoot else { return nil }
        let repoPath = repositoryRoot.resolvingSymlinksInPath().path
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        if rootPath == repoPath { return "" }
        return rootPath.hasPrefix(repoPath + "/") ? String(rootPath.dropFirst(repoPath.count + 1)) + "/" : nil
    }

    private func collect(
        _ directory: URL, relative: String, depth: Int, into entries: inout [SourceTreeEntry],
        budget: inout SourceTreeBudget, skipping skipped: (String) -> Bool
    ) throws(StackError) {
        let names = try StackError.during("cannot list \(directory.path)") {
            try FileManager.default.contentsOfDirectory(atPath: directory.path)
        }
        for name in names.sorted(by: bytewise) {
            if skipped(name) { continue }
            let url = directory.appendingPathComponent(name)
            let path = relative.isEmpty ? name : relative + "/" + name
            guard let kind = SourceTreeEntryKind(at: url.path) else { continue }
            switch kind {
            // Symbolic links to folders are not descended into (or listed), as os.walk does.
            case .linkToDirectory, .danglingLink: continue
            case .special(let what):
                throw StackError(
                    "\(url.path) is \(what)", hint: "a module may only hold ordinary files, folders and links")
            case .file(let size):
                try budget.add(file: size, path: url.path)
                entries.append(SourceTreeEntry(relativePath: path, isDirectory: false))
            case .directory:
                try budget.add(folderAt: depth, path: url.path)
                entries.append(SourceTreeEntry(relativePath: path, isDirectory: true))
                try collect(url, relative: path, depth: depth + 1, into: &entries, budget: &budget, skipping: skipped)
            }
        }
    }

    /// Relative paths (of `entries`) that git ignores.
    private func ignoredEntries(_ entries: [SourceTreeEntry], root: URL, git: any GitClient) async throws(ToolError)
        -> [String]
    {
        guard let repositoryRoot, !entries.isEmpty, let prefix = pathInRepository(root) else { return [] }
        var query: [String] = []
        if !prefix.isEmpty { query.append(prefix) }
        query += entries.map { prefix + $0.relativePath + ($0.isDirectory ? "/" : "") }
        let ignored = try await git.ignoredPaths(query, in: repositoryRoot)
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
