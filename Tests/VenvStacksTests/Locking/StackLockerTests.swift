import Foundation
import Synchronization
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// A uv stand-in on the scripted runner: `uv lock` succeeds (or fails for chosen layers)
/// and `uv export` writes a canned pylock for the layer whose resolve project it is given.
/// Any other program or uv command fails the test.
final class FakeUV: Sendable {
    private let script = Script()
    let runner: ScriptedToolRunner

    /// What the stand-in answers, changed by tests between runs.
    final class Script: Sendable {
        let state = Mutex<(exports: [String: String], failing: [String: String])>(([:], [:]))
        func read() -> (exports: [String: String], failing: [String: String]) { state.withLock { $0 } }
    }

    init(exports: [String: String]) {
        script.state.withLock { $0.exports = exports }
        let script = self.script
        runner = ScriptedToolRunner()
            .on("uv", arguments: ["lock"]) { invocation in
                if let message = script.read().failing[Self.layer(of: invocation)] {
                    return ToolResult(status: 1, standardError: Data(message.utf8))
                }
                return ToolResult(status: 0)
            }
            .on("uv", arguments: ["export"]) { invocation in
                let output = invocation.arguments[invocation.arguments.firstIndex(of: "-o")! + 1]
                let text = script.read().exports[Self.layer(of: invocation)] ?? ""
                _ = FileManager.default.createFile(atPath: output, contents: Data(text.utf8))
                return ToolResult(status: 0)
            }
    }

    var exports: [String: String] {
        get { script.read().exports }
        set { script.state.withLock { $0.exports = newValue } }
    }

    var failing: [String: String] {
        get { script.read().failing }
        set { script.state.withLock { $0.failing = newValue } }
    }

    static func layer(of invocation: ToolInvocation) -> String {
        let index = invocation.arguments.firstIndex(of: "--project")!
        return URL(fileURLWithPath: invocation.arguments[index + 1]).lastPathComponent
            .replacingOccurrences(of: "_resolve", with: "")
    }

    var calls: [ToolInvocation] { runner.calls }
    var commands: [String] { runner.calls.map { "\($0.arguments[0]) \(Self.layer(of: $0))" } }
}

/// Creates an empty runtime environment (no download).
struct FakeRuntimes: RuntimeProvider {
    func prepare(_ runtime: LayerSpec, in buildDirectory: URL, clean: Bool) async throws(StackError) -> URL {
        let python = RuntimeLayout.python(in: buildDirectory.appendingPathComponent(runtime.buildName))
        try? FileManager.default.createDirectory(
            at: python.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: python.path, contents: Data())
        return python
    }
}

/// The lock flow with a fake uv: files, idempotence, --if-needed, cascade, failures.
@Suite struct StackLockerTests {
    static let spec = """
        [tool.uv]
        exclude-newer = "2025-08-27T00:00:00Z"

        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = ["numpy"]
        platforms = ["linux_x86_64", "win_amd64"]

        [[frameworks]]
        name = "sci"
        runtime = "cpython-3.11"
        requirements = ["scipy"]

        [[applications]]
        name = "hello"
        versioned = true
        launch_module = "hello.py"
        frameworks = ["sci"]
        requirements = []
        """

    static func package(_ name: String, _ version: String, marker: String? = nil) -> String {
        var text = "[[packages]]\nname = \"\(name)\"\nversion = \"\(version)\"\n"
        if let marker { text += "marker = \"\(marker)\"\n" }
        text += "index = \"https://pypi.org/simple\"\n"
        text +=
            "wheels = [{ url = \"https://files.example/\(name)-\(version)-py3-none-any.whl\", hashes = { sha256 = \"\(name)\" } }]\n\n"
        return text
    }

    static let exports = [
        "cpython-3.11": "lock-version = \"1.0\"\ncreated-by = \"uv\"\n\n" + package("numpy", "2.3.2"),
        "framework-sci": "lock-version = \"1.0\"\ncreated-by = \"uv\"\n\n" + package("numpy", "2.3.2")
            + package("scipy", "1.16.1"),
        "app-hello": "lock-version = \"1.0\"\ncreated-by = \"uv\"\n",
    ]

