import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// A layer folder made by a test and packed with GNU tar and the compressor tools, so that
/// attributes this project's writer never varies (times, modes, owners, formats) can differ.
struct TestLayer {
    var name = "framework-demo"
    var files: [String: String] = [:]
    var modes: [String: Int] = [:]
    var links: [String: String] = [:]
    var mtime = 1_756_252_800
    var owner = 0

    /// A layer with one installed package (`demo`) and the usual venv files.
    static func sample(version: String = "1.0", module: String = "VALUE = 1\n") -> TestLayer {
        var layer = TestLayer()
        layer.files = [
            "pyvenv.cfg": "home = /opt/python/bin\nversion = 3.11.7\n",
            "lib/python3.11/site-packages/sitecustomize.py": "import sys\nsys.path.append('/lower')\n",
            "lib/python3.11/site-packages/demo/__init__.py": module,
            "lib/python3.11/site-packages/demo/data.txt": "data\n",
        ]
        layer.install("demo", version: version)
        layer.links["bin/python"] = "../../cpython-3.11/bin/python"
        return layer
    }

    /// Adds `name`'s `.dist-info` folder with a RECORD listing its files (from `<name>/`).
    mutating func install(_ name: String, version: String) {
        let base = "lib/python3.11/site-packages/"
        let info = "\(name)-\(version).dist-info"
        files[base + info + "/METADATA"] = "Name: \(name)\nVersion: \(version)\n"
        let owned = files.keys.filter { $0.hasPrefix(base + name + "/") }.sorted().map {
            String($0.dropFirst(base.count))
        }
        let record = (owned + ["\(info)/METADATA", "\(info)/RECORD"]).map { "\($0),sha256=x,1" }
        files[base + info + "/RECORD"] = record.joined(separator: "\n") + "\n"
    }

    /// Removes a package's `.dist-info` folder.
    mutating func uninstall(_ name: String) {
        files = files.filter { !$0.key.contains("/\(name)-") }
    }

    /// Writes the folder under `root/<name>` and packs it as `root/<file>`.
    @discardableResult
    func pack(in root: URL, as file: String, compressor: [String] = ["xz", "-6", "-T1"]) throws -> URL {
        let stage = root.appendingPathComponent("stage-\(UUID().uuidString)")
        let top = stage.appendingPathComponent(name)
        let fm = FileManager.default
        for (path, content) in files {
            let url = top.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
            try fm.setAttributes([.posixPermissions: modes[path] ?? 0o644], ofItemAtPath: url.path)
        }
        for (path, target) in links {
            let url = top.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: url.path, withDestinationPath: target)
        }
        let tar = root.appendingPathComponent(file + ".tmp.tar")
        try run(
            "tar",
            [
                "--format=pax", "--sort=name", "--mtime=@\(mtime)", "--owner=\(owner)", "--group=\(owner)",
                "--numeric-owner", "--pax-option=delete=atime,delete=ctime", "-C", stage.path, "-cf", tar.path, name,
            ])
        let destination = root.appendingPathComponent(file)
        try? fm.removeItem(at: destination)
        if compressor.isEmpty {
            try fm.moveItem(at: tar, to: destination)
        } else {
            try run("sh", ["-c", "\(compressor.joined(separator: " ")) -c '\(tar.path)' > '\(destination.path)'"])
            try fm.removeItem(at: tar)
        }
        try fm.removeItem(at: stage)
        return destination
    }

    func run(_ tool: String, _ arguments: [String]) throws {
        let result = try TestProcess.run(ToolInvocation("/usr/bin/env", [tool] + arguments))
        guard result.status == 0 else {
            throw StackError("\(tool) \(arguments.joined(separator: " ")) failed: \(result.stderrText)")
        }
    }
}

/// `venvstacks diff` on two layer archives: each kind of member change is found and attributed,
/// packages group their members, well-known patterns get a cause, damage is a difference.
@Suite final class ArchiveDiffTests {
    let root: URL

