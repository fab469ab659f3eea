import Foundation

/// The git questions the engine asks (behind a protocol so fast tests can fake it).
public protocol GitClient: Sendable {
    /// Which of `paths` (relative to `repository`, directories ending in `/`) git ignores,
    /// judged by git's ignore rules. Files tracked in the index are never ignored.
    func ignoredPaths(_ paths: [String], in repository: URL) async throws(ToolError) -> Set<String>
}

/// Asks the real `git`.
public struct ProcessGitClient: GitClient {
    let runner: any ToolRunner

    public init(runner: any ToolRunner = ProcessToolRunner()) {
        self.runner = runner
    }

    /// The `git check-ignore` call for `paths`.
    public static func checkIgnoreInvocation(_ paths: [String], in repository: URL) -> ToolInvocation {
        let input = paths.map { $0 + "\0" }.joined()
        return ToolInvocation(
            "git", ["-C", repository.path, "check-ignore", "-z", "--stdin"],
            environment: ["GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"],
            standardInput: Data(input.utf8))
    }

    public func ignoredPaths(_ paths: [String], in repository: URL) async throws(ToolError) -> Set<String> {
        guard !paths.isEmpty else { return [] }
        let invocation = Self.checkIgnoreInvocation(paths, in: repository)
        let result = try await runner.run(invocation)
        // 0: some paths are ignored, 1: none are; anything else is a failure, never "nothing
        // ignored": the files git ignores must stay out of the layers.
        guard result.status == 0 || result.status == 1 else {
            throw ToolError(
                invocation: invocation,
                reason: "git could not tell which files in \(repository.path) it ignores (exit status "
                    + "\(result.status)); application modules are copied without the files git ignores, so "
                    + "venvstacks cannot go on until git works in this repository (see git's message below)",
                stderrTail: result.stderrTail())
        }
        return Set(result.stdoutText.split(separator: "\0").map(String.init))
    }
}
