import Foundation
import Testing
import VenvStacks

/// Expected-output group (docs/behaviour.md#expected-output-tests, adapted): the sample project relocked, built,
/// published and deployed with the real CLI must reproduce the committed outputs:
/// `sample_project/requirements/**` byte for byte, the published manifests in
/// `expected-output/linux_x86_64/` (archive sizes and hashes included) and each Linux app's
/// output line.
///
/// A difference names each changed file and, for lock and metadata files, which keys changed
/// and a likely cause (`DocumentChanges`), so drift in the package index reads differently from
/// a bug. `VENVSTACKS_UPDATE_EXPECTED_OUTPUT=1` (misc/update-expected-output.sh) writes the
/// regenerated files over the committed ones and then FAILS, so a re-record is never silent;
/// it writes `.build/expected-output-recorded` only when every step succeeded, which the
/// script checks.
/// `VENVSTACKS_EXPORT_TEST_ARTIFACTS=<existing dir>` copies the locks, manifests and archives
/// to `<dir>/expected-output/` when the test fails, or always with `VENVSTACKS_FORCE_TEST_EXPORT`.
@Suite(.enabled(if: IntegrationGroups.expectedOutput, "set VENVSTACKS_EXPECTED_OUTPUT_TESTS=1"), .serialized)
struct ExpectedOutputTests: SlowCLISupport {
    static let platform = "linux_x86_64"
    let committedLocks = IntegrationPaths.packageRoot.appendingPathComponent("sample_project/requirements")
    let committedOutputs = IntegrationPaths.packageRoot.appendingPathComponent("expected-output/\(Self.platform)")
    let environment = ProcessInfo.processInfo.environment

    @Test func sampleProjectReproducesTheCommittedOutputs() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let locks = spec.deletingLastPathComponent().appendingPathComponent("requirements")
        let published = root.appendingPathComponent("published")
        let generated = root.appendingPathComponent("generated")
        var problems: [String] = []

        func step(_ arguments: [String]) throws -> ToolResult? {
            let result = try venvstacks(arguments)
            guard result.status == 0 else {
                problems.append("venvstacks \(arguments.joined(separator: " ")) failed:\n\(result.stderrText)")
                return nil
            }
            return result
        }

        var stepsFailed = false
        // 1. Relock in place: the lock files must not change.
        if try step(["lock", spec.path]) != nil {
            problems += differences(
                expected: try files(under: committedLocks), actual: try files(under: locks),
                prefix: "sample_project/requirements/")
        } else {
            stepsFailed = true
        }
        // 2. Build and publish (default format): the manifests must not change.
        var outputs: [String: Data] = [:]
        if try step(["build", spec.path]) != nil,
            try step(["publish", "--output-dir", published.path, spec.path]) != nil
        {
            outputs = try files(under: published.appendingPathComponent("__venvstacks__"))
            // 3. Deploy every Linux app on its own and run it: the output lines must not change.
            outputs["app-outputs.txt"] = Data(try deployAndRunApplications(published, root: root, &problems).utf8)
            problems += differences(
                expected: try files(under: committedOutputs), actual: outputs,
                prefix: "expected-output/\(Self.platform)/")
        } else {
            stepsFailed = true
        }