    init() throws { root = try makeTemporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: root) }

    func compare(_ old: TestLayer, _ new: TestLayer, newCompressor: [String] = ["xz", "-6", "-T1"]) async throws
        -> ArchiveDiff
    {
        let a = try old.pack(in: root, as: "old.tar.xz")
        let b = try new.pack(in: root, as: "new.tar.xz", compressor: newCompressor)
        let diff = try await StackComparer.compare(old: a, new: b)
        #expect(diff.kind == .archive)
        return try #require(diff.changedLayers.first?.archive)
    }

    @Test func identicalArchivesAreNotOpened() throws {
        // Two copies of the same damaged file: equal SHA-256, so nothing is decompressed.
        let a = root.appendingPathComponent("a.tar.xz")
        let b = root.appendingPathComponent("b.tar.xz")
        try Data("not an archive at all".utf8).write(to: a)
        try Data("not an archive at all".utf8).write(to: b)
        let result = try runCLI(["diff", a.path, b.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("no differences\n"))
    }

    @Test func aVersionChangeReadsAsOnePackageLine() async throws {
        let old = TestLayer.sample(version: "1.0")
        var new = TestLayer.sample(version: "1.0", module: "VALUE = 2\n")
        new.uninstall("demo")
        new.install("demo", version: "1.1")
        let archive = try await compare(old, new)
        #expect(archive.members.isEmpty, "every changed member belongs to demo: \(archive.members)")
        let package = try #require(archive.packages.first)
        #expect(archive.packages.count == 1)
        #expect(package.name == "demo" && package.oldVersion == "1.0" && package.newVersion == "1.1")
        #expect(package.changed == ["lib/python3.11/site-packages/demo/__init__.py"])
        #expect(package.added.contains("lib/python3.11/site-packages/demo-1.1.dist-info/RECORD"))
        #expect(package.removed.contains("lib/python3.11/site-packages/demo-1.0.dist-info"))
        #expect(!package.sameVersionDifferentBytes)
        let a = root.appendingPathComponent("old.tar.xz")
        let b = root.appendingPathComponent("new.tar.xz")
        let text = try runCLI(["diff", a.path, b.path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("    demo 1.0 -> 1.1\n"), "package change: \(text.stdout)")
        #expect(
            text.stdout.contains("  demo 1.0 -> 1.1: 7 members (3 added, 3 removed, 1 changed [content])"),
            "\(text.stdout)")
    }

    @Test func theSameVersionWithDifferentBytesIsFlaggedWithItsRecordDiff() async throws {
        var old = TestLayer.sample()
        var new = TestLayer.sample(module: "VALUE = 22\n")
        old.files["lib/python3.11/site-packages/demo-1.0.dist-info/RECORD"]! += "demo/__init__.py,sha256=old,10\n"
        new.files["lib/python3.11/site-packages/demo-1.0.dist-info/RECORD"]! += "demo/__init__.py,sha256=new,11\n"
        let archive = try await compare(old, new)
        let package = try #require(archive.packages.first)
        #expect(package.sameVersionDifferentBytes)
        #expect(archive.sameVersionDifferentBytes.map(\.name) == ["demo"])
        #expect(package.recordDiff.contains("-demo/__init__.py,sha256=old,10"))
        #expect(package.recordDiff.contains("+demo/__init__.py,sha256=new,11"))
        let a = root.appendingPathComponent("old.tar.xz")
        let b = root.appendingPathComponent("new.tar.xz")
        let gated = try runCLI(["diff", "--fail-on", "same-version-different-bytes", a.path, b.path])
        #expect(gated.status == 1)
        #expect(
            gated.stdout.contains("same-version-different-bytes: framework-demo: demo 1.0: 2 members differ"),
            "\(gated.stdout)")
        let other = try runCLI(["diff", "--fail-on", "moved-to-layer,size-growth=50%", a.path, b.path])
        #expect(other.status == 0, "no listed gate trips: \(other.stdout)")
        #expect(other.stdout.contains("fail-on (moved-to-layer, size-growth=50%): nothing tripped"))
    }

    @Test func timesOnlyModesOnlyAndOwnersOnlyGetALikelyCause() async throws {
        let old = TestLayer.sample()
        var later = TestLayer.sample()
        later.mtime += 86400
        var times = try await compare(old, later)
        #expect(times.likelyCause?.hasPrefix("only member times differ") == true, "\(times)")
        #expect(times.members.allSatisfy { $0.attributeNames == ["mtime"] })
        var executable = TestLayer.sample()
        executable.modes["pyvenv.cfg"] = 0o755
        times = try await compare(old, executable)
        #expect(times.likelyCause?.hasPrefix("only permission modes differ") == true)
        #expect(times.members.map(\.path) == ["pyvenv.cfg"])
        #expect(times.members.first?.attributes == [StackDiff.FieldChange(field: "mode", old: "0644", new: "0755")])
        var owned = TestLayer.sample()
        owned.owner = 1000
        times = try await compare(old, owned)
        #expect(times.likelyCause?.hasPrefix("only owners differ") == true)
    }

    @Test func smallTextMembersGetAUnifiedDiffAndLinksTheirTargets() async throws {
        let old = TestLayer.sample()
        var new = TestLayer.sample()
        new.files["pyvenv.cfg"] = "home = /opt/python/bin\nversion = 3.11.9\n"
        new.links["bin/python"] = "../../cpython-3.12/bin/python"
        let archive = try await compare(old, new)
        let config = try #require(archive.members.first { $0.path == "pyvenv.cfg" })
        #expect(config.textDiff.contains("-version = 3.11.7"))
        #expect(config.textDiff.contains("+version = 3.11.9"))
        let link = try #require(archive.members.first { $0.path == "bin/python" })
        #expect(
            link.attributes == [
                StackDiff.FieldChange(
                    field: "link target", old: "../../cpython-3.11/bin/python", new: "../../cpython-3.12/bin/python")
            ])
        #expect(archive.likelyCause == nil)
    }

    @Test func theSameMembersCompressedDifferentlyShowArchiveFacts() async throws {
        let layer = TestLayer.sample()
        let archive = try await compare(layer, layer, newCompressor: ["xz", "-1", "-T1", "--check=crc32"])
        #expect(archive.packages.isEmpty && archive.members.isEmpty)
        #expect(archive.facts.contains { $0.field == "compression check" && $0.old == "CRC64" && $0.new == "CRC32" })
        #expect(archive.likelyCause == "the members are identical: only how they were compressed or stored differs")
        let zstd = try layer.pack(in: root, as: "new.tar.zst", compressor: ["zstd", "-q", "-3"])
        let diff = try await StackComparer.compare(old: root.appendingPathComponent("old.tar.xz"), new: zstd)
        let facts = try #require(diff.changedLayers.first?.archive?.facts)
        #expect(facts.first == StackDiff.FieldChange(field: "compression", old: "xz", new: "zstd"))
    }

    @Test func aDamagedArchiveIsADifferenceNotACrash() async throws {
        var layer = TestLayer.sample()
        layer.files["lib/python3.11/site-packages/demo/big.bin"] = String(repeating: "0123456789abcdef", count: 40_000)
        let a = try layer.pack(in: root, as: "old.tar", compressor: [])
        let b = root.appendingPathComponent("new.tar")
        let bytes = try Data(contentsOf: a)
        try bytes.prefix(bytes.count / 2).write(to: b)
        let result = try runCLI(["diff", a.path, b.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!result.looksLikeCrash)
        #expect(result.stdout.contains("damaged: new: new.tar is damaged"), "\(result.stdout)")
        #expect(result.stdout.contains("members not compared: the damaged side ends before them"))
        let gated = try runCLI(["diff", "--fail-on", "moved-to-layer", a.path, b.path])
        #expect(gated.status == 1, "a damaged archive trips every gate set")
    }

    @Test func archiveInputProblemsExitTwo() throws {
        let layer = TestLayer.sample()
        let a = try layer.pack(in: root, as: "a.tar.xz")
        let notArchive = root.appendingPathComponent("b.tar.xz")
        try Data("garbage that is no archive".utf8).write(to: notArchive)
        for arguments in [
            ["diff", a.path, notArchive.path],
            ["diff", a.path, root.appendingPathComponent("missing.tar.xz").path],
            ["diff", a.path, root.path],
            ["diff", "--fail-on", "bigger", a.path, a.path],
            ["diff", "--fail-on", "size-growth=lots", a.path, a.path],
        ] {
            let result = try runCLI(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stdout)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count <= 2 && lines.first?.hasPrefix("ERROR: ") == true, "\(arguments): \(result.stderr)")
            #expect(!result.looksLikeCrash)
        }
    }
}

