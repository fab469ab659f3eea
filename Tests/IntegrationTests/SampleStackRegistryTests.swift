import Foundation
import Testing
import VenvStacks
import VenvStacksTestSupport

/// The whole sample project through a real registry (Debian's docker-registry on a free
/// loopback port; docs/registries.md): published, pushed one application at a time, deployed
/// from the registry and run; pushed again (nothing uploaded); a second application sharing
/// the scipy framework pushed (the framework's archive not uploaded again).
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct SampleStackRegistryTests: SlowCLISupport {
    @Test func theSampleProjectsAppsShareTheirFrameworkThroughARegistry() async throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        // The sample project offers its second scipy app, scipy-client, on macOS and Windows
        // only; on this Linux machine it is offered here too (and locked), so two apps share
        // the scipy framework.
        let text = try String(contentsOf: spec, encoding: .utf8)
        let host = try #require(TargetPlatform.host).rawValue
        let offered = text.replacingOccurrences(
            of: "frameworks = [\"scipy\", \"http-client\"]\nplatforms = [\n",
            with: "frameworks = [\"scipy\", \"http-client\"]\nplatforms = [\n    \"\(host)\",\n")
        try #require(offered != text, "the sample project's scipy-client entry changed; update this test")
        try Data(offered.utf8).write(to: spec)
        let published = root.appendingPathComponent("published")
        for arguments in [
            ["build", "--lock-if-needed", spec.path], ["publish", "--output-dir", published.path, spec.path],
        ] {
            let result = try venvstacks(arguments)
            try #require(result.status == 0, "venvstacks \(arguments.joined(separator: " ")): \(result.stderrText)")
        }
        let registry = try LocalRegistry.start(in: root.appendingPathComponent("registry"))
        defer { registry.stop() }
        let cache = root.appendingPathComponent("cache")
        let binary = IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path
        func cli(_ arguments: [String]) throws -> ToolResult {
            try TestProcess.run(ToolInvocation(binary, arguments, environment: ["VENVSTACKS_CACHE_DIR": cache.path]))
        }
        func push(_ application: String, tag: String) throws -> (report: JSONValue, text: String) {
            let result = try cli([
                "push", "--json", "--include", application, published.path, "\(registry.host)/stacks/sample:\(tag)",
            ])
            try #require(result.status == 0, "push \(application): \(result.stderrText)")
            return (try JSONValue.parse(result.standardOutput), result.stdoutText)
        }
        /// install target → (archive size, what the push did with the archive).
        func archives(_ report: JSONValue) -> [String: (size: Int, pushed: String)] {
            guard case .array(let layers)? = report["layers"] else { return [:] }
            return Dictionary(
                uniqueKeysWithValues: layers.map { layer in
                    (
                        layer["install_target"]?.stringValue ?? "?",
                        (layer["archive"]?["size"]?.intValue ?? -1, layer["archive_pushed"]?.stringValue ?? "?")
                    )
                })
        }

        // The scipy app and what it needs: everything uploaded.
        let first = try push("app-scipy-import", tag: "scipy-import")
        let firstArchives = archives(first.report)
        #expect(
            Set(firstArchives.keys) == ["cpython-3.11", "framework-scipy@1", "app-scipy-import@1"], "\(first.text)")
        #expect(firstArchives.values.allSatisfy { $0.pushed == "uploaded" }, "\(first.text)")
        let uploaded = try #require(first.report["registry"]?["bytes_uploaded"]?.intValue)
        #expect(uploaded > firstArchives.values.reduce(0) { $0 + $1.size })
        #expect(first.report["registry"]?["blobs_present"] == .int(0))

        // Deployed from the registry into a fresh folder and run.
        let deployed = root.appendingPathComponent("deployed")
        let run = try cli([
            "deploy", "\(registry.host)/stacks/sample:scipy-import", deployed.path, "app-scipy-import", "--run",
        ])
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText.hasPrefix("scipy-import: OK (numpy "), "\(run.stdoutText)\(run.stderrText)")

        // Pushed again: not one blob uploaded.
        let again = try push("app-scipy-import", tag: "scipy-import")
        #expect(again.report["registry"]?["blobs_uploaded"] == .int(0), "\(again.text)")
        #expect(again.report["registry"]?["bytes_uploaded"] == .int(0))
        #expect(again.report["registry"]?["bytes_present"] == .int(uploaded))
        #expect(again.report["index"]?["digest"] == first.report["index"]?["digest"])

        // A second app sharing the scipy framework (and the runtime): their archives are found in
        // the repository, only the app's and the http-client framework's are uploaded.
        let second = try push("app-scipy-client", tag: "scipy-client")
        let secondArchives = archives(second.report)
        #expect(secondArchives["framework-scipy@1"]?.pushed == "present", "\(second.text)")
        #expect(secondArchives["cpython-3.11"]?.pushed == "present")
        #expect(secondArchives["framework-http-client"]?.pushed == "uploaded")
        #expect(secondArchives["app-scipy-client"]?.pushed == "uploaded")
        let scipyArchive = try #require(secondArchives["framework-scipy@1"]?.size)
        let secondUploaded = try #require(second.report["registry"]?["bytes_uploaded"]?.intValue)
        let secondPresent = try #require(second.report["registry"]?["bytes_present"]?.intValue)
        #expect(secondPresent >= scipyArchive + (secondArchives["cpython-3.11"]?.size ?? 0))
        #expect(secondUploaded < scipyArchive)
        // The byte counts, for the record (in the test log).
        print(
            "sample stack through a registry: scipy-import pushed \(uploaded) bytes, again 0; scipy-client "
                + "uploaded \(secondUploaded) bytes and found \(secondPresent) there (framework-scipy's archive: "
                + "\(scipyArchive) bytes, present)")

        // The second app deployed beside the first: the shared layers are already deployed, so
        // only the two new archives are downloaded; then it runs.
        let client = try cli([
            "deploy", "\(registry.host)/stacks/sample:scipy-client", deployed.path, "app-scipy-client",
        ])
        #expect(
            client.status == 0 && client.stdoutText.contains("2 archives downloaded (")
                && client.stdoutText.contains("0 from the download cache, 2 already deployed"),
            "\(client.stdoutText)\(client.stderrText)")
        let clientRun = try cli([
            "deploy", "\(registry.host)/stacks/sample:scipy-client", deployed.path, "app-scipy-client", "--run",
        ])
        #expect(
            clientRun.status == 0 && clientRun.stdoutText.hasPrefix("scipy-client: OK"),
            "\(clientRun.stdoutText)\(clientRun.stderrText)")
    }
}