        try exportArtifacts(locks: locks, published: published, failed: !problems.isEmpty)
        if environment["VENVSTACKS_UPDATE_EXPECTED_OUTPUT"] == "1" {
            let marker = IntegrationPaths.packageRoot.appendingPathComponent(".build/expected-output-recorded")
            try? FileManager.default.removeItem(at: marker)
            try write(outputs, into: generated)
            try replace(committedLocks, with: locks)
            if !outputs.isEmpty { try replace(committedOutputs, with: generated) }
            if !stepsFailed { try Data("recorded\n".utf8).write(to: marker) }
            Issue.record(
                """
                Recorded the expected output (VENVSTACKS_UPDATE_EXPECTED_OUTPUT=1): this test fails on purpose \
                when recording. Review the changes with git diff and commit them.
                \(problems.isEmpty ? "Nothing differed." : problems.joined(separator: "\n"))
                """)
            return
        }
        var summary: [String] = []
        if !problems.isEmpty {
            try write(outputs, into: generated)
            summary = try diffSummaries(locks: locks, generated: generated)
        }
        #expect(
            problems.isEmpty,
            """
            The sample project's outputs differ from the committed expected output:
            \(problems.joined(separator: "\n"))
            \(summary.joined(separator: "\n"))
            If the change is intended, run misc/update-expected-output.sh and commit the result.
            """)
    }

    /// `venvstacks diff --summary` of the committed locks and expected output against the
    /// regenerated ones: what changed, layer by layer, with a likely cause.
    func diffSummaries(locks: URL, generated: URL) throws -> [String] {
        var lines: [String] = []
        for (label, committed, fresh) in [
            ("sample_project/requirements", committedLocks, locks),
            ("expected-output/\(Self.platform)", committedOutputs, generated),
        ] where FileManager.default.fileExists(atPath: fresh.path) {
            let result = try venvstacks(["diff", "--summary", committed.path, fresh.path])
            lines.append("venvstacks diff --summary of \(label) (committed -> regenerated):")
            let text = result.status == 2 ? result.stderrText : result.stdoutText
            lines += text.split(separator: "\n").map { "    " + $0 }
        }
        return lines
    }

    /// Deploys each published application (with its layers) and runs it; returns one
    /// `<app>: <first output line>` per application.
    func deployAndRunApplications(_ published: URL, root: URL, _ problems: inout [String]) throws -> String {
        let manifest = try JSONValue.parse(
            Data(contentsOf: published.appendingPathComponent("__venvstacks__/venvstacks.json")))
        guard case .array(let applications)? = manifest["layers"]?["applications"], !applications.isEmpty else {
            problems.append("the published manifest lists no applications")
            return ""
        }
        var lines: [String] = []
        for app in applications.compactMap({ $0["install_target"]?.stringValue }) {
            let target = root.appendingPathComponent("deployed")
            let result = try venvstacks(["deploy", published.path, target.path, app, "--run"])
            if result.status != 0 || !result.stdoutText.contains(": OK") {
                problems.append("deploying and running \(app) failed (exit \(result.status)):\n\(result.stderrText)")
            }
            lines.append("\(app): \(result.stdoutText.split(separator: "\n").first ?? "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `x changed` (with its key-level changes and a likely cause for lock and metadata files),
    /// `x missing` (expected, not produced) and `x unexpected`, sorted by path.
    func differences(expected: [String: Data], actual: [String: Data], prefix: String) -> [String] {
        Set(expected.keys).union(actual.keys).sorted().compactMap { path in
            switch (expected[path], actual[path]) {
            case (let old?, let new?):
                guard old != new else { return nil }
                let details =
                    DocumentChanges.compare(name: path, old: old, new: new)?.summary()
                    ?? TextChanges.summary(old: old, new: new)
                return (["\(prefix)\(path) changed:"] + details.map { "    " + $0 }).joined(separator: "\n")
            case (_?, nil): return "\(prefix)\(path) missing (expected, not produced)"
            default: return "\(prefix)\(path) unexpected (produced, not expected)"
            }
        }
    }

    /// Copies locks, manifests and archives to `$VENVSTACKS_EXPORT_TEST_ARTIFACTS/expected-output/`
    /// when asked to (docs/behaviour.md#expected-output-tests).
    func exportArtifacts(locks: URL, published: URL, failed: Bool) throws {
        guard let base = environment["VENVSTACKS_EXPORT_TEST_ARTIFACTS"], !base.isEmpty,
            FileManager.default.fileExists(atPath: base),
            failed || !(environment["VENVSTACKS_FORCE_TEST_EXPORT"] ?? "").isEmpty
        else { return }
        let folder = URL(fileURLWithPath: base).appendingPathComponent("expected-output")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fm = FileManager.default
        if fm.fileExists(atPath: locks.path) {
            try fm.copyItem(at: locks, to: folder.appendingPathComponent("requirements"))
        }
        let metadata = published.appendingPathComponent("__venvstacks__")
        if fm.fileExists(atPath: metadata.path) {
            try fm.copyItem(at: metadata, to: folder.appendingPathComponent("manifests"))
            let archives = folder.appendingPathComponent("archives")
            try fm.createDirectory(at: archives, withIntermediateDirectories: true)
            for name in try fm.contentsOfDirectory(atPath: published.path) where name.contains(".tar.") {
                try fm.copyItem(at: published.appendingPathComponent(name), to: archives.appendingPathComponent(name))
            }
        }
    }

    func write(_ files: [String: Data], into folder: URL) throws {
        for (path, data) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    /// Makes `committed` hold exactly what `fresh` holds.
    func replace(_ committed: URL, with fresh: URL) throws {
        try? FileManager.default.removeItem(at: committed)
        try FileManager.default.copyItem(at: fresh, to: committed)
    }
}
