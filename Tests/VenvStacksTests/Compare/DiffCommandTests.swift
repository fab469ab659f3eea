import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `venvstacks diff` on requirements folders, output folders and metadata files made by the
/// tests from the fixture stack: each kind of change is found and attributed, identical sides
/// exit 0, and every input problem is one line with exit status 2.
@Suite(.serialized) final class DiffCommandTests {
    let root: URL
    let old: URL
    let new: URL

    init() throws {
        root = try makeTemporaryDirectory()
        old = root.appendingPathComponent("old")
        new = root.appendingPathComponent("new")
        try FileManager.default.copyItem(at: TestPaths.lockProject.appendingPathComponent("requirements"), to: old)
        try FileManager.default.copyItem(at: TestPaths.lockProject.appendingPathComponent("requirements"), to: new)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var demoLock: URL { new.appendingPathComponent("framework-demo/pylock.framework-demo.toml") }

    func edit(_ url: URL, _ change: (String) -> String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let changed = change(text)
        #expect(changed != text, "the edit of \(url.lastPathComponent) changed nothing")
        try changed.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func identicalSidesExitZero() throws {
        let result = try runCLI(["diff", old.path, new.path])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("no differences\n"))
    }

    @Test func packageChangesAreFoundAndAMoveIntoTheLayerIsFlagged() async throws {
        try edit(demoLock) { text in
            text.replacingOccurrences(of: "version = \"0.28.1\"", with: "version = \"0.27.2\"")
                .replacingOccurrences(
                    of: "name = \"numpy\"\nversion = \"2.3.2\"\nmarker = \"sys_platform == 'from_lower_layer'\"",
                    with: "name = \"numpy\"\nversion = \"2.3.2\"")
                + "\n[[packages]]\nname = \"idna\"\nversion = \"3.10\"\n"
        }
        let diff = try await StackComparer.compare(old: old, new: new)
        #expect(diff.kind == .requirementsFolder)
        #expect(diff.changedLayers.map(\.layer) == ["framework-demo"])
        #expect(diff.unchangedLayers == 2)
        #expect(
            diff.changedLayers.first?.packages == [
                .versionChanged(name: "httpx", old: "0.28.1", new: "0.27.2"),
                .added(name: "idna", version: "3.10", installed: true),
                .movedToLayer(name: "numpy", version: "2.3.2"),
            ])
        let text = try runCLI(["diff", old.path, new.path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("    httpx 0.28.1 -> 0.27.2\n"))
        #expect(text.stdout.contains("    + idna 3.10\n"))
        #expect(text.stdout.contains("numpy 2.3.2: now installed here (was from a lower layer): likely a mistake"))
        let summary = try runCLI(["diff", "--summary", old.path, new.path])
        #expect(summary.stdout == "framework-demo: 3 package changes, a package moved into this layer, 1 lock files\n")
    }

    @Test func markdownHasATableAndCollapsibleDetails() throws {
        try edit(demoLock) { text in
            text.replacingOccurrences(
                of: "name = \"numpy\"\nversion = \"2.3.2\"\nmarker = \"sys_platform == 'from_lower_layer'\"",
                with: "name = \"numpy\"\nversion = \"2.3.2\"")
        }
        let result = try runCLI(["diff", "--markdown", old.path, new.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "### venvstacks diff: requirements folders")
        #expect(lines.contains("| layer | changes | likely cause |"))
        #expect(
            lines.contains(
                "| `framework-demo` ⚠️ | 1 package change, a package moved into this layer, 1 lock files | - |"),
            "\(result.stdout)")
        #expect(lines.contains("<details><summary><code>framework-demo</code></summary>"))
        #expect(lines.contains { $0.contains("numpy 2.3.2: now installed here (was from a lower layer)") })
        #expect(lines.filter { $0 == "```text" }.count == 1 && lines.filter { $0 == "</details>" }.count == 1)
        let same = try runCLI(["diff", "--markdown", old.path, old.path])
        #expect(same.status == 0 && same.stdout.contains("No differences between"))
        #expect(try runCLI(["diff", "--markdown", "--json", old.path, new.path]).status == 64)
    }

    @Test func onlyWheelSizeLinesAreExplained() async throws {
        try edit(demoLock) { $0.replacingOccurrences(of: "upload-time = ", with: "size = 1234\nupload-time = ") }
        let diff = try await StackComparer.compare(old: old, new: new)
        let layer = try #require(diff.changedLayers.first)
        #expect(layer.packages.isEmpty)
        #expect(
            layer.likelyCauses == [
                "only wheel `size` entries were added: the index's metadata changed, the resolution did not"
            ])
        let json = try runCLI(["diff", "--json", old.path, new.path])
        #expect(json.status == 1)
        let parsed = try JSONValue.parse(Data(json.stdout.utf8))
        #expect(parsed["same"] == .bool(false))
        #expect(parsed["changed_layers"]?[0]?["lock_files"]?[0]?["file"] == .string("pylock.framework-demo.toml"))
    }

