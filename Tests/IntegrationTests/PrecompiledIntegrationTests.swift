import Foundation
import Testing
import VenvStacks
import VenvStacksTestSupport

/// Precompiled layers (docs/precompiled.md): the sample project built and published with
/// `--precompiled` twice, in different folders, with different PYTHONHASHSEED, umask, TZ and
/// locale, gives byte-identical archives (3.11 and 3.12 layers); the deployed apps run from the
/// shipped byte code, writing no new `.pyc` (the deployed tree is unchanged after running them
/// with byte-code writing on).
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct PrecompiledIntegrationTests: SlowCLISupport {
    /// Runs the CLI with `umask` and extra environment variables.
    func venvstacks(_ arguments: [String], umask: String, environment: [String: String?]) throws -> ToolResult {
        let binary = IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path
        return try TestProcess.run(
            ToolInvocation(
                "/bin/bash", ["-c", "umask \(umask); exec \"$0\" \"$@\"", binary] + arguments,
                environment: environment))
    }

    @Test func precompiledArchivesAreReproducibleAndTheAppsRunFromThem() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let variants: [(folder: String, umask: String, environment: [String: String?])] = [
            ("a", "022", ["PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"]),
            (
                "a-much-longer-second-folder/b", "077",
                ["PYTHONHASHSEED": "random", "TZ": "Pacific/Chatham", "LC_ALL": "C", "LANG": "C"]
            ),
        ]
        var outputs: [URL] = []
        for variant in variants {
            let folder = root.appendingPathComponent(variant.folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let spec = try copySampleProject(to: folder, withLocks: true)
            let output = folder.appendingPathComponent("published")
            for arguments in [
                ["build", spec.path], ["publish", "--precompiled", "--output-dir", output.path, spec.path],
            ] {
                let result = try venvstacks(arguments, umask: variant.umask, environment: variant.environment)
                try #require(result.status == 0, "venvstacks \(arguments.joined(separator: " ")): \(result.stderrText)")
            }
            outputs.append(output)
        }
        let first = try files(under: outputs[0]).filter { $0.key.hasSuffix(".tar.xz") }
        let second = try files(under: outputs[1]).filter { $0.key.hasSuffix(".tar.xz") }
        #expect(first.count == 7 && first.keys.sorted() == second.keys.sorted())
        for (name, data) in first {
            #expect(second[name] == data, "\(name) differs between the two precompiled publishes")
        }
        if first != second {
            let diff = try self.venvstacks(["diff", "--summary", outputs[0].path, outputs[1].path])
            Issue.record("venvstacks diff --summary:\n\(diff.stdoutText)")
        }
        try checkSBOMs(outputs)
        let snippet = try JSONValue.parse(
            Data(contentsOf: outputs[0].appendingPathComponent("__venvstacks__/env_metadata/framework-sklearn.json")))
        #expect(snippet["provenance"]?["bytecode"]?.stringValue == "unchecked-hash")

        for app in ["app-scipy-import", "app-sklearn-import"] {
            let target = root.appendingPathComponent("deployed-\(app)")
            let deploy = try self.venvstacks(["deploy", outputs[1].path, target.path, app])
            try #require(deploy.status == 0, "\(deploy.stderrText)")
            // "Run with:\n  <target>/<app>/bin/python -m <module>"
            let lines = deploy.stdoutText.split(separator: "\n").map(String.init)
            let command = try #require(
                lines.firstIndex(of: "Run with:").flatMap { lines.indices.contains($0 + 1) ? lines[$0 + 1] : nil },
                "\(deploy.stdoutText)"
            ).split(separator: " ").map(String.init)
            try #require(command.count == 3 && command[1] == "-m", "\(command)")
            let before = try snapshot(target)
            #expect(before.keys.contains { $0.hasSuffix(".cpython-312.pyc") || $0.hasSuffix(".cpython-311.pyc") })
            // With byte-code writing on (these machines set PYTHONDONTWRITEBYTECODE=1).
            let run = try TestProcess.run(
                ToolInvocation(command[0], Array(command.dropFirst()), environment: ["PYTHONDONTWRITEBYTECODE": nil]))
            #expect(run.status == 0, "\(run.stderrText)")
            #expect(run.stdoutText.contains("OK"), "\(run.stdoutText)")
            let after = try snapshot(target)
            let changed = Set(before.keys).symmetricDifference(after.keys).union(
                before.keys.filter { after[$0] != nil && after[$0] != before[$0] })
            #expect(changed.isEmpty, "running \(app) changed the deployed tree: \(changed.sorted().prefix(10))")
        }
    }

    /// `local-export --precompiled` of the scipy app's chain (docs/precompiled.md#local-export):
    /// the exported byte code is the shipped unchecked-hash kind (the post-install compiled only
    /// `sitecustomize.py`), the app runs from it with byte-code writing on and leaves the
    /// export unchanged, and exporting again with the same setting keeps every layer.
    @Test func aPrecompiledLocalExportRunsFromItsByteCode() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let exported = spec.deletingLastPathComponent().appendingPathComponent("_export")
        let selection = ["--include", "app-scipy-import"]
        let build = try venvstacks(["build"] + selection + [spec.path])
        try #require(build.status == 0, "\(build.stderrText)")
        let export = ["local-export", "--precompiled", "--publish-dependencies"] + selection + [spec.path]
        let first = try venvstacks(export)
        try #require(first.status == 0, "\(first.stderrText)")
        let layers = ["cpython-3.11", "framework-scipy@1", "app-scipy-import@1"]
        let listed = try FileManager.default.contentsOfDirectory(atPath: exported.path)
        try #require(Set(listed) == Set(["__venvstacks__"] + layers), "\(listed.sorted())")

        var compiled = 0
        for case let path as String in FileManager.default.enumerator(atPath: exported.path) ?? .init()
        where path.hasSuffix(".pyc") && !path.contains("/sitecustomize.") {
            // PEP 552 flags: 0b01 is unchecked-hash; a recompiled file would hold a timestamp (0).
            let header = try FileHandle(forReadingFrom: exported.appendingPathComponent(path)).read(upToCount: 8)
            #expect(header.map { Array($0.dropFirst(4)) } == [1, 0, 0, 0], "\(path) was compiled again")
            compiled += 1
        }
        #expect(compiled > 1000)
        for layer in layers.dropFirst() {
            let script = try String(
                contentsOf: exported.appendingPathComponent("\(layer)/postinstall.py"), encoding: .utf8)
            #expect(script == PostInstallScript.precompiledSource)
            let site = exported.appendingPathComponent("\(layer)/lib/python3.11/site-packages/__pycache__")
            #expect(
                FileManager.default.fileExists(
                    atPath: site.appendingPathComponent("sitecustomize.cpython-311.pyc").path))
        }

        let before = try snapshot(exported)
        let python = exported.appendingPathComponent("app-scipy-import@1/bin/python").path
        let run = try TestProcess.run(
            ToolInvocation(python, ["-m", "scipy_import"], environment: ["PYTHONDONTWRITEBYTECODE": nil]))
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText.hasPrefix("scipy-import: OK"), "\(run.stdoutText)")
        let after = try snapshot(exported)
        let changed = Set(before.keys).symmetricDifference(after.keys).union(
            before.keys.filter { after[$0] != nil && after[$0] != before[$0] })
        #expect(changed.isEmpty, "running the app changed the export: \(changed.sorted().prefix(10))")

        let second = try venvstacks(export)
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(second.stderrText.contains("app-scipy-import@1: unchanged"), "\(second.stderrText)")
    }

    /// The two publishes' layer SBOMs (docs/formats.md#layer-sboms) are byte-identical, valid
    /// CycloneDX 1.5 (the schema validator of cyclonedx-python-lib, misc/validate-sbom.py), and
    /// list what the layer installed, with its wheel's hash from the lock and its licence.
    func checkSBOMs(_ outputs: [URL]) throws {
        let first = try files(under: outputs[0]).filter { $0.key.hasSuffix(".cdx.json") }
        let second = try files(under: outputs[1]).filter { $0.key.hasSuffix(".cdx.json") }
        #expect(first.count == 7 && first == second, "\(first.keys.sorted()) vs \(second.keys.sorted())")
        let paths = first.keys.sorted().map { outputs[0].appendingPathComponent($0).path }
        let validator = IntegrationPaths.packageRoot.appendingPathComponent("misc/validate-sbom.py").path
        let validation = try TestProcess.run(ToolInvocation("python3", [validator] + paths))
        #expect(validation.status == 0, "\(validation.stdoutText)\(validation.stderrText)")
        #expect(validation.stdoutText.components(separatedBy: ": valid\n").count == 8, "\(validation.stdoutText)")
        let sbom = try JSONValue.parse(
            try #require(first["__venvstacks__/sbom/framework-sklearn.cdx.json"]))
        guard case .array(let components)? = sbom["components"] else {
            Issue.record("no components in \(sbom.rendered())")
            return
        }
        let sklearn = try #require(components.first { $0["name"] == .string("scikit-learn") })
        #expect(sklearn["licenses"] == .array([.object(["expression": .string("BSD-3-Clause")])]))
        let lock = try String(
            contentsOf: outputs[0].deletingLastPathComponent().appendingPathComponent(
                "sample_project/requirements/framework-sklearn/pylock.framework-sklearn.toml"), encoding: .utf8)
        let digest = try #require(sklearn["hashes"]?[0]?["content"]?.stringValue)
        #expect(lock.contains("sha256 = \"\(digest)\""), "the SBOM's scikit-learn hash is not in the lock")
        #expect(sklearn["externalReferences"]?[0]?["url"]?.stringValue?.contains("manylinux") == true)
        // numpy comes from the runtime layer: listed there, not here.
        #expect(!components.contains { $0["name"] == .string("numpy") })
        #expect(components.contains { $0["bom-ref"] == .string("layer:cpython-3.12@1") })
    }

    /// Path -> size and modification time of everything under `root`.
    func snapshot(_ root: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: root.path) ?? .init() {
            let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path)
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            result[path] = "\(attributes[.size] ?? 0) \(time)"
        }
        return result
    }
}
