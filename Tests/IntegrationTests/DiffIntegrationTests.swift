import Foundation
import Testing
import VenvStacks
import VenvStacksTestSupport

/// `venvstacks diff` on two real publishes of the sample project: the second with httpx pinned
/// lower in framework-http-client (0.28.1 -> 0.27.x, whose dependencies are the same set). The
/// diff must show exactly that package change, the archive members of that package, and no
/// flags; the other layers' archives are identical and not opened.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct DiffIntegrationTests: SlowCLISupport {
    @Test func twoPublishesOfTheSampleProjectWithOnePinLower() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let first = root.appendingPathComponent("first")
        let second = root.appendingPathComponent("second")
        try run(["build", spec.path])
        try run(["publish", "--output-dir", first.path, spec.path])
        // Identical publishes: exit 0, nothing opened.
        try FileManager.default.copyItem(at: first, to: second)
        let same = try venvstacks(["diff", first.path, second.path])
        #expect(same.status == 0, "\(same.stdoutText)\(same.stderrText)")

        let text = try String(contentsOf: spec, encoding: .utf8)
        let pinned = text.replacingOccurrences(of: "    \"httpx\",\n", with: "    \"httpx<0.28\",\n")
        try #require(pinned != text, "the sample spec no longer lists httpx as expected")
        try pinned.write(to: spec, atomically: true, encoding: .utf8)
        try run(["lock", spec.path])
        try run(["build", spec.path])
        try run(["publish", "--output-dir", second.path, spec.path])

        let json = try venvstacks(["diff", "--json", first.path, second.path])
        #expect(json.status == 1, "\(json.stderrText)")
        let diff = try JSONValue.parse(Data(json.stdoutText.utf8))
        guard case .array(let layers)? = diff["changed_layers"] else {
            Issue.record("no changed_layers in \(json.stdoutText)")
            return
        }
        #expect(layers.compactMap { $0["layer"]?.stringValue } == ["framework-http-client"])
        let layer = try #require(layers.first)
        guard case .array(let packages)? = layer["packages"], let change = packages.first else {
            Issue.record("no package changes: \(json.stdoutText)")
            return
        }
        #expect(packages.count == 1, "exactly one package change: \(packages)")
        #expect(change["change"]?.stringValue == "version" && change["name"]?.stringValue == "httpx")
        #expect(change["old"]?.stringValue == "0.28.1")
        #expect(change["new"]?.stringValue?.hasPrefix("0.27.") == true)
        let archive = try #require(layer["archive"])
        guard case .array(let groups)? = archive["packages"] else {
            Issue.record("no archive package groups")
            return
        }
        #expect(groups.compactMap { $0["name"]?.stringValue } == ["httpx"], "only httpx's members differ")
        let httpx = try #require(groups.first)
        let removed = httpx["removed"].flatMap { value -> [String]? in
            guard case .array(let items) = value else { return nil }
            return items.compactMap(\.stringValue)
        }
        #expect(removed?.contains("lib/python3.11/site-packages/httpx-0.28.1.dist-info/RECORD") == true)
        #expect(httpx["same_version_different_bytes"] == .bool(false))
        #expect(archive["members"] == .array([]), "no member outside a package differs")
        #expect(archive["damage"] == .array([]))

        let gates = ["--fail-on", "moved-to-layer,moved-to-lower,same-version-different-bytes,size-growth=10%"]
        let passing = try venvstacks(["diff"] + gates + [first.path, second.path])
        #expect(passing.status == 0, "no flag may trip: \(passing.stdoutText)")
        let tripping = try venvstacks(["diff", "--fail-on", "version-changed", first.path, second.path])
        #expect(tripping.status == 1)
        #expect(tripping.stdoutText.contains("version-changed: framework-http-client: httpx 0.28.1 -> 0.27."))

        let plain = try venvstacks(["diff", first.path, second.path])
        #expect(plain.stdoutText.contains("    httpx 0.28.1 -> 0.27."), "\(plain.stdoutText)")
        #expect(plain.stdoutText.contains("  httpx 0.28.1 -> 0.27."))
        let markdown = try venvstacks(["diff", "--markdown", first.path, second.path])
        #expect(markdown.stdoutText.contains("| `framework-http-client` | "), "\(markdown.stdoutText)")
        #expect(markdown.stdoutText.contains("<details><summary><code>framework-http-client</code></summary>"))
    }

    func run(_ arguments: [String]) throws {
        let result = try venvstacks(arguments)
        try #require(result.status == 0, "venvstacks \(arguments.joined(separator: " ")): \(result.stderrText)")
    }
}
