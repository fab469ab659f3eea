import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// Directory hashing and the git-aware source filter, with the real `git`.
@Suite struct ModuleHashTests {
    func write(_ text: String, _ root: URL, _ path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func git(_ arguments: [String], in directory: URL) throws {
        let result = try TestProcess.run(ToolInvocation("git", arguments, workingDirectory: directory))
        #expect(result.status == 0, "git \(arguments): \(result.stderrText)")
    }

    func contentHash(_ text: String) -> String { "sha256:" + ContentHash.sha256Hex(Data(text.utf8)) }

    @Test func directoryHashFeedsNamesAndContentsDepthFirstIncludingEmptyFolders() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let pkg = root.appendingPathComponent("pkg")
        try write("a", pkg, "__init__.py")
        try write("b", pkg, "cli.py")
        try write("c", pkg, "sub/x.py")
        try FileManager.default.createDirectory(
            at: pkg.appendingPathComponent("sub/empty"), withIntermediateDirectories: true)
        try write("cache", pkg, "__pycache__/cli.cpython-311.pyc")
        let filter = SourceTreeFilter(specDirectory: root)
        #expect(filter.repositoryRoot == nil)
        let inputs = try ModuleHash.directoryDigestInputs(of: pkg, filter: filter)
        #expect(
            inputs == [
                "pkg", "__init__.py", contentHash("a"), "cli.py", contentHash("b"), "sub", "x.py", contentHash("c"),
                "empty",
            ])
        let hash = try ModuleHash.hash(of: pkg, filter: filter)
        #expect(hash == "sha256/" + ContentHash.hashStrings(inputs).dropFirst("sha256:".count))
    }

    @Test func renamingTheRootOrAFileChangesTheHash() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("x", root, "one/file.txt")
        try write("x", root, "two/file.txt")
        try write("x", root, "three/other.txt")
        let filter = SourceTreeFilter(specDirectory: root)
        let one = try ModuleHash.hash(of: root.appendingPathComponent("one"), filter: filter)
        let two = try ModuleHash.hash(of: root.appendingPathComponent("two"), filter: filter)
        let three = try ModuleHash.hash(of: root.appendingPathComponent("three"), filter: filter)
        #expect(Set([one, two, three]).count == 3)
    }

    @Test func gitIgnoredFilesAndGitNamesAreLeftOutInsideARepository() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try git(["init", "-q"], in: root)
        try write("build/\n*.log\n__pycache__/\n", root, ".gitignore")
        let pkg = root.appendingPathComponent("app/pkg")
        try write("a", pkg, "__init__.py")
        let scan = { await SourceTreeFilter.scan(folders: [pkg], specDirectory: root.appendingPathComponent("app")) }
        let filter = await scan()
        #expect(filter.repositoryRoot?.path == root.path)
        let clean = try ModuleHash.hash(of: pkg, filter: filter)

        try write("noise", pkg, "debug.log")
        try write("noise", pkg, "build/out.txt")
        try write("noise", pkg, "__pycache__/x.pyc")
        try write("noise", pkg, ".gitattributes")
        try write("noise", pkg, ".github/workflow.yml")
        let noisy = await scan()
        #expect(try ModuleHash.hash(of: pkg, filter: noisy) == clean)
        #expect(try noisy.entries(under: pkg).map(\.relativePath) == ["__init__.py"])

        try write("real", pkg, "extra.py")
        #expect(try ModuleHash.hash(of: pkg, filter: await scan()) != clean)
        // A scan is a snapshot: hashing and copying in one run see the same files.
        #expect(try ModuleHash.hash(of: pkg, filter: noisy) == clean)
    }

    @Test func aFolderInsideARepositoryThatWasNotScannedIsAnErrorNotUnfiltered() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try git(["init", "-q"], in: root)
        let pkg = root.appendingPathComponent("pkg")
        try write("a", pkg, "mod.py")
        #expect {
            try SourceTreeFilter(specDirectory: root).entries(under: pkg)
        } throws: { error in
            "\(error)".contains("was not scanned for the files git ignores")
        }
    }

    @Test func trackedFilesAreNeverIgnored() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try git(["init", "-q"], in: root)
        let pkg = root.appendingPathComponent("pkg")
        try write("a", pkg, "keep.log")
        try git(["add", "pkg/keep.log"], in: root)
        try write("*.log\n", root, ".gitignore")
        let filter = await SourceTreeFilter.scan(folders: [pkg], specDirectory: root)
        #expect(try filter.entries(under: pkg).map(\.relativePath) == ["keep.log"])
    }

    @Test func withoutGitOnlyPycacheIsLeftOut() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let pkg = root.appendingPathComponent("pkg")
        try write("a", pkg, "mod.py")
        try write("b", pkg, ".hidden")
        try write("c", pkg, "__pycache__/mod.pyc")
        let filter = SourceTreeFilter(specDirectory: root)
        #expect(try filter.entries(under: pkg).map(\.relativePath) == [".hidden", "mod.py"])
    }

    @Test func aModuleOutsideTheSpecsRepositoryGetsTheFallbackFilter() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = root.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try git(["init", "-q"], in: project)
        let pkg = root.appendingPathComponent("shared/pkg")
        try write("a", pkg, "mod.py")
        try write("b", pkg, ".gitattributes")
        try write("c", pkg, "__pycache__/mod.pyc")
        let filter = await SourceTreeFilter.scan(folders: [pkg], specDirectory: project)
        #expect(filter.repositoryRoot?.path == project.path)
        #expect(try filter.entries(under: pkg).map(\.relativePath) == [".gitattributes", "mod.py"])
    }

    @Test func singleFileModulesHashNameAndContent() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("print('hi')\n", root, "app.py")
        let hash = try ModuleHash.hash(
            of: root.appendingPathComponent("app.py"), filter: SourceTreeFilter(specDirectory: root))
        #expect(hash == ContentHash.hashStrings(["app.py", contentHash("print('hi')\n")]))
    }

    @Test func gitCheckIgnoreInvocation() {
        let invocation = ProcessGitClient.checkIgnoreInvocation(["a/b", "c/"], in: URL(fileURLWithPath: "/repo"))
        #expect(invocation.executable == "git")
        #expect(invocation.arguments == ["-C", "/repo", "check-ignore", "-z", "--stdin"])
        #expect(invocation.standardInput == Data("a/b\0c/\0".utf8))
    }
}
