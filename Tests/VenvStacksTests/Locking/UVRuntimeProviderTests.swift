import Foundation
import Testing
import VenvStacksTestSupport
import VenvStacksTestSupport

@testable import VenvStacks

/// A uv stand-in for runtime installs, on the scripted runner: `python install` lays out a
/// python-build-standalone style folder (with pip and uv's marker), `pip uninstall` and
/// `--version` answer, and `cp` runs for real. Anything else fails the test.
func fakePythonInstaller(installFails: Bool = false) -> ScriptedToolRunner {
    ScriptedToolRunner()
        .on("uv", arguments: ["--version"]) { _ in ToolResult(status: 0, standardOutput: Data("uv 0.8.18\n".utf8)) }
        .on("uv", arguments: ["pip", "uninstall"]) { _ in ToolResult(status: 0) }
        .on("uv", arguments: ["python", "install"]) { invocation in
            if installFails {
                return ToolResult(status: 1, standardError: Data("error: No download found for request\n".utf8))
            }
            let directory = URL(fileURLWithPath: invocation.arguments[4])
                .appendingPathComponent("\(invocation.arguments[2])-linux-x86_64-gnu")
            let library = directory.appendingPathComponent("lib/python3.11")
            try? FileManager.default.createDirectory(
                at: library.appendingPathComponent("site-packages/pip-25.1.dist-info"),
                withIntermediateDirectories: true)
            try? FileManager.default.createDirectory(
                at: directory.appendingPathComponent("bin"), withIntermediateDirectories: true)
            _ = FileManager.default.createFile(
                atPath: directory.appendingPathComponent("bin/python3.11").path, contents: Data(),
                attributes: [.posixPermissions: 0o755])
            try? FileManager.default.createSymbolicLink(
                atPath: directory.appendingPathComponent("bin/python3").path, withDestinationPath: "python3.11")
            _ = FileManager.default.createFile(
                atPath: library.appendingPathComponent("EXTERNALLY-MANAGED").path, contents: Data())
            return ToolResult(status: 0)
        }
        .passingThrough("cp")
}

@Suite struct UVRuntimeProviderTests {
    func runtime() throws -> LayerSpec {
        try StackSpec.parse(
            text: """
                [[runtimes]]
                name = "cpython-3.11"
                python_implementation = "cpython@3.11.7"
                requirements = []
                """, specURL: URL(fileURLWithPath: "/spec/venvstacks.toml"), uvTomlText: nil, environment: [:],
            exists: { _ in true }
        ).runtimes[0]
    }

