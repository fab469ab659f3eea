import Foundation
import Testing

@testable import VenvStacks

/// The post-build check keeps its byte code in the build folder's cache, never inside the
/// environment it checks (docs/behaviour.md#post-build-check).
@Suite struct EnvironmentCheckTests {
    @Test func theInvocationPointsPythonAtTheCacheBeforeIsolatedMode() {
        let build = URL(fileURLWithPath: "/b/_build")
        let check = EnvironmentCheck(
            distributions: [], ownModules: [], expectedPath: [],
            bytecodeCache: EnvironmentCheck.bytecodeCache(in: build))
        let invocation = check.invocation(
            python: URL(fileURLWithPath: "/b/_build/rt/bin/python"), workingDirectory: build)
        #expect(
            Array(invocation.arguments.prefix(5)) == [
                "-X", "utf8", "-X", "pycache_prefix=/b/_build/.venvstacks-check-bytecode", "-I",
            ])
    }

    @Test(.enabled(if: RealPython.python3 != nil, "needs python3 on PATH"))
    func importsWriteByteCodeToTheCacheAndNotIntoTheEnvironment() async throws {
        let python = try #require(RealPython.python3)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("env/site-packages")
        let package = site.appendingPathComponent("checked_pkg")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        try Data("from . import part\n".utf8).write(to: package.appendingPathComponent("__init__.py"))
        try Data("value = 1\n".utf8).write(to: package.appendingPathComponent("part.py"))
        let cache = EnvironmentCheck.bytecodeCache(in: root)
        let check = EnvironmentCheck(
            distributions: [], ownModules: ["checked_pkg"], expectedPath: [], bytecodeCache: cache)
        // The check only finds modules; import the package too, as a requirement's import would.
        var invocation = check.invocation(python: URL(fileURLWithPath: python.executable), workingDirectory: root)
        invocation.arguments[invocation.arguments.count - 1] =
            "import sys; sys.path.insert(0, \(pythonString(site.path))); import checked_pkg\n" + EnvironmentCheck.script
        let result = try await ProcessToolRunner().run(invocation)
        #expect(result.status == 0, "\(result.stderrText)")
        let outcome = try #require(EnvironmentCheck.outcome(from: result.standardOutput), "\(result.stdoutText)")
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let cached = cache.appendingPathComponent(String(package.path.dropFirst()))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: cached.path).sorted() == [
                "__init__.\(python.cacheTag).pyc", "part.\(python.cacheTag).pyc",
            ])
        #expect(!FileManager.default.fileExists(atPath: package.appendingPathComponent("__pycache__").path))
    }

    private func pythonString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
