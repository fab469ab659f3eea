import Foundation
import Testing
import VenvStacksTestSupport
import VenvStacks

/// Slow group: the http-service example, copied without its outputs, built from its
/// committed locks, published and deployed with the real CLI, then its app's self-test run.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct ExampleStacksIntegrationTests: SlowCLISupport {
    static let selfTestLine = "hello-service: self-test OK (GET / -> 200, GET /health -> 200)\n"

    /// Copies `examples/<name>` into `root`, leaving out build, publish and export outputs;
    /// returns the copied spec.
    func copyExample(_ name: String, to root: URL) throws -> URL {
        let source = IntegrationPaths.packageRoot.appendingPathComponent("examples/\(name)")
        let project = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        let skipped = ["_build", "_artifacts", "_export", "__pycache__"]
        for entry in try FileManager.default.contentsOfDirectory(atPath: source.path) where !skipped.contains(entry) {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(entry), to: project.appendingPathComponent(entry))
        }
        return project.appendingPathComponent("venvstacks.toml")
    }

    func selfTest(_ python: URL) throws -> ToolResult {
        try TestProcess.run(
            ToolInvocation(
                python.path, ["-m", "hello_service", "--self-test"],
                workingDirectory: FileManager.default.temporaryDirectory))
    }

    @Test func httpServiceBuildsPublishesDeploysAndPassesItsSelfTest() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copyExample("http-service", to: root)
        let project = spec.deletingLastPathComponent()

        // No --lock-if-needed: the committed locks must be valid as they are.
        let build = try venvstacks(["build", spec.path])
        #expect(build.status == 0, "\(build.stderrText)")
        let built = try selfTest(project.appendingPathComponent("_build/app-hello-service/bin/python"))
        #expect(built.status == 0, "\(built.stderrText)")
        #expect(built.stdoutText == Self.selfTestLine)

        let publish = try venvstacks(["publish", spec.path])
        #expect(publish.status == 0, "\(publish.stderrText)")
        for archive in ["cpython-3.11.tar.xz", "framework-web.tar.xz", "app-hello-service.tar.xz"] {
            let path = project.appendingPathComponent("_artifacts/\(archive)").path
            #expect(FileManager.default.fileExists(atPath: path), "\(archive) was not published")
        }

        // Deployed from the archives and run: deploy passes the app's output and exit status on.
        let target = root.appendingPathComponent("deployed")
        let artifacts = project.appendingPathComponent("_artifacts").path
        let deployed = try venvstacks([
            "deploy", artifacts, target.path, "app-hello-service", "--run", "--", "--self-test",
        ])
        #expect(deployed.status == 0, "\(deployed.stderrText)")
        #expect(deployed.stdoutText == Self.selfTestLine)
        let names = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
        #expect(names == ["app-hello-service", "cpython-3.11", "framework-web"])
        let misuse = try venvstacks(["deploy", artifacts, target.path, "app-hello-service", "--run", "--", "--bogus"])
        #expect(misuse.status == 2, "argparse's usage error status, passed on: \(misuse.stderrText)")
        #expect(misuse.stderrText.contains("app-hello-service: unchanged"))
    }
}