/// `venvstacks diff` on published output folders: archives whose recorded SHA-256 differs are
/// compared member by member, and a package that appears in a layer while a lower layer has it
/// is a move into the layer.
@Suite final class OutputFolderArchiveDiffTests {
    let root: URL

    init() throws { root = try makeTemporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: root) }

    /// A runtime with numpy installed, and a framework on it.
    func runtime() -> TestLayer {
        var layer = TestLayer()
        layer.name = "cpython-3.11"
        layer.files["lib/python3.11/site-packages/numpy/__init__.py"] = "x = 1\n"
        layer.install("numpy", version: "2.3.2")
        return layer
    }

    /// Publishes `layers` into `folder` as an output folder with one snippet per layer.
    func publish(_ layers: [TestLayer], into folder: URL) throws {
        let metadata = folder.appendingPathComponent("__venvstacks__/env_metadata")
        try FileManager.default.createDirectory(at: metadata, withIntermediateDirectories: true)
        for layer in layers {
            let archive = try layer.pack(in: folder, as: layer.name + ".tar.xz")
            let digest = try FileDigest.of(archive, limit: .max - 1)
            var snippet: [String: JSONValue] = [
                "layer_name": .string(layer.name), "archive_name": .string(archive.lastPathComponent),
                "archive_size": .int(Int(digest.size)), "archive_hashes": .object(["sha256": .string(digest.sha256)]),
                "required_layers": .array([]),
            ]
            if layer.name != "cpython-3.11" { snippet["runtime_layer"] = .string("cpython-3.11") }
            try Data(JSONValue.object(snippet).rendered().utf8).write(
                to: metadata.appendingPathComponent(layer.name + ".json"))
        }
    }

    @Test func aPackageMovedIntoALayerIsFoundFromTheLowerLayersArchive() async throws {
        let old = root.appendingPathComponent("old")
        let new = root.appendingPathComponent("new")
        let framework = TestLayer.sample()
        var grown = TestLayer.sample()
        grown.files["lib/python3.11/site-packages/numpy/__init__.py"] = "x = 1\n"
        grown.install("numpy", version: "2.3.2")
        try publish([runtime(), framework], into: old)
        try publish([runtime(), grown], into: new)
        let diff = try await StackComparer.compare(old: old, new: new)
        #expect(diff.changedLayers.map(\.layer) == ["framework-demo"])
        #expect(diff.unchangedLayers == 1)
        let layer = try #require(diff.changedLayers.first)
        #expect(layer.packages == [.movedToLayer(name: "numpy", version: "2.3.2")])
        #expect(layer.archive?.packages.first?.added.count == 5)
        let gated = try runCLI(["diff", "--fail-on", "moved-to-layer", old.path, new.path])
        #expect(gated.status == 1)
        #expect(gated.stdout.contains("numpy 2.3.2: now installed here (was from a lower layer)"), "\(gated.stdout)")
        let json = try runCLI(["diff", "--json", old.path, new.path])
        let parsed = try JSONValue.parse(Data(json.stdout.utf8))
        #expect(parsed["changed_layers"]?[0]?["archive"]?["packages"]?[0]?["name"]?.stringValue == "numpy")
        let markdown = try runCLI(["diff", "--markdown", old.path, new.path])
        #expect(markdown.stdout.contains("| `framework-demo` ⚠️ |"), "\(markdown.stdout)")
    }

    @Test func aFolderWithoutArchivesComparesMetadataOnly() async throws {
        let old = root.appendingPathComponent("old")
        let new = root.appendingPathComponent("new")
        try publish([TestLayer.sample()], into: old)
        try publish([TestLayer.sample(module: "VALUE = 3\n")], into: new)
        try FileManager.default.removeItem(at: old.appendingPathComponent("framework-demo.tar.xz"))
        let diff = try await StackComparer.compare(old: old, new: new)
        #expect(diff.changedLayers.first?.archive == nil)
        #expect(diff.archivesNotCompared?.contains("the old side") == true)
        // With the archive there on the old side but missing from a new side that holds others:
        try publish([TestLayer.sample()], into: old)
        try publish([runtime(), TestLayer.sample(module: "VALUE = 3\n")], into: new)
        try FileManager.default.removeItem(at: new.appendingPathComponent("framework-demo.tar.xz"))
        let result = try runCLI(["diff", old.path, new.path])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("framework-demo.json: names the archive framework-demo.tar.xz, which is not in"),
            "\(result.stderr)")
    }
}
