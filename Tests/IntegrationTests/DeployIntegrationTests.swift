import Foundation
import Testing
import VenvStacksTestSupport
import VenvStacks

/// Slow group: the whole pipeline on the sample project with the real CLI as a subprocess:
/// status with `--show-only --json`, build and publish of an `--include` selection, a
/// republish with nothing to do, then `deploy --run` from archives in each fast format.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct DeployIntegrationTests: SlowCLISupport {
    static let scipyLine = "scipy-import: OK (numpy 2.3.2, scipy 1.16.1)\n"

    @Test func includeSelectionBuildsPublishesAndDeploysTheScipyApp() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let include = ["--include", "app-scipy-import"]

        // What publish would do, as JSON, without doing it.
        let status = try venvstacks(
            ["publish", "--show-only", "--json", "--publish-dependencies"] + include + [spec.path])
        #expect(status.status == 0, "\(status.stderrText)")
        let json = try JSONValue.parse(Data(status.stdoutText.utf8))
        let operations: (String, String) -> JSONValue? = { category, name in
            guard case .array(let layers)? = json[category] else { return nil }
            return layers.first { $0["name"]?.stringValue == name }?["selected_operations"]
        }
        #expect(operations("applications", "app-scipy-import") == .array([.string("publish")]))
        #expect(operations("frameworks", "framework-scipy") == .array([.string("publish")]))
        // Layers unrelated to the selection are not listed.
        #expect(operations("applications", "app-sklearn-import") == nil)
        #expect(operations("runtimes", "cpython-3.11") == .array([.string("publish")]))
        #expect(
            !FileManager.default.fileExists(
                atPath: spec.deletingLastPathComponent().appendingPathComponent("_artifacts").path))

        let build = try venvstacks(["build", "--build-dependencies"] + include + [spec.path])
        #expect(build.status == 0, "\(build.stderrText)")
        for format in ["tar.zst", "tar.gz"] {
            let published = root.appendingPathComponent("published-\(format)")
            // tar.gz also with platform-tagged names (venvstacks-linux_x86_64.json, <layer>-linux_x86_64-1.tar.gz).
            let tagged = format == "tar.gz"
            let suffix = tagged ? "-linux_x86_64-1.\(format)" : ".\(format)"
            let publish =
                ["publish", "--format", format, "--output-dir", published.path, "--publish-dependencies"]
                + (tagged ? ["--tag-outputs"] : [])
            let first = try venvstacks(publish + include + [spec.path])
            #expect(first.status == 0, "\(first.stderrText)")
            let archives = try FileManager.default.contentsOfDirectory(atPath: published.path).filter {
                $0.hasSuffix(format)
            }.sorted()
            #expect(
                archives == ["app-scipy-import@1", "cpython-3.11", "framework-scipy@1"].map { $0 + suffix })
            let times = try modificationTimes(under: published)
            let again = try venvstacks(publish + include + [spec.path])
            #expect(again.status == 0, "\(again.stderrText)")
            #expect(again.stderrText.contains("framework-scipy@1\(suffix): unchanged"), "\(again.stderrText)")
            #expect(try modificationTimes(under: published) == times, "a republish with nothing to do wrote files")

            let target = root.appendingPathComponent("deployed-\(format)")
            let deployed = try venvstacks(["deploy", published.path, target.path, "app-scipy-*", "--run"])
            #expect(deployed.status == 0, "\(deployed.stderrText)")
            #expect(deployed.stdoutText == Self.scipyLine)
            #expect(deployed.stderrText.contains("Deployed framework-scipy@1 in"))
            let names = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
            #expect(names == ["app-scipy-import@1", "cpython-3.11", "framework-scipy@1"])
            // The deployed app runs on its own too, from any folder.
            let direct = try TestProcess.run(
                ToolInvocation(
                    target.appendingPathComponent("app-scipy-import@1/bin/python").path, ["-m", "scipy_import"],
                    workingDirectory: root))
            #expect(direct.stdoutText == Self.scipyLine, "\(direct.stderrText)")
            let kept = try venvstacks(["deploy", published.path, target.path, "app-scipy-import"])
            #expect(kept.status == 0 && kept.stdoutText.contains("framework-scipy@1   unchanged"), "\(kept.stdoutText)")
        }
    }
}
