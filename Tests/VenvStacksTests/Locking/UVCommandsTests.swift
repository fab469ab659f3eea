import Foundation
import Testing

@testable import VenvStacks

/// Every uv command line venvstacks runs (docs/behaviour.md#uv-command-lines, docs/behaviour.md#runtime-layers).
@Suite struct UVCommandsTests {
    let commands = UVCommands(uv: UVTool(executable: "/tools/uv", origin: "pinned"))
    let project = URL(fileURLWithPath: "/b/_build/framework-x_resolve")
    let python = URL(fileURLWithPath: "/b/_build/cpython-3.11/bin/python")

    @Test func lock() {
        let invocation = commands.lock(project: project, python: python)
        #expect(invocation.executable == "/tools/uv")
        #expect(
            invocation.arguments == [
                "lock", "--project", "/b/_build/framework-x_resolve", "--python", "/b/_build/cpython-3.11/bin/python",
                "--upgrade", "--quiet", "--no-color", "--no-managed-python",
            ])
    }

    @Test func export() {
        let invocation = commands.export(
            project: project, output: project.appendingPathComponent("pylock.toml"), python: python)
        #expect(
            invocation.arguments == [
                "export", "-o", "/b/_build/framework-x_resolve/pylock.toml", "--project",
                "/b/_build/framework-x_resolve", "--locked", "--format", "pylock.toml", "--no-header",
                "--no-emit-project", "--python", "/b/_build/cpython-3.11/bin/python", "--quiet", "--no-color",
                "--no-annotate", "--no-managed-python",
            ])
    }

    @Test func pythonInstallAndUninstall() {
        #expect(
            commands.pythonInstall(request: "cpython-3.11.7", installDirectory: URL(fileURLWithPath: "/c/runtimes/k"))
                .arguments == [
                    "python", "install", "cpython-3.11.7", "--install-dir", "/c/runtimes/k", "--no-bin", "--no-color",
                ])
        #expect(
            commands.pipUninstall(python: python, packages: ["pip", "wheel"]).arguments == [
                "pip", "uninstall", "--python", "/b/_build/cpython-3.11/bin/python", "pip", "wheel",
                "--no-managed-python", "--no-color",
            ])
        #expect(commands.version.arguments == ["--version"])
    }

    @Test func environmentDropsTheActiveVirtualEnvironmentAndUserPythonSettings() {
        let environment = commands.lock(project: project, python: python).environment
        #expect(environment.keys.contains("VIRTUAL_ENV"))
        #expect(environment["VIRTUAL_ENV"] == .some(nil))
        #expect(environment["PYTHONNOUSERSITE"] == "1")
        #expect(environment["PYTHONPATH"] == "")
    }

    @Test func locatingUVPrefersTheFlagThenTheVariableThenThePinnedCopy() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let pinned = root.appendingPathComponent(".tools/bin/uv")
        try FileManager.default.createDirectory(
            at: pinned.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: pinned.path, contents: Data("#!/bin/sh\n".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: pinned.path)
        let binary = root.appendingPathComponent(".build/debug/venvstacks")
        let found = try UVTool.locate(
            explicit: nil, environment: [:], executableURL: binary, workingDirectory: URL(fileURLWithPath: "/"))
        #expect(found == UVTool(executable: pinned.path, origin: "pinned"))
        #expect(
            try UVTool.locate(explicit: pinned.path, environment: ["VENVSTACKS_UV": "/nope"], executableURL: binary)
                .origin == "--uv")
        #expect(throws: StackError.self) {
            try UVTool.locate(explicit: nil, environment: ["VENVSTACKS_UV": "/nope/uv"], executableURL: binary)
        }
        #expect(throws: StackError.self) {
            try UVTool.locate(explicit: "/nope/uv", environment: [:], executableURL: binary)
        }
    }
}
