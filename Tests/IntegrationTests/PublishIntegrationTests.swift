import Foundation
import Testing
import VenvStacksTestSupport
import VenvStacks

/// Slow group: `venvstacks publish` and `local-export` of the sample project with the real
/// CLI, then the published layers unpacked with the system `tar`, post-installed and run.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct PublishIntegrationTests: SlowCLISupport {
    /// The scipy app and the layers it needs, in deployment order.
    let scipyStack = ["cpython-3.11", "framework-scipy", "app-scipy-import"]

    /// Runs the CLI through bash with another umask, time zone and locale.
    func venvstacksElsewhere(_ arguments: [String]) throws -> ToolResult {
        let binary = IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path
        return try TestProcess.run(
            ToolInvocation(
                "/bin/bash", ["-c", "umask 077; exec \"$0\" \"$@\"", binary] + arguments,
                environment: ["TZ": "Pacific/Chatham", "LC_ALL": "C", "LANG": "C"]))
    }

    func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> ToolResult {
        try TestProcess.run(
            ToolInvocation(
                executable, arguments, workingDirectory: directory ?? FileManager.default.temporaryDirectory))
    }

    /// Every member of a tar archive as Python's tarfile sees it, one JSON object per line.
    func members(of archive: URL) throws -> [[String: Any]] {
        let script = """
            import json, sys, tarfile
            with tarfile.open(sys.argv[1]) as tar:
                for m in tar.getmembers():
                    print(json.dumps({"name": m.name, "type": m.type.decode(), "mode": m.mode, "uid": m.uid, "gid": m.gid,
                        "uname": m.uname, "gname": m.gname, "mtime": m.mtime, "linkname": m.linkname,
                        "pax": sorted(m.pax_headers)}))
            """
        let result = try run("python3", ["-c", script, archive.path])
        #expect(result.status == 0, "\(result.stderrText)")
        return try result.stdoutText.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// The published archives and metadata under `folder`, by relative path.
    func outputs(_ folder: URL) throws -> [String: Data] {
        try files(under: folder).filter { !$0.key.hasPrefix(".") }
    }

    @Test func publishedArchivesAreReproducibleFollowTheContentRulesAndDeploy() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let project = spec.deletingLastPathComponent()
        let first = project.appendingPathComponent("_artifacts")
        let second = root.appendingPathComponent("elsewhere")
        let selection = ["--include", "app-scipy-import", "--publish-dependencies"]

        let build = try venvstacks(["build", "--lock-if-needed", "--include", "app-scipy-import", spec.path])
        #expect(build.status == 0, "\(build.stderrText)")
        let published = try venvstacks(["publish"] + selection + [spec.path])
        #expect(published.status == 0, "\(published.stderrText)")
        #expect(published.stdoutText.contains("Full stack manifest saved to: __venvstacks__/venvstacks.json"))
        // Versioned layers deploy as name@N (the sample's framework-scipy and app-scipy-import are).
        let deployed = try scipyStack.map { layer in
            let snippet = try JSONValue.parse(
                Data(contentsOf: first.appendingPathComponent("__venvstacks__/env_metadata/\(layer).json")))
            return try #require(snippet["install_target"]?.stringValue)
        }
        #expect(deployed == ["cpython-3.11", "framework-scipy@1", "app-scipy-import@1"])
        let archives = deployed.map { first.appendingPathComponent("\($0).tar.xz") }
        for archive in archives {
            #expect(FileManager.default.fileExists(atPath: archive.path), "\(archive.lastPathComponent) missing")
        }

        // Rebuilt from scratch and published elsewhere with another umask, TZ and locale: same bytes.
        let rebuild = try venvstacksElsewhere(
            ["build", "--clean", "--include", "app-scipy-import", "--build-dependencies", spec.path])
        #expect(rebuild.status == 0, "\(rebuild.stderrText)")
        let again = try venvstacksElsewhere(
            ["publish", "--output-dir", second.path, "--jobs", "1"] + selection + [spec.path])
        #expect(again.status == 0, "\(again.stderrText)")
        let firstOutputs = try outputs(first), secondOutputs = try outputs(second)
        #expect(firstOutputs.keys.sorted() == secondOutputs.keys.sorted())
        for (path, data) in firstOutputs {
            #expect(secondOutputs[path] == data, "\(path) differs between the two publishes")
        }

        // A third publish into the first folder has nothing to do.
        let times = try modificationTimes(under: first)
        let third = try venvstacks(["publish"] + selection + [spec.path])
        #expect(third.status == 0, "\(third.stderrText)")
        #expect(try modificationTimes(under: first) == times)
        for name in deployed {
            #expect(third.stderrText.contains("\(name).tar.xz: unchanged"), "\(third.stderrText)")
        }

        // Tagged and untagged archives of a layer are the same bytes.
        let tagged = try venvstacks(["publish", "--tag-outputs", "--include", "app-scipy-import", spec.path])
        #expect(tagged.status == 0, "\(tagged.stderrText)")
        let taggedApp = first.appendingPathComponent("app-scipy-import@1-linux_x86_64-1.tar.xz")
        #expect(
            try Data(contentsOf: taggedApp)
                == Data(contentsOf: first.appendingPathComponent("app-scipy-import@1.tar.xz"))
        )
        let snippet = try JSONValue.parse(
            Data(
                contentsOf: first.appendingPathComponent(
                    "__venvstacks__/env_metadata/app-scipy-import-linux_x86_64.json")))
        #expect(snippet["archive_name"]?.stringValue == "app-scipy-import@1-linux_x86_64-1.tar.xz")
        #expect(snippet["archive_build"]?.intValue == 1)
        #expect(snippet["provenance"]?["archive_format"]?.stringValue == "tar.xz")

        try checkContentRules(archives: archives, deployed: deployed, metadataFolder: first)
        try deployAndRun(archives: archives, deployed: deployed, in: root.appendingPathComponent("deployed"))
    }

    /// venvstacks 0.8's content rules (docs/formats.md#archive-contents, docs/formats.md#archive-determinism) on the
    /// archives' listings.
    func checkContentRules(archives: [URL], deployed: [String], metadataFolder: URL) throws {
        for ((buildName, layer), archive) in zip(zip(scipyStack, deployed), archives) {
            let snippet = try JSONValue.parse(
                Data(contentsOf: metadataFolder.appendingPathComponent("__venvstacks__/env_metadata/\(buildName).json"))
            )
            let lockedText = try #require(snippet["locked_at"]?.stringValue)
            let lockedAt = try #require(Timestamp.parse(lockedText))
            #expect(snippet["archive_size"]?.intValue == (try Data(contentsOf: archive)).count)
            let entries = try members(of: archive)
            let names = entries.compactMap { $0["name"] as? String }
            #expect(names.first == layer)
            #expect(names.allSatisfy { $0 == layer || $0.hasPrefix(layer + "/") })
            let components = names.flatMap { $0.split(separator: "/") }
            #expect(!components.contains("__pycache__"))
            #expect(!components.contains("sitecustomize.py"))
            #expect(!names.contains("\(layer)/pyvenv.cfg"))
            #expect(!names.contains { $0.hasPrefix("\(layer)/.") })
            #expect(names.contains("\(layer)/postinstall.py"))
            #expect(names.contains("\(layer)/share/venv/metadata/venvstacks_layer.json"))
            // Sorted bytewise, as stored (directories end in "/").
            let stored = entries.map { ($0["name"] as? String ?? "") + ($0["type"] as? String == "5" ? "/" : "") }
            #expect(stored == stored.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            for entry in entries {
                #expect(entry["uid"] as? Int == 0 && entry["gid"] as? Int == 0)
                #expect(entry["uname"] as? String == "root" && entry["gname"] as? String == "root")
                #expect(entry["mtime"] as? Int == Int(lockedAt.timeIntervalSince1970), "\(entry)")
                let mode = entry["mode"] as? Int ?? -1
                switch entry["type"] as? String {
                case "5": #expect(mode == 0o755, "\(entry)")
                case "2": #expect(mode == 0o777, "\(entry)")
                default: #expect(mode == 0o755 || mode == 0o644, "\(entry)")
                }
                let pax = entry["pax"] as? [String] ?? []
                #expect(!pax.contains("atime") && !pax.contains("ctime") && !pax.contains("mtime"), "\(entry)")
            }
            if layer != "cpython-3.11" {
                let python = try #require(entries.first { $0["name"] as? String == "\(layer)/bin/python" })
                #expect(python["type"] as? String == "0" && python["mode"] as? Int == 0o755)
                let link = try #require(entries.first { $0["name"] as? String == "\(layer)/bin/python_" })
                #expect(link["type"] as? String == "2")
                #expect(link["linkname"] as? String == "../../cpython-3.11/bin/python")
            }
        }
    }

    /// Unpacks the archives with the system tar, runs each `postinstall.py` (runtime first)
    /// and then the app.
    func deployAndRun(archives: [URL], deployed: [String], in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for archive in archives {
            let unpacked = try run("tar", ["-xf", archive.path, "-C", folder.path])
            #expect(unpacked.status == 0, "\(unpacked.stderrText)")
        }
        let runtimePython = folder.appendingPathComponent("cpython-3.11/bin/python").path
        for layer in deployed {
            let post = try run(runtimePython, [folder.appendingPathComponent("\(layer)/postinstall.py").path])
            #expect(post.status == 0, "\(layer) post-install: \(post.stderrText)")
        }
        let cfg = try String(
            contentsOf: folder.appendingPathComponent("app-scipy-import@1/pyvenv.cfg"), encoding: .utf8)
        #expect(cfg.contains("home = \(folder.appendingPathComponent("cpython-3.11/bin").path)\n"))
        let app = try run(folder.appendingPathComponent("app-scipy-import@1/bin/python").path, ["-m", "scipy_import"])
        #expect(app.status == 0, "\(app.stderrText)")
        #expect(app.stdoutText.hasPrefix("scipy-import: OK (numpy "), "\(app.stdoutText)")
        let compiled = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("cpython-3.11/lib/python3.11/__pycache__").path)
        #expect(compiled.contains { $0.hasPrefix("os.cpython-311") })
    }

    @Test func localExportRunsEveryAppAndZstdArchivesArePublished() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let project = spec.deletingLastPathComponent()
        let build = try venvstacks(["build", "--lock-if-needed", spec.path])
        #expect(build.status == 0, "\(build.stderrText)")

        let export = try venvstacks(["local-export", spec.path])
        #expect(export.status == 0, "\(export.stderrText)")
        #expect(export.stdoutText.contains("Full export manifest saved to: __venvstacks__/venvstacks.json"))
        let exported = project.appendingPathComponent("_export")
        for (layer, module) in [("app-scipy-import@1", "scipy_import"), ("app-sklearn-import", "sklearn_import")] {
            let app = try run(exported.appendingPathComponent("\(layer)/bin/python").path, ["-m", module])
            #expect(app.status == 0, "\(layer): \(app.stderrText)")
            let name = layer.dropFirst(4).split(separator: "@")[0]
            #expect(app.stdoutText.hasPrefix("\(name): OK (numpy "), "\(app.stdoutText)")
        }
        #expect(
            !FileManager.default.fileExists(atPath: exported.appendingPathComponent("cpython-3.11/pyvenv.cfg").path))
        // Hard links into the build environment, not copies.
        let exportedFile = exported.appendingPathComponent(
            "framework-sklearn/share/venv/metadata/venvstacks_layer.json")
        let attributes = try FileManager.default.attributesOfItem(atPath: exportedFile.path)
        #expect((attributes[.referenceCount] as? Int ?? 1) >= 2)
        let second = try venvstacks(["local-export", spec.path])
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(second.stderrText.contains("app-scipy-import@1: unchanged"), "\(second.stderrText)")

        let zst = try venvstacks(["publish", "--format", "tar.zst", spec.path])
        #expect(zst.status == 0, "\(zst.stderrText)")
        let manifest = try JSONValue.parse(
            Data(contentsOf: project.appendingPathComponent("_artifacts/__venvstacks__/venvstacks.json")))
        #expect(manifest["layers"]?["runtimes"]?[0]?["archive_name"]?.stringValue == "cpython-3.11.tar.zst")
        let test = try run(
            "zstd", ["-t", "-q", project.appendingPathComponent("_artifacts/framework-sklearn.tar.zst").path])
        #expect(test.status == 0, "\(test.stderrText)")
    }
}
