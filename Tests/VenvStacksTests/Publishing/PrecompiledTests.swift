import DeterministicArchive
import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// Precompiled layers (docs/precompiled.md): which sources are compiled, the archive entries,
/// the precompiled layer's `postinstall.py`, and the provenance setting that rebuilds archives.
struct PrecompiledTests {
    @Test func theSourcesArePostinstallsFilesInBytewiseOrder() throws {
        let layer = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: layer) }
        let site = layer.appendingPathComponent("lib/python3.11/site-packages")
        let fm = FileManager.default
        for path in [
            "pkg/__init__.py", "pkg/b.py", "pkg/a.py", "pkg/data.txt", "pkg/__pycache__/old.py", "sitecustomize.py",
            "Zed.py", "real/mod.py",
        ] {
            let url = site.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x = 1\n".utf8).write(to: url)
        }
        try fm.createSymbolicLink(
            at: site.appendingPathComponent("linked"), withDestinationURL: site.appendingPathComponent("real"))
        try Data("x = 1\n".utf8).write(to: layer.appendingPathComponent("postinstall.py"))
        let base = "lib/python3.11/site-packages/"
        #expect(
            BytecodeCompiler.sources(in: layer) == [
                base + "Zed.py", base + "pkg/__init__.py", base + "pkg/a.py", base + "pkg/b.py", base + "real/mod.py",
            ])
    }

    @Test func entriesAddEachPycacheFolderOnce() {
        let output = BytecodeCompiler.Output(
            cacheTag: "cpython-311",
            files: ["lib/a/__pycache__/x.cpython-311.pyc", "lib/a/__pycache__/y.cpython-311.pyc"],
            skipped: [])
        let entries = BytecodeCompiler.entries(output, scratch: URL(fileURLWithPath: "/scratch"), root: "layer@1")
        #expect(
            entries.map(\.path) == [
                "layer@1/lib/a/__pycache__", "layer@1/lib/a/__pycache__/x.cpython-311.pyc",
                "layer@1/lib/a/__pycache__/y.cpython-311.pyc",
            ])
    }

    @Test func togglingPrecompiledRebuildsTheArchive() {
        let plain = JSONValue.object(["archive_format": .string("tar.xz")])
        let precompiled = JSONValue.object(["archive_format": .string("tar.xz"), "bytecode": .string("unchecked-hash")])
        #expect(ArchiveRequest.settingsChanged(previous: plain, current: precompiled))
        #expect(ArchiveRequest.settingsChanged(previous: precompiled, current: plain))
        #expect(!ArchiveRequest.settingsChanged(previous: precompiled, current: precompiled))
        #expect(!ArchiveRequest.settingsChanged(previous: plain, current: plain))
    }

    @Test func thePrecompiledScriptDiffersOnlyInItsCompileStep() {
        let plain = PostInstallScript.source
        let precompiled = PostInstallScript.precompiledSource
        #expect(plain.contains("        compile_layer(layer_dir, config, paths[\"base_python\"], compile_only)\n"))
        #expect(
            !precompiled.contains("        compile_layer(layer_dir, config, paths[\"base_python\"], compile_only)\n"))
        #expect(precompiled.contains("        compile_generated(layer_dir, config, paths, compile_only)\n"))
        #expect(precompiled.contains("\n\ndef compile_generated(layer_dir, config, paths, compile_only):\n"))
        #expect(precompiled.contains("* byte-compiles only the sitecustomize.py it writes"))
    }

    /// The precompiled script, run in a deployed framework layer by a real Python: it links the
    /// layer and compiles only the `sitecustomize.py` it wrote, never the shipped sources.
    @Test(.enabled(if: RealPython.python3 != nil, "needs python3"))
    func thePrecompiledScriptCompilesOnlySitecustomize() throws {
        let stack = try DeployedStack(python: try #require(RealPython.python3))
        let framework = DeployedStack.framework
        let module = stack.sitePackages(framework).appendingPathComponent("shipped.py")
        try Data("VALUE = 1\n".utf8).write(to: module)
        try Data(PostInstallScript.precompiledSource.utf8).write(to: stack.script(framework))
        try stack.postInstallAll()
        #expect(stack.exists(stack.siteCustomize(framework)))
        #expect(stack.exists(stack.bytecode(stack.sitePackages(framework), "sitecustomize")))
        #expect(
            !stack.exists(stack.bytecode(stack.sitePackages(framework), "shipped")), "shipped sources are not compiled")
    }
}