    struct Project {
        let root: URL
        let uv = FakeUV(exports: StackLockerTests.exports)
        var specURL: URL { root.appendingPathComponent("venvstacks.toml") }

        init() throws {
            root = try makeTemporaryDirectory()
            try StackLockerTests.spec.write(to: specURL, atomically: true, encoding: .utf8)
            try "print('hello')\n".write(to: root.appendingPathComponent("hello.py"), atomically: true, encoding: .utf8)
        }

        func spec() throws -> StackSpec { try loadSpec(specURL) }

        func lock(_ want: Want = .always, plan: OperationPlan? = nil) async throws -> [LockedLayer] {
            let spec = try spec()
            let locker = StackLocker(
                spec: spec, runner: uv.runner, uv: UVCommands(uv: UVTool(executable: "uv", origin: "test")),
                runtimes: FakeRuntimes(), filter: SourceTreeFilter(specDirectory: root))
            return try await locker.lock(
                LockRequest(
                    plan: plan ?? OperationPlan.all(in: spec, lock: want, build: .never, publish: false),
                    buildDirectory: root.appendingPathComponent("_build")))
        }

        func state() throws -> StackLockState {
            try LockStateEvaluator(spec: try spec(), filter: SourceTreeFilter(specDirectory: root)).evaluate()
        }

        func text(_ path: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }

