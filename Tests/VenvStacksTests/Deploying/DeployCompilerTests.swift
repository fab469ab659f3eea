import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

@Suite struct DeployCompilerTests {
    func file(_ path: String, _ size: Int64) -> PythonSources.File { PythonSources.File(path: path, size: size) }

    @Test func piecesFollowTheArchiveSizeWithinBounds() {
        #expect(DeployCompiler.pieceCount(archiveSize: 5_844) == 1)
        #expect(DeployCompiler.pieceCount(archiveSize: 7 << 20) == 2)
        #expect(DeployCompiler.pieceCount(archiveSize: 26_628_488) == 8)
        #expect(DeployCompiler.pieceCount(archiveSize: 1 << 32) == DeployCompiler.maximumPieces)
    }

    @Test func piecesHoldEveryFileOnceAndAreAboutEquallyLarge() {
        let files = (0..<200).map { file("lib/m\($0).py", Int64(($0 * 7_919) % 50_000 + 100)) }
        let pieces = DeployCompiler.pieces(files, count: 6)
        #expect(pieces.count == 6)
        #expect(pieces.flatMap { $0 }.map(\.path).sorted() == files.map(\.path).sorted())
        let sizes = pieces.map { $0.reduce(0) { $0 + $1.size } }
        #expect(sizes.max()! - sizes.min()! <= files.map(\.size).max()!, "\(sizes)")
        #expect(DeployCompiler.pieces(files, count: 6) == pieces, "the same cut every time")
    }

    @Test func fewerFilesThanPiecesGiveNoEmptyPieces() {
        let pieces = DeployCompiler.pieces([file("lib/a.py", 10), file("lib/b.py", 5)], count: 8)
        #expect(pieces.map { $0.map(\.path) } == [["lib/a.py"], ["lib/b.py"]])
        #expect(DeployCompiler.pieces([], count: 3).isEmpty)
    }

    func layer(_ name: String, _ kind: LayerKind, runtime: String, size: Int64 = 1_000) -> PublishedLayer {
        PublishedLayer(
            kind: kind, layerName: name, installTarget: name, runtimeLayer: runtime, requiredLayers: [],
            archiveName: name + ".tar.xz", archiveSize: size, archiveSHA256: "", launchModule: nil)
    }

    @Test func thePlanUnpacksFirstAndWaitsForTheRuntimesPython() {
        let plan = DeployPlan([
            layer("rt", .runtime, runtime: "rt", size: 7 << 20), layer("fw", .framework, runtime: "rt"),
        ])
        #expect(
            plan.order == [
                "unpack:rt", "unpack:fw", "postinstall:rt", "postinstall:fw", "compile:rt#0", "compile:rt#1",
                "compile:fw#0",
            ])
        #expect(plan.dependencies["compile:rt#1"] == ["unpack:rt"])
        #expect(plan.dependencies["compile:fw#0"] == ["unpack:fw", "unpack:rt"])
        #expect(plan.dependencies["postinstall:rt"] == ["unpack:rt", "compile:rt#0", "compile:rt#1"])
        #expect(plan.dependencies["postinstall:fw"] == ["unpack:fw", "compile:fw#0", "postinstall:rt"])
        #expect(plan.dependencies["unpack:fw"] == nil)
    }

    @Test func aRuntimeDeployedEarlierIsNotWaitedFor() {
        let plan = DeployPlan([layer("fw", .framework, runtime: "rt")])
        #expect(plan.order == ["unpack:fw", "postinstall:fw", "compile:fw#0"])
        #expect(plan.dependencies["compile:fw#0"] == ["unpack:fw"])
        #expect(plan.dependencies["postinstall:fw"] == ["unpack:fw", "compile:fw#0"])
    }

    @Test func stepNamesRoundTrip() {
        #expect(DeployPlan.parse("compile:app#x@1#3") == (.compile, "app#x@1", 3))
        #expect(DeployPlan.parse("unpack:a:b") == (.unpack, "a:b", 0))
        #expect(DeployPlan.parse("postinstall:rt") == (.postInstall, "rt", 0))
    }

    @Test func sourcesSkipCachesLinkedFoldersAndPrecompiledLayers() throws {
        let layer = FileManager.default.temporaryDirectory.appendingPathComponent("sources-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: layer) }
        let fm = FileManager.default
        for path in ["lib/b.py", "lib/pkg/a.py", "lib/pkg/__pycache__/c.py", "lib/pkg/data.txt", "bin/d.py"] {
            let url = layer.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x = 1\n".utf8).write(to: url)
        }
        try fm.createSymbolicLink(atPath: layer.appendingPathComponent("lib/linked").path, withDestinationPath: "pkg")
        #expect(DeployCompiler.sources(in: layer) == [file("lib/b.py", 6), file("lib/pkg/a.py", 6)])
        let record = layer.appendingPathComponent(LayerContents.bytecodeRecordPath)
        try fm.createDirectory(at: record.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: record)
        #expect(DeployCompiler.sources(in: layer).isEmpty, "a precompiled layer ships its byte code")
    }

    /// The worker writes what `py_compile` writes (bytes and mode), so `postinstall.py` finds
    /// it current, and skips what does not compile.
    @Test(.enabled(if: RealPython.python3 != nil, "needs python3 on PATH"))
    func theWorkerWritesWhatPyCompileWrites() async throws {
        let python = try #require(RealPython.python3)
        let layer = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: layer) }
        let fm = FileManager.default
        let sources = [
            "lib/pkg/__init__.py": "", "lib/pkg/mod.py": "# -*- coding: latin-1 -*-\nname = 'caf\u{E9}'\n",
            "lib/broken.py": "def (:\n",
        ]
        for (path, text) in sources {
            let url = layer.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try fm.setAttributes(
            [.posixPermissions: 0o640], ofItemAtPath: layer.appendingPathComponent("lib/pkg/mod.py").path)
        let files = DeployCompiler.sources(in: layer)
        let result = try await ProcessToolRunner().run(
            DeployCompiler.invocation(python: URL(fileURLWithPath: python.executable), folder: layer, files: files))
        #expect(result.status == 0, "\(result.stderrText)")
        let cache = layer.appendingPathComponent("lib/pkg/__pycache__")
        let written = try fm.contentsOfDirectory(atPath: cache.path).sorted()
        #expect(written == ["__init__.\(python.cacheTag).pyc", "mod.\(python.cacheTag).pyc"])
        #expect(!fm.fileExists(atPath: layer.appendingPathComponent("lib/__pycache__").path), "broken.py is skipped")
        let reference = layer.appendingPathComponent("reference.pyc")
        let source = layer.appendingPathComponent("lib/pkg/mod.py").path
        let check = try await ProcessToolRunner().run(
            ToolInvocation(
                python.executable,
                [
                    "-I", "-c",
                    "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                    source, reference.path,
                ]))
        #expect(check.status == 0, "\(check.stderrText)")
        let ours = cache.appendingPathComponent("mod.\(python.cacheTag).pyc")
        #expect(try Data(contentsOf: ours) == Data(contentsOf: reference))
        let mode = try fm.attributesOfItem(atPath: ours.path)[.posixPermissions] as? Int
        #expect(mode == 0o640 & ~Int(ProcessUmask.current))
    }
}
