import Foundation
import Testing
import VenvStacks
import VenvStacksTestSupport

/// Slow group: `status`, `why`, `which`, `size` and `inspect` on the really built sample
/// project, with `which` checked against what the application's own Python imports.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct InspectIntegrationTests: SlowCLISupport {
    @Test func theInspectingCommandsAnswerOnTheBuiltSampleProject() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let build = spec.deletingLastPathComponent().appendingPathComponent("_build")
        let built = try venvstacks(["build", "--publish", spec.path])
        #expect(built.status == 0, "build failed:\n\(built.stderrText)")

        // status: every Linux layer built, current and published; the macOS/Windows app is not for here.
        let status = try venvstacks(["status", "--json", spec.path])
        #expect(status.status == 0, "\(status.stderrText)")
        let report = try JSONValue.parse(status.standardOutput)
        guard case .array(let layers)? = report["layers"] else {
            Issue.record("no layers: \(status.stdoutText)")
            return
        }
        #expect(layers.count == 8)
        for layer in layers {
            let name = layer["name"]?.stringValue ?? "?"
            #expect(layer["lock"]?["state"] == .string("valid"), "\(name)")
            if name == "app-scipy-client" {
                #expect(layer["build"]?["state"] == .string("other platforms"))
                continue
            }
            #expect(layer["build"]?["state"] == .string("current"), "\(name)")
            #expect(layer["publish"]?["state"] == .string("current"), "\(name)")
            #expect((layer["sizes"]?["added"]?.intValue ?? 0) > 0, "\(name)")
            #expect((layer["sizes"]?["archive"]?.intValue ?? 0) > 0, "\(name)")
        }

        // why: relocking one layer leaves its resolve project, whose uv.lock has the edges.
        let relock = try venvstacks(["lock", "--include", "framework-sklearn", spec.path])
        #expect(relock.status == 0, "\(relock.stderrText)")
        let why = try venvstacks(["why", "scipy", "--layer", "framework-s*", spec.path])
        #expect(why.status == 0, "\(why.stderrText)")
        #expect(why.stdoutText.contains("framework-scipy: scipy 1.16.1, installed in this layer"), "\(why.stdoutText)")
        #expect(why.stdoutText.contains("  scikit-learn (declared) -> scikit-learn 1.7.1 -> scipy 1.16.1\n"))

        // which: the numpy the app imports is the one its own Python finds.
        let which = try venvstacks(["which", "--json", "numpy", "--app", "app-scipy-import", spec.path])
        #expect(which.status == 0, "\(which.stderrText)")
        let answer = try JSONValue.parse(which.standardOutput)
        guard case .array(let matches)? = answer["matches"] else {
            Issue.record("no matches: \(which.stdoutText)")
            return
        }
        let module = matches.first { $0["kind"] == .string("module") && $0["wins"] == .bool(true) }
        #expect(module?["layer"] == .string("cpython-3.11"))
        let python = build.appendingPathComponent("app-scipy-import/bin/python")
        let imported = try TestProcess.run(
            ToolInvocation(python.path, ["-c", "import numpy, os; print(os.path.dirname(numpy.__file__))"]))
        #expect(imported.status == 0, "\(imported.stderrText)")
        #expect(
            URL(fileURLWithPath: imported.stdoutText.trimmingCharacters(in: .newlines)).resolvingSymlinksInPath().path
                == URL(fileURLWithPath: module?["path"]?.stringValue ?? "").resolvingSymlinksInPath().path)

        // size: scipy is the framework's largest package, and its tests are a measured saving.
        let size = try venvstacks(["size", "--json", "--include", "framework-scipy", spec.path])
        let sizes = try JSONValue.parse(size.standardOutput)
        #expect(sizes["layers"]?[0]?["largest"]?[0]?["name"] == .string("scipy"))
        #expect(sizes["savings"]?[0]?["kind"] == .string("test folders"))

        // inspect, through a pipe.
        let session = try TestProcess.run(
            ToolInvocation(
                IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path,
                ["inspect", spec.path], standardInput: Data("packages framework-scipy\nquit\n".utf8)))
        #expect(session.status == 0)
        #expect(session.stdoutText == "numpy 2.3.2  (from a lower layer)\nscipy 1.16.1\n", "\(session.stdoutText)")
    }
}