        /// Every file under requirements/ with its content.
        func snapshot() throws -> [String: Data] {
            let base = root.appendingPathComponent("requirements")
            var files: [String: Data] = [:]
            for case let path as String in FileManager.default.enumerator(atPath: base.path) ?? .init() {
                let url = base.appendingPathComponent(path)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[path] = try Data(contentsOf: url)
                }
            }
            return files
        }
    }

    @Test func locksEveryLayerAndWritesTheFourFiles() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        let locked = try await project.lock()
        #expect(locked.map(\.buildName) == ["cpython-3.11", "framework-sci", "app-hello"])
        #expect(locked.allSatisfy { $0.lockedAt == "2025-08-27T00:00:00+00:00" && $0.metadataWritten })
        #expect(
            project.uv.commands == [
                "lock cpython-3.11", "export cpython-3.11", "lock framework-sci", "export framework-sci",
                "lock app-hello", "export app-hello",
            ])
        #expect(
            try project.text("requirements/framework-sci/packages-framework-sci.txt") == """
                # Package summary for framework-sci
                #     Auto-generated by venvstacks (DO NOT EDIT)
                scipy==1.16.1

                # Shared packages inherited from other layers
                numpy==2.3.2

                """)
        #expect(
            try project.text("requirements/cpython-3.11/requirements-cpython-3_11.in")
                == "# DO NOT EDIT. Automatically generated by venvstacks.\n#              Relock layer dependencies to update.\nnumpy\n"
        )
        let pyproject = try project.text("_build/framework-sci_resolve/pyproject.toml")
        #expect(pyproject.contains("constraint-dependencies = [\n    \"numpy==2.3.2\",\n]"))
        #expect(try project.text("_build/uv.toml").contains("no-build = true"))
        let state = try project.state()
        #expect(state.layers.values.allSatisfy { $0.hasValidLock })
        #expect(state["app-hello"]?.deployedName == "app-hello@1")
    }

    @Test func relockingWithTheSameResultChangesNoFile() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        _ = try await project.lock()
        let before = try project.snapshot()
        let again = try await project.lock()
        #expect(try project.snapshot() == before)
        #expect(again.allSatisfy { $0.action == .resolved(changed: false) && !$0.metadataWritten })
    }

    @Test func ifNeededKeepsValidLocksAndRelocksTheCascade() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        _ = try await project.lock()
        let calls = project.uv.calls.count
        let kept = try await project.lock(.ifNeeded)
        #expect(kept.allSatisfy { $0.action == .kept })
        #expect(project.uv.calls.count == calls)

        let spec = try project.text("venvstacks.toml").replacingOccurrences(
            of: "requirements = [\"scipy\"]", with: "requirements = [\"scipy>=1\"]")
        try spec.write(to: project.specURL, atomically: true, encoding: .utf8)
        let relocked = try await project.lock(.ifNeeded)
        #expect(relocked.map(\.action) == [.kept, .resolved(changed: false), .resolved(changed: false)])
        #expect(
            Array(project.uv.commands.dropFirst(calls)) == [
                "lock framework-sci", "export framework-sci", "lock app-hello", "export app-hello",
            ])
        // The framework's metadata changed (new input hash); the app's lock content did not.
        #expect(relocked.map(\.metadataWritten) == [false, true, false])
        #expect(try project.state().layers.values.allSatisfy { $0.hasValidLock })
    }

    @Test func aChangedLaunchModuleOnlyRefreshesTheVersionedAppsMetadata() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        _ = try await project.lock()
        let calls = project.uv.calls.count
        try "print('hello again')\n".write(
            to: project.root.appendingPathComponent("hello.py"), atomically: true, encoding: .utf8)
        #expect(try project.state()["app-hello"]?.hasValidLock == false)
        let locked = try await project.lock(.ifNeeded)
        #expect(locked.last?.action == .metadataRefreshed)
        #expect(locked.last?.lockVersion == 2)
        #expect(project.uv.calls.count == calls)
        #expect(try project.state()["app-hello"]?.deployedName == "app-hello@2")
    }

    @Test func uvFailuresShowTheLayerTheCommandAndUVsOwnErrorAndKeepTheOldLock() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        _ = try await project.lock()
        let before = try project.snapshot()
        project.uv.failing["framework-sci"] =
            "  × No solution found when resolving dependencies:\n  ╰─▶ Because you require scipy>=9 and scipy<2, ..."
        project.uv.exports["framework-sci"] = "this is not TOML ["
        do {
            _ = try await project.lock()
            Issue.record("locking should have failed")
        } catch let error as StackError {
            #expect(error.description.hasPrefix("Failed to lock layer 'framework-sci': uv exited with status 1"))
            #expect(error.description.contains("command: uv lock --project "))
            #expect(error.description.contains("No solution found when resolving dependencies"))
            #expect(error.description.contains("Because you require scipy>=9"))
        }
        #expect(try project.snapshot() == before)
    }

    @Test func unreadableExportsAreReportedWithTheirLayer() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        project.uv.exports["cpython-3.11"] = "packages = 3"
        await #expect(throws: StackError.self) { try await project.lock() }
        do {
            _ = try await project.lock()
        } catch let error as StackError {
            #expect(error.description.contains("Layer cpython-3.11: cannot read uv's export"))
        }
        #expect(
            !FileManager.default.fileExists(
                atPath: project.root.appendingPathComponent(
                    "requirements/cpython-3.11/pylock.cpython-3_11.toml"
                ).path))
    }

    @Test func refusesToLockAboveAnInvalidLockThatIsNotBeingLocked() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        let spec = try project.spec()
        let plan = OperationPlan(operations: [
            "framework-sci": LayerOperations(lock: .always, build: .never, publish: false)
        ])
        do {
            _ = try await project.lock(plan: plan)
            Issue.record("locking should have failed")
        } catch let error as StackError {
            #expect(
                error.description.hasPrefix(
                    "Layer framework-sci: Cannot lock with unlocked dependencies: ['cpython-3.11']")
            )
        }
        #expect(spec.frameworks.count == 1)
    }

    @Test func badExcludeNewerIsAClearError() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        let spec = try project.spec()
        let locker = StackLocker(
            spec: spec, runner: project.uv.runner, uv: UVCommands(uv: UVTool(executable: "uv", origin: "test")),
            runtimes: FakeRuntimes(), filter: SourceTreeFilter(specDirectory: project.root))
        do {
            _ = try await locker.lock(
                LockRequest(
                    plan: .all(in: spec, lock: .always, build: .never, publish: false),
                    buildDirectory: project.root.appendingPathComponent("_build"),
                    environment: ["UV_EXCLUDE_NEWER": "last tuesday"]))
            Issue.record("locking should have failed")
        } catch {
            #expect(error.description.contains("UV_EXCLUDE_NEWER environment variable is 'last tuesday'"))
        }
    }
}