    @Test func layersOnlyOnOneSide() async throws {
        try FileManager.default.removeItem(at: new.appendingPathComponent("app-hello"))
        let diff = try await StackComparer.compare(old: old, new: new)
        #expect(diff.removedLayers == ["app-hello"] && diff.addedLayers.isEmpty)
    }

    func snippet(_ name: String, size: Int, sha: String) -> JSONValue {
        .object([
            "layer_name": .string(name), "install_target": .string(name), "archive_size": .int(size),
            "archive_hashes": .object(["sha256": .string(sha)]), "locked_at": .string("2025-08-27T00:00:00+00:00"),
        ])
    }

    func outputFolder(_ url: URL, _ snippets: [JSONValue]) throws {
        let folder = url.appendingPathComponent("__venvstacks__/env_metadata")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for snippet in snippets {
            try Data(snippet.rendered().utf8).write(
                to: folder.appendingPathComponent("\(snippet["layer_name"]!.stringValue!).json"))
        }
    }

    @Test func outputFoldersCompareMetadataWithSizesInBytesAndPercent() async throws {
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try outputFolder(
            a, [snippet("cpython-3.11", size: 1000, sha: "aa"), snippet("framework-x", size: 50, sha: "x")])
        try outputFolder(
            b, [snippet("cpython-3.11", size: 1100, sha: "bb"), snippet("framework-x", size: 50, sha: "x")])
        let diff = try await StackComparer.compare(old: a, new: b)
        #expect(diff.kind == .outputFolder)
        let layer = try #require(diff.changedLayers.first)
        #expect(layer.layer == "cpython-3.11" && layer.archiveSize?.old == 1000 && layer.archiveSize?.new == 1100)
        #expect(layer.fields.map(\.field) == ["archive_hashes.sha256", "archive_size"])
        #expect(layer.likelyCauses.first?.hasPrefix("only archive sizes and hashes changed") == true)
        let text = try runCLI(["diff", a.path, b.path])
        #expect(text.stdout.contains("  archive size: 1.0 kB -> 1.1 kB (+100 bytes, +10.0%)\n"), "\(text.stdout)")
        #expect(text.stdout.contains("  archive_hashes.sha256: \"aa\" -> \"bb\"\n"))
        // Two metadata files work the same way.
        let files = try runCLI([
            "diff", a.appendingPathComponent("__venvstacks__/env_metadata/cpython-3.11.json").path,
            b.appendingPathComponent("__venvstacks__/env_metadata/cpython-3.11.json").path,
        ])
        #expect(files.status == 1 && files.stdout.contains("Comparing metadata files"))
    }

    @Test func inputProblemsAreOneLineAndExitTwo() throws {
        let missing = try runCLI(["diff", old.path, root.appendingPathComponent("nope").path])
        #expect(missing.status == 2)
        #expect(missing.stderr == "ERROR: \(root.appendingPathComponent("nope").path) does not exist\n")
        let folder = root.appendingPathComponent("a")
        try outputFolder(folder, [])
        let kinds = try runCLI(["diff", old.path, folder.path])
        #expect(kinds.status == 2)
        #expect(
            kinds.stderr.contains(
                "is a requirements folder but \(folder.path) is an output folder; compare two of the same kind"))
        try edit(demoLock) { $0 + "\n[[packages\n" }
        let broken = try runCLI(["diff", old.path, new.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("ERROR: \(demoLock.path): invalid TOML at line"), "\(broken.stderr)")
        let badJSON = root.appendingPathComponent("bad.json")
        try Data("{".utf8).write(to: badJSON)
        let json = try runCLI(["diff", badJSON.path, badJSON.path])
        #expect(json.status == 2 && json.stderr == "ERROR: \(badJSON.path): is not valid JSON\n", "\(json.stderr)")
        let archive = root.appendingPathComponent("x.tar.xz")
        try Data().write(to: archive)
        let archives = try runCLI(["diff", archive.path, badJSON.path])
        #expect(
            archives.status == 2
                && archives.stderr.contains("is a layer archive but \(badJSON.path) is a metadata file"),
            "\(archives.stderr)")
        #expect(archives.stderr.split(separator: "\n").count == 1)
    }
}