    @Test func installsIntoTheCacheAndPreparesARuntimeLayer() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let list = root.appendingPathComponent("list.json")
        try #"{"cpython-3.11.7-linux-x86_64-gnu": {"sha256": "abc", "url": "file:///x"}}"#.write(
            to: list, atomically: true, encoding: .utf8)
        let runner = fakePythonInstaller()
        let provider = UVRuntimeProvider(
            commands: UVCommands(uv: UVTool(executable: "uv", origin: "test")), runner: runner,
            cacheRoot: root.appendingPathComponent("cache"), environment: [:], fallbackDownloadList: list)
        let build = root.appendingPathComponent("_build")
        let python = try await provider.prepare(try runtime(), in: build, clean: false)
        #expect(python.path == build.appendingPathComponent("cpython-3.11/bin/python").path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: python.path) == "python3")
        let layer = build.appendingPathComponent("cpython-3.11/lib/python3.11")
        #expect(!FileManager.default.fileExists(atPath: layer.appendingPathComponent("EXTERNALLY-MANAGED").path))
        let install = try #require(runner.calls.first { $0.arguments.starts(with: ["python", "install"]) })
        #expect(install.arguments[2] == "cpython-3.11.7")
        #expect(install.arguments[4].hasPrefix(root.appendingPathComponent("cache/runtimes/").path))
        #expect(install.environment["UV_PYTHON_DOWNLOADS_JSON_URL"] == .some(list.path))
        let uninstall = try #require(runner.calls.first { $0.arguments.starts(with: ["pip", "uninstall"]) })
        // pip is removed from the staging copy (a folder of this run's own), before it is moved into place.
        let staged = URL(fileURLWithPath: uninstall.arguments[3])
        #expect(staged.lastPathComponent == "python" && staged.deletingLastPathComponent().lastPathComponent == "bin")
        let staging = staged.deletingLastPathComponent().deletingLastPathComponent()
        #expect(staging.deletingLastPathComponent().path == build.path)
        #expect(staging.lastPathComponent.hasPrefix(".cpython-3.11.partial-\(getpid())-"))
        #expect(
            uninstall.arguments == [
                "pip", "uninstall", "--python", staged.path, "pip", "--no-managed-python", "--no-color",
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: build.path) == ["cpython-3.11"])

        // A prepared runtime is reused; --clean prepares it again.
        let calls = runner.calls.count
        _ = try await provider.prepare(try runtime(), in: build, clean: false)
        #expect(runner.calls.count == calls)
        _ = try await provider.prepare(try runtime(), in: build, clean: true)
        #expect(runner.calls.count > calls)
    }

    @Test func aRuntimeTheCacheHoldsIsCopiedWithoutAskingUvAgain() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let runner = fakePythonInstaller()
        let provider = UVRuntimeProvider(
            commands: UVCommands(uv: UVTool(executable: "uv", origin: "test")), runner: runner,
            cacheRoot: root.appendingPathComponent("cache"), environment: [:])
        let build = root.appendingPathComponent("_build")
        _ = try await provider.prepare(try runtime(), in: build, clean: true)
        _ = try await provider.prepare(try runtime(), in: build, clean: true)
        let uvCalls = runner.calls.filter { $0.executable == "uv" }.map {
            $0.arguments.prefix(2).joined(separator: " ")
        }
        // One install and one version query (the cache key) for both copies; each copy drops pip.
        #expect(uvCalls.filter { $0 == "python install" }.count == 1)
        #expect(uvCalls.filter { $0 == "--version" }.count == 1)
        #expect(uvCalls.filter { $0 == "pip uninstall" }.count == 2)
        #expect(
            FileManager.default.isExecutableFile(atPath: build.appendingPathComponent("cpython-3.11/bin/python").path))

        // A cache folder without bin/ (not uv's) does not count: uv installs.
        let other = root.appendingPathComponent("other")
        let key = try FileManager.default.contentsOfDirectory(
            atPath: root.appendingPathComponent("cache/runtimes").path)[0]
        let stray = other.appendingPathComponent("runtimes/\(key)/cpython-3.11.7-linux-x86_64-gnu")
        try FileManager.default.createDirectory(at: stray, withIntermediateDirectories: true)
        let second = fakePythonInstaller()
        let fresh = UVRuntimeProvider(
            commands: UVCommands(uv: UVTool(executable: "uv", origin: "test")), runner: second,
            cacheRoot: other, environment: [:])
        _ = try await fresh.prepare(try runtime(), in: other.appendingPathComponent("_build"), clean: true)
        #expect(second.calls.contains { $0.arguments.starts(with: ["python", "install"]) })
    }

    @Test func theCacheKeyFollowsTheArchivesNotTheListsLocation() async throws {
        let one = Data(#"{"a": {"sha256": "1", "url": "file:///one/a.tar.gz"}}"#.utf8)
        let moved = Data(#"{"a": {"sha256": "1", "url": "file:///two/a.tar.gz"}}"#.utf8)
        let rebuilt = Data(#"{"a": {"sha256": "2", "url": "file:///one/a.tar.gz"}}"#.utf8)
        #expect(UVRuntimeProvider.archiveDigests(inList: one) == UVRuntimeProvider.archiveDigests(inList: moved))
        #expect(UVRuntimeProvider.archiveDigests(inList: one) != UVRuntimeProvider.archiveDigests(inList: rebuilt))
    }

    @Test func aRuntimeThatCannotBeObtainedNamesItAndTheMirrorSettings() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let runner = fakePythonInstaller(installFails: true)
        let provider = UVRuntimeProvider(
            commands: UVCommands(uv: UVTool(executable: "uv", origin: "test")), runner: runner,
            cacheRoot: root, environment: ["UV_PYTHON_INSTALL_MIRROR": "https://mirror.example/pbs"])
        let layer = try runtime()
        do {
            _ = try await provider.prepare(layer, in: root.appendingPathComponent("_build"), clean: false)
            Issue.record("preparing should have failed")
        } catch {
            #expect(
                error.description.hasPrefix(
                    "Layer cpython-3.11: cannot obtain runtime cpython@3.11.7 with uv python install."))
            #expect(error.description.contains("error: No download found for request"))
            #expect(error.description.contains("misc/make-runtime-mirror.sh"))
            #expect(
                error.description.contains(
                    "UV_PYTHON_DOWNLOADS_JSON_URL=(not set), UV_PYTHON_INSTALL_MIRROR=https://mirror.example/pbs"))
        }
    }
}
