import Foundation
import Testing

@testable import VenvStacks

/// The portability clean-up of a built environment (docs/behaviour.md#portability-clean-up) on a temporary tree.
@Suite final class PortabilityTests {
    let root: URL
    var build: URL { root.appendingPathComponent("_build") }
    var env: URL { build.appendingPathComponent("framework-x") }
    var bin: URL { env.appendingPathComponent("bin") }
    var site: URL { env.appendingPathComponent("lib/python3.11/site-packages") }
    let fm = FileManager.default

    init() throws { root = try makeTemporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: root) }

    @Test func onlyPythonEntriesStayInBin() throws {
        for name in ["python", "Python3.11", "python-config", "activate", "pip", "tool.py"] {
            try TreeHelpers.write("#!/bin/sh\n", to: bin.appendingPathComponent(name), mode: 0o755)
        }
        try TreeHelpers.symlink(bin.appendingPathComponent("python3"), to: "python")
        try TreeHelpers.symlink(bin.appendingPathComponent("uv"), to: "/usr/bin/true")
        try TreeHelpers.write("", to: bin.appendingPathComponent("scripts/run"))
        try fm.createDirectory(at: bin.appendingPathComponent("python-stuff"), withIntermediateDirectories: true)

        let removed = try Portability.cleanScripts(in: env)
        #expect(
            removed == ["activate", "pip", "python-stuff", "scripts", "tool.py", "uv"].map { bin.path + "/" + $0 })
        #expect(TreeHelpers.names(bin) == ["Python3.11", "python", "python-config", "python3"])
        #expect(fm.fileExists(atPath: "/usr/bin/true"))
    }

    @Test func noBinFolderRemovesNothing() throws {
        try fm.createDirectory(at: env, withIntermediateDirectories: true)
        #expect(try Portability.cleanScripts(in: env) == [])
    }

    @Test func recordsLoseRemovedScriptsAndUntouchedRecordsKeepTheirBytes() throws {
        let pruned = site.appendingPathComponent("tool-1.0.dist-info/RECORD")
        let untouched = site.appendingPathComponent("other-2.0.dist-info/RECORD")
        let ignored = site.appendingPathComponent("not-a-dist/RECORD")
        try TreeHelpers.write(
            "../../../bin/tool,sha256=abc,10\r\ntool/__init__.py,sha256=def,0\r\ntool-1.0.dist-info/RECORD,,\r\n",
            to: pruned)
        try TreeHelpers.write("other/__init__.py,sha256=x,0\r\n", to: untouched)
        try TreeHelpers.write("../../../bin/tool,,\r\n", to: ignored)

        try Portability.pruneRecords(in: site, removed: [bin.path + "/tool"])
        #expect(
            try String(contentsOf: pruned, encoding: .utf8)
                == "tool/__init__.py,sha256=def,0\ntool-1.0.dist-info/RECORD,,\n")
        #expect(try String(contentsOf: untouched, encoding: .utf8) == "other/__init__.py,sha256=x,0\r\n")
        #expect(try String(contentsOf: ignored, encoding: .utf8) == "../../../bin/tool,,\r\n")
    }

    @Test func linksInsideTheBuildFolderBecomeRelativeAndOutsideLinksHardLinks() throws {
        let runtimePython = build.appendingPathComponent("cpython-3.11/bin/python")
        let outside = root.appendingPathComponent("outside")
        let data = outside.appendingPathComponent("data.txt")
        try TreeHelpers.write("#!/bin/sh\n", to: runtimePython, mode: 0o755)
        try TreeHelpers.write("data", to: data)
        try TreeHelpers.symlink(outside.appendingPathComponent("chain"), to: "data.txt")
        try TreeHelpers.write("lib", to: site.appendingPathComponent("pkg/libfoo.so"))

        try TreeHelpers.symlink(bin.appendingPathComponent("python_"), to: runtimePython.path)
        try TreeHelpers.symlink(bin.appendingPathComponent("python3"), to: "python")
        try TreeHelpers.symlink(
            env.appendingPathComponent("share/venv/dynlib/libfoo.so"), to: site.path + "/pkg/libfoo.so")
        try TreeHelpers.symlink(env.appendingPathComponent("lib/absolute-out"), to: outside.path + "/chain")
        try TreeHelpers.symlink(env.appendingPathComponent("lib/relative-out"), to: "../../../outside/data.txt")
        try TreeHelpers.symlink(env.appendingPathComponent("lib/to-link"), to: env.path + "/lib/absolute-out")

        try Portability.convertSymlinks(in: env, buildDirectory: build)

        let destination = { (path: String) in try self.fm.destinationOfSymbolicLink(atPath: self.env.path + "/" + path)
        }
        #expect(try destination("bin/python_") == "../../cpython-3.11/bin/python")
        #expect(try destination("bin/python3") == "python")
        #expect(try destination("share/venv/dynlib/libfoo.so") == "../../../lib/python3.11/site-packages/pkg/libfoo.so")
        // Only the last link of a chain is hardened: to-link stays a (now relative) link.
        #expect(try destination("lib/to-link") == "absolute-out")
        let dataInode = try #require(try TreeHelpers.inode(data.path))
        for name in ["lib/absolute-out", "lib/relative-out"] {
            let path = env.path + "/" + name
            #expect(!TreeHelpers.isSymlink(path), "\(name) is still a symlink")
            #expect(try TreeHelpers.inode(path) == dataInode, "\(name) is not a hard link to data.txt")
        }
        #expect(TreeHelpers.isSymlink(outside.appendingPathComponent("chain").path))
        #expect(try String(contentsOf: env.appendingPathComponent("lib/to-link"), encoding: .utf8) == "data")
    }
}
