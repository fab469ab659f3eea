import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

@Suite final class StackDeployerTests {
    let root: URL
    let published: PublishedFolder
    let target: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString)")
        published = try PublishedFolder(in: root)
        target = root.appendingPathComponent("target")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func deploy(
        _ patterns: [String], force: Bool = false, launch: [String]? = nil, unpacker: FakeUnpacker = FakeUnpacker(),
        runner: ScriptedToolRunner = fakePostInstallRunner(), waiting: FolderLock.Waiting = .wait,
        observer: DeployObserver? = nil
    ) async throws(StackError) -> DeployResult {
        try await StackDeployer(runner: runner, unpacker: unpacker, observer: observer).deploy(
            DeployRequest(
                publishedDirectory: published.directory, targetDirectory: target, patterns: patterns, force: force,
                jobs: 2, platform: nil, launchArguments: launch, waiting: waiting))
    }

    func record(_ layer: String) throws -> JSONValue {
        try JSONValue.parse(
            Data(contentsOf: target.appendingPathComponent("\(layer)/share/venv/metadata/venvstacks_deploy.json")))
    }

    func message(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func deploysTheRequestedLayerAndWhatItNeedsRuntimeFirst() async throws {
        let unpacker = FakeUnpacker()
        let runner = fakePostInstallRunner()
        let result = try await deploy(["app-one"], unpacker: unpacker, runner: runner)
        #expect(result.layers.map(\.layer.installTarget) == ["rt", "framework-fw@1", "app-one"])
        #expect(result.layers.allSatisfy { $0.action == .deployed(replaced: false) })
        #expect(Set(unpacker.unpacked) == ["rt", "framework-fw@1", "app-one"])
        #expect(runner.postInstalled.first == "rt" && runner.postInstalled.count == 3)
        #expect(try record("app-one")["state"] == .string("ready"))
        #expect(try record("rt")["archive_name"] == .string("rt.tar.xz"))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("app-two").path))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: target.path).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "no lock file or temporary folder is left: \(hidden)")
    }

    @Test func patternsMatchBuildAndDeployedNames() async throws {
        let result = try await deploy(["framework-fw@*", "app-t*"])
        #expect(result.requested.map(\.installTarget) == ["framework-fw@1", "app-two"])
        #expect(result.layers.map(\.layer.installTarget) == ["rt", "framework-fw@1", "app-two"])
    }

    @Test func anIdenticalDeployedLayerIsKept() async throws {
        _ = try await deploy(["app-one"])
        let unpacker = FakeUnpacker()
        let result = try await deploy(["app-*"], unpacker: unpacker)
        #expect(unpacker.unpacked == ["app-two"])
        #expect(result.layers.map(\.action) == [.unchanged, .unchanged, .unchanged, .deployed(replaced: false)])
    }

    @Test func aDifferentDeployedLayerIsReplacedOnlyWithForce() async throws {
        _ = try await deploy(["app-one"])
        try published.republish("framework-fw@1")
        let refused = await message { _ = try await deploy(["app-one"]) }
        #expect(refused.contains("\(target.path)/framework-fw@1 is already deployed from another archive"))
        #expect(refused.contains("use --force"))
        let unpacker = FakeUnpacker()
        let result = try await deploy(["app-one"], force: true, unpacker: unpacker)
        #expect(unpacker.unpacked == ["framework-fw@1"])
        #expect(result.layers[1].action == .deployed(replaced: true))
    }

    @Test func aFolderDeployedByOtherMeansIsAConflict() async throws {
        try FileManager.default.createDirectory(
            at: target.appendingPathComponent("rt"), withIntermediateDirectories: true)
        let refused = await message { _ = try await deploy(["rt"]) }
        #expect(refused.contains("without a venvstacks deploy record"))
        #expect(refused.contains("use --force"))
    }

    @Test func anInterruptedDeployIsRedoneWithoutForce() async throws {
        _ = try await deploy(["rt"])
        let recordURL = target.appendingPathComponent("rt/share/venv/metadata/venvstacks_deploy.json")
        let text = try String(contentsOf: recordURL, encoding: .utf8).replacingOccurrences(
            of: "\"ready\"", with: "\"extracted\"")
        try text.write(to: recordURL, atomically: true, encoding: .utf8)
        let result = try await deploy(["rt"])
        #expect(result.layers.map(\.action) == [.deployed(replaced: true)])
    }

    @Test func archivesAreCheckedBeforeAnythingIsUnpacked() async throws {
        try Data(repeating: 0, count: 10).write(to: published.archive("app-one"))
        let unpacker = FakeUnpacker()
        let short = await message { _ = try await deploy(["app-one"], unpacker: unpacker) }
        #expect(short.contains("Layer app-one: app-one.tar.xz is 10 bytes, but venvstacks.json says 4096"))
        try Data(repeating: 0, count: 4096).write(to: published.archive("app-one"))
        let changed = await message { _ = try await deploy(["app-one"], unpacker: unpacker) }
        #expect(changed.contains("Layer app-one: app-one.tar.xz has SHA-256 "))
        #expect(changed.contains("damaged or was changed after publishing"))
        try FileManager.default.removeItem(at: published.archive("app-one"))
        #expect(
            await message { _ = try await deploy(["app-one"], unpacker: unpacker) }.contains(
                "app-one.tar.xz is missing (listed in")
        )
        #expect(unpacker.unpacked.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func aRefusedArchiveLeavesNothingUnderItsName() async throws {
        let unpacker = FakeUnpacker()
        unpacker.failing = "framework-fw@1"
        let error = await message { _ = try await deploy(["app-one"], unpacker: unpacker) }
        #expect(error.contains("entry 'framework-fw@1/x' is bad"))
        let names = try FileManager.default.contentsOfDirectory(atPath: target.path)
        #expect(!names.contains("framework-fw@1") && !names.contains(".framework-fw@1.partial"))
    }

    @Test func aFailedPostInstallShowsItsOutputAndRemovesTheLayer() async throws {
        let runner = fakePostInstallRunner(failing: "app-two")
        let error = await message { _ = try await deploy(["app-two"], runner: runner) }
        #expect(error.contains("Layer app-two: its post-install script failed (exit status 1)"))
        #expect(error.contains("postinstall.py: error: site_dir missing"))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("app-two").path))
        #expect(try record("rt")["state"] == .string("ready"))
    }

    @Test func unknownPatternsAndMissingLayersAreNamed() async throws {
        let unknown = await message { _ = try await deploy(["app-three"]) }
        #expect(unknown.contains("no published layer matches 'app-three'"))
        #expect(unknown.contains("rt, framework-fw@1, app-one, app-two"))
        published.layers["framework-fw@1"] = nil
        try published.writeManifest()
        let missing = await message { _ = try await deploy(["app-one"]) }
        #expect(missing.contains("layer app-one needs framework-fw@1, which"))
    }

    @Test func anotherDeployIntoTheSameFolderIsWaitedForOrRefused() async throws {
        let held = try FolderLock(folder: target)
        let refused = await message { _ = try await deploy(["rt"], waiting: .failAtOnce) }
        #expect(refused.contains("cannot deploy into \(target.path): another venvstacks run is writing \(target.path)"))
        #expect(refused.contains("--no-wait"))
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            held.release()
        }
        let events = EventLog()
        #expect(try await deploy(["rt"], observer: events).layers.map(\.action) == [.deployed(replaced: false)])
        #expect(events.waits == [target.appendingPathComponent(FolderLock.fileName).path])
    }

    @Test func whatAnInterruptedDeployLeftIsRemovedButLinksAreNotFollowed() async throws {
        let fm = FileManager.default
        let victim = root.appendingPathComponent("victim")
        try fm.createDirectory(at: victim, withIntermediateDirectories: true)
        try fm.createDirectory(
            at: target.appendingPathComponent(".rt.partial-99-0123abcd/rt/bin"), withIntermediateDirectories: true)
        try fm.createDirectory(at: target.appendingPathComponent(".rt.old/bin"), withIntermediateDirectories: true)
        try fm.createDirectory(at: target.appendingPathComponent(".rt.partial"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(
            at: target.appendingPathComponent(".rt.old-99-0123abcd"), withDestinationURL: victim)
        try Data().write(to: target.appendingPathComponent(".venvstacks-deploy.lock"))
        _ = try await deploy(["rt"])
        let hidden = try fm.contentsOfDirectory(atPath: target.path).filter { $0.hasPrefix(".") }
        #expect(hidden == [".rt.old-99-0123abcd"], "only the planted link is left alone")
        #expect(fm.fileExists(atPath: victim.path))
    }

    /// Deploy compiles each unpacked layer's sources with its runtime's Python before the
    /// layer's post-install script runs; a compile step that fails is left to the script.
    @Test func sourcesAreCompiledBeforeEachPostInstallAndAFailedCompileIsNotFatal() async throws {
        let unpacker = FakeUnpacker()
        unpacker.pythonFiles = ["python3.11/os.py", "python3.11/pkg/__init__.py"]
        let runner = fakePostInstallRunner().on("compile worker", { $0.arguments.contains(DeployCompiler.worker) }) {
            invocation in
            let layer = URL(fileURLWithPath: invocation.arguments[2]).deletingLastPathComponent()
                .deletingLastPathComponent().lastPathComponent
            return ToolResult(status: layer == "framework-fw@1" ? 1 : 0)
        }
        _ = try await deploy(["app-one"], unpacker: unpacker, runner: runner)
        let calls = runner.calls.map { call -> String in
            if call.arguments.contains(DeployCompiler.worker) {
                let files = String(decoding: call.standardInput ?? Data(), as: UTF8.self).split(separator: "\0")
                let layer = files.first.map { $0.components(separatedBy: "/lib/")[0] } ?? ""
                #expect(
                    files.map { $0.components(separatedBy: "/lib/")[1] } == [
                        "python3.11/os.py", "python3.11/pkg/__init__.py",
                    ])
                #expect(call.arguments[2].hasSuffix("/rt/bin/python"), "the runtime's Python: \(call.arguments)")
                return "compile " + URL(fileURLWithPath: layer).lastPathComponent
            }
            return "postinstall " + postInstalledLayer(call)
        }
        for layer in ["rt", "framework-fw@1", "app-one"] {
            let compiled = try #require(calls.firstIndex(of: "compile " + layer), "\(calls)")
            let postInstalled = try #require(calls.firstIndex(of: "postinstall " + layer), "\(calls)")
            #expect(compiled < postInstalled, "\(calls)")
        }
        #expect(try record("framework-fw@1")["state"] == .string("ready"))
    }

    @Test func runNeedsExactlyOneApplication() async throws {
        let two = await message { _ = try await deploy(["app-*"], launch: []) }
        #expect(two.contains("--run needs exactly one application"))
        #expect(two.contains("2 applications (app-one, app-two)"))
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let none = await message { _ = try await deploy(["rt"], launch: []) }
        #expect(none.contains("matched no application layer"))
        let result = try await deploy(["app-one"], launch: ["--flag", "x"])
        #expect(result.launch?.executable == target.appendingPathComponent("app-one/bin/python").path)
        #expect(result.launch?.arguments == ["-m", "one", "--flag", "x"])
    }

    @Test func aFolderWithoutAPublishedStackIsExplained() async throws {
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let error = await message {
            _ = try await StackDeployer(runner: fakePostInstallRunner(), unpacker: FakeUnpacker()).deploy(
                DeployRequest(publishedDirectory: empty, targetDirectory: target, patterns: ["*"]))
        }
        #expect(error.contains("holds no published stack for this platform"))
        #expect(error.contains("venvstacks.json"))
        let missing = await message {
            _ = try await StackDeployer(runner: fakePostInstallRunner(), unpacker: FakeUnpacker()).deploy(
                DeployRequest(
                    publishedDirectory: root.appendingPathComponent("nope"), targetDirectory: target, patterns: ["*"]))
        }
        #expect(missing.contains("does not exist"))
    }

    @Test func aLocalExportManifestIsNotAPublishedStack() async throws {
        let manifest = JSONValue.object([
            "layers": .object([
                "runtimes": .array([.object(["layer_name": .string("rt"), "install_target": .string("rt")])])
            ])
        ])
        let error = await message {
            _ = try PublishedStack.parseLayers(manifest, manifest: URL(fileURLWithPath: "/x/venvstacks.json"))
        }
        #expect(error.contains("layer rt has no 'archive_name'"))
        #expect(error.contains("local export has no archives"))
    }
}

/// The deploy events a test receives (waiting announcements).
final class EventLog: DeployObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var lockFiles: [String] = []

    func handle(_ event: DeployEvent) {
        if case .waitingForLock(_, let lockFile) = event { lock.withLock { lockFiles.append(lockFile.path) } }
    }

    var waits: [String] { lock.withLock { lockFiles } }
}
