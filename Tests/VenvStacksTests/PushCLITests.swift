import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `venvstacks push --oci-layout` run as a subprocess on a published folder the test makes
/// (docs/registries.md): the layout it writes, a second run that writes nothing, and one clear
/// error for each kind of bad input.
@Suite(.serialized) final class PushCLITests {
    let root: URL
    let published: URL
    let layout: URL

    init() throws {
        root = try makeTemporaryDirectory()
        published = root.appendingPathComponent("published")
        layout = root.appendingPathComponent("layout")
        let metadata = published.appendingPathComponent("__venvstacks__")
        try FileManager.default.createDirectory(at: metadata, withIntermediateDirectories: true)
        let archive = Data("not really an archive, but push never opens it".utf8)
        try archive.write(to: published.appendingPathComponent("rt.tar.xz"))
        let entry = JSONValue.object([
            "layer_name": .string("rt"), "install_target": .string("rt"), "archive_name": .string("rt.tar.xz"),
            "archive_size": .int(archive.count),
            "archive_hashes": .object(["sha256": .string(ContentHash.sha256Hex(archive))]),
            "locked_at": .string("2025-08-27T00:00:00+00:00"), "target_platform": .string("linux_x86_64"),
        ])
        try Data(JSONValue.object(["layers": .object(["runtimes": .array([entry])])]).rendered().utf8).write(
            to: metadata.appendingPathComponent("venvstacks.json"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func push(_ arguments: [String]) throws -> CLIResult {
        try runCLI(["push", published.path] + arguments)
    }

    @Test func writesALayoutAndASecondRunWritesNothing() throws {
        let first = try push(["--oci-layout", layout.path, "--tag", "v1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("tagged 'v1'") && first.stdout.contains("  rt: sha256:"), "\(first.stdout)")
        #expect(first.stdout.contains("4 blobs written"), "\(first.stdout)")
        let index = try JSONValue.parse(Data(contentsOf: layout.appendingPathComponent("index.json")))
        #expect(index["manifests"]?[0]?["annotations"]?[OCINames.refName] == .string("v1"))
        let second = try push(["--oci-layout", layout.path, "--tag", "v1"])
        #expect(second.status == 0 && second.stdout.contains("0 blobs written (0 bytes), 4 already there"))
        let json = try push(["--oci-layout", layout.path, "--tag", "v1", "--json"])
        let report = try JSONValue.parse(Data(json.stdout.utf8))
        #expect(report["layout"]?["blobs_kept"] == .int(4) && report["layout"]?["blobs_written"] == .int(0))
        #expect(report["registry"] == nil)
        #expect(report["layers"]?[0]?["tag"] == .string("rt") && report["index"]?["tag"] == .string("v1"))
        #expect(first.stdout.contains(report["index"]?["digest"]?.stringValue ?? "?"))
        // The same digests both times.
        #expect(first.stdout.split(separator: "\n").dropLast() == second.stdout.split(separator: "\n").dropLast())
    }

    /// `--include` pushes a selection (with the layers it needs); a second selection sharing
    /// the runtime finds the runtime's blobs already there.
    @Test func aSelectionSharingALayerWithAnEarlierPushWritesOnlyWhatIsNew() throws {
        let metadata = published.appendingPathComponent("__venvstacks__")
        let runtime = try JSONValue.parse(Data(contentsOf: metadata.appendingPathComponent("venvstacks.json")))[
            "layers"]?["runtimes"]?[0]
        var frameworks: [JSONValue] = []
        for name in ["fw-a", "fw-b"] {
            let archive = Data("the archive of \(name)".utf8)
            try archive.write(to: published.appendingPathComponent("\(name).tar.xz"))
            frameworks.append(
                .object([
                    "layer_name": .string(name), "install_target": .string(name),
                    "archive_name": .string("\(name).tar.xz"), "archive_size": .int(archive.count),
                    "archive_hashes": .object(["sha256": .string(ContentHash.sha256Hex(archive))]),
                    "runtime_layer": .string("rt"), "required_layers": .array([]),
                ]))
        }
        let manifest = JSONValue.object([
            "layers": .object(["runtimes": .array([try #require(runtime)]), "frameworks": .array(frameworks)])
        ])
        try Data(manifest.rendered().utf8).write(to: metadata.appendingPathComponent("venvstacks.json"))

        let first = try push(["--oci-layout", layout.path, "--tag", "a", "--include", "fw-a", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let a = try JSONValue.parse(Data(first.stdout.utf8))
        #expect(a["layers"]?[1]?["install_target"] == .string("fw-a"))
        #expect(a["layers"]?[0]?["install_target"] == .string("rt") && a["layers"]?[2] == nil)
        let second = try push(["--oci-layout", layout.path, "--tag", "b", "--include", "fw-b", "--json"])
        let b = try JSONValue.parse(Data(second.stdout.utf8))
        // The runtime's archive, config and manifest are there already; fw-b's three and the index are new.
        #expect(b["layout"]?["blobs_kept"] == .int(3) && b["layout"]?["blobs_written"] == .int(4), "\(second.stdout)")
        let missing = try push(["--oci-layout", layout.path, "--include", "fw-c"])
        #expect(
            missing.status == 1 && missing.stderr.contains("no published layer matches 'fw-c'"), "\(missing.stderr)")
    }

    @Test func anArchiveThatDoesNotMatchItsMetadataIsRefused() throws {
        let handle = try FileHandle(forWritingTo: published.appendingPathComponent("rt.tar.xz"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("!".utf8))
        try handle.close()
        let result = try push(["--oci-layout", layout.path])
        #expect(result.status == 1 && !result.looksLikeCrash)
        #expect(
            result.stderr.contains("rt") && result.stderr.contains("does not match its metadata"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: layout.appendingPathComponent("index.json").path))
    }

    @Test(arguments: [
        (["--oci-layout", "L", "--tag", "a:b"], "is not a valid tag"),
        ([], "give a REFERENCE"),
        (["not-a-reference"], "is not a registry reference"),
        (["example.com/Upper/Case:v1"], "is not a repository name"),
        (["--oci-layout", "L", "--mount-from", "stacks/other"], "--mount-from needs a registry REFERENCE"),
        (
            ["127.0.0.1:1/stacks/a:v1", "--mount-from", "127.0.0.1:1/stacks/b"],
            "--mount-from '127.0.0.1:1/stacks/b' is not a repository name"
        ),
    ])
    func badArgumentsAreOneClearError(_ arguments: [String], _ message: String) throws {
        let result = try push(arguments.map { $0 == "L" ? layout.path : $0 })
        #expect(result.status != 0 && !result.looksLikeCrash)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aMissingPublishedFolderIsNamed() throws {
        let result = try runCLI(["push", root.appendingPathComponent("nowhere").path, "--oci-layout", layout.path])
        #expect(result.status == 1 && !result.looksLikeCrash)
        #expect(result.stderr.contains("nowhere does not exist"), "\(result.stderr)")
    }
}
