import Foundation
import Testing

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
        runner: FakePostInstallRunner = FakePostInstallRunner(), waiting: FolderLock.Waiting = .wait,
        observer: DeployObserver? = nil
    ) throws(BuildError) -> DeployResult {
        try StackDeployer(runner: runner, unpacker: unpacker, observer: observer).deploy(
            DeployRequest(
                publishedDirectory: published.directory, targetDirectory: target, patterns: patterns, force: force,
                jobs: 2, platform: nil, launchArguments: launch, waiting: waiting))
    }

    func record(_ layer: String) throws -> JSONValue {
        try JSONValue.parse(
            Data(contentsOf: target.appendingPathComponent("\(layer)/share/venv/metadata/venvstacks_deploy.json")))
    }

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func deploysTheRequestedLayerAndWhatItNeedsRuntimeFirst() throws {
        let unpacker = FakeUnpacker()
        let runner = FakePostInstallRunner()
        let result = try deploy(["app-one"], unpacker: unpacker, runner: runner)
        #expect(result.layers.map(\.layer.installTarget) == ["rt", "framework-fw@1", "app-one"])
        #expect(result.layers.allSatisfy { $0.action == .deployed(replaced: false) })
        #expect(Set(unpacker.unpacked) == ["rt", "framework-fw@1", "app-one"])
        #expect(runner.scripts.first == "rt" && runner.scripts.count == 3)
        #expect(try record("app-one")["state"] == .string("ready"))
        #expect(try record("rt")["archive_name"] == .string("rt.tar.xz"))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("app-two").path))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: target.path).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "no lock file or temporary folder is left: \(hidden)")
    }

    @Test func patternsMatchBuildAndDeployedNames() throws {
        let result = try deploy(["framework-fw@*", "app-t*"])
        #expect(result.requested.map(\.installTarget) == ["framework-fw@1", "app-two"])
        #expect(result.layers.map(\.layer.installTarget) == ["rt", "framework-fw@1", "app-two"])
    }

    @Test func anIdenticalDeployedLayerIsKept() throws {
        _ = try deploy(["app-one"])
        let unpacker = FakeUnpacker()
        let result = try deploy(["app-*"], unpacker: unpacker)
        #expect(unpacker.unpacked == ["app-two"])
        #expect(result.layers.map(\.action) == [.unchanged, .unchanged, .unchanged, .deployed(replaced: false)])
    }

    @Test func aDifferentDeployedLayerIsReplacedOnlyWithForce() throws {
        _ = try deploy(["app-one"])
        try published.republish("framework-fw@1")
        let refused = message { _ = try deploy(["app-one"]) }
        #expect(refused.contains("\(target.path)/framework-fw@1 is already deployed from another archive"))
        #expect(refused.contains("use --force"))
        let unpacker = FakeUnpacker()
        let result = try deploy(["app-one"], force: true, unpacker: unpacker)
        #expect(unpacker.unpacked == ["framework-fw@1"])
        #expect(result.layers[1].action == .deployed(replaced: true))
    }

    @Test func aFolderDeployedByOtherMeansIsAConflict() throws {
        try FileManager.default.createDirectory(
            at: target.appendingPathComponent("rt"), withIntermediateDirectories: true)
        let refused = message { _ = try deploy(["rt"]) }
        #expect(refused.contains("without a venvstacks deploy record"))
        #expect(refused.contains("use --force"))
    }

    @Test func anInterruptedDeployIsRedoneWithoutForce() throws {
        _ = try deploy(["rt"])
        let recordURL = target.appendingPathComponent("rt/share/venv/metadata/venvstacks_deploy.json")
        let text = try String(contentsOf: recordURL, encoding: .utf8).replacingOccurrences(
            of: "\"ready\"", with: "\"extracted\"")
        try text.write(to: recordURL, atomically: true, encoding: .utf8)
        let result = try deploy(["rt"])
        #expect(result.layers.map(\.action) == [.deployed(replaced: true)])
    }

    @Test func archivesAreCheckedBeforeAnythingIsUnpacked() throws {
        try Data(repeating: 0, count: 10).write(to: published.archive("app-one"))
        let unpacker = FakeUnpacker()
        let short = message { _ = try deploy(["app-one"], unpacker: unpacker) }
        #expect(short.contains("Layer app-one: app-one.tar.xz is 10 bytes, but venvstacks.json says 4096"))
        try Data(repeating: 0, count: 4096).write(to: published.archive("app-one"))
        let changed = message { _ = try deploy(["app-one"], unpacker: unpacker) }
        #expect(changed.contains("Layer app-one: app-one.tar.xz has SHA-256 "))
        #expect(changed.contains("damaged or was changed after publishing"))
        try FileManager.default.removeItem(at: published.archive("app-one"))
        #expect(
            message { _ = try deploy(["app-one"], unpacker: unpacker) }.contains("app-one.tar.xz is missing (listed in")
        )
        #expect(unpacker.unpacked.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func aRefusedArchiveLeavesNothingUnderItsName() throws {
        let unpacker = FakeUnpacker()
        unpacker.failing = "framework-fw@1"
        let error = message { _ = try deploy(["app-one"], unpacker: unpacker) }
        #expect(error.contains("entry 'framework-fw@1/x' is bad"))
        let names = try FileManager.default.contentsOfDirectory(atPath: target.path)
        #expect(!names.contains("framework-fw@1") && !names.contains(".framework-fw@1.partial"))
    }

    @Test func aFailedPostInstallShowsItsOutputAndRemovesTheLayer() throws {
        let runner = FakePostInstallRunner()
        runner.failing = "app-two"
        let error = message { _ = try deploy(["app-two"], runner: runner) }
        #expect(error.contains("Layer app-two: its post-install script failed (exit status 1)"))
        #expect(error.contains("postinstall.py: error: site_dir missing"))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("app-two").path))
        #expect(try record("rt")["state"] == .string("ready"))
    }

    @Test func unknownPatternsAndMissingLayersAreNamed() throws {
        let unknown = message { _ = try deploy(["app-three"]) }
        #expect(unknown.contains("no published layer matches 'app-three'"))
        #expect(unknown.contains("rt, framework-fw@1, app-one, app-two"))
        published.layers["framework-fw@1"] = nil
        try published.writeManifest()
        let missing = message { _ = try deploy(["app-one"]) }
        #expect(missing.contains("layer app-one needs framework-fw@1, which"))
    }

    @Test func anotherDeployIntoTheSameFolderIsWaitedForOrRefused() throws {
        let held = try FolderLock(folder: target)
        let refused = message { _ = try deploy(["rt"], waiting: .failAtOnce) }
        #expect(refused.contains("cannot deploy into \(target.path): another venvstacks run is writing \(target.path)"))
        #expect(refused.contains("--no-wait"))
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            held.release()
        }
        let events = EventLog()
        #expect(try deploy(["rt"], observer: events).layers.map(\.action) == [.deployed(replaced: false)])
        #expect(events.waits == [target.appendingPathComponent(FolderLock.fileName).path])
    }

    @Test func whatAnInterruptedDeployLeftIsRemovedButLinksAreNotFollowed() throws {
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
        _ = try deploy(["rt"])
        let hidden = try fm.contentsOfDirectory(atPath: target.path).filter { $0.hasPrefix(".") }
        #expect(hidden == [".rt.old-99-0123abcd"], "only the planted link is left alone")
        #expect(fm.fileExists(atPath: victim.path))
    }

    @Test func runNeedsExactlyOneApplication() throws {
        let two = message { _ = try deploy(["app-*"], launch: []) }
        #expect(two.contains("--run needs exactly one application"))
        #expect(two.contains("2 applications (app-one, app-two)"))
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let none = message { _ = try deploy(["rt"], launch: []) }
        #expect(none.contains("matched no application layer"))
        let result = try deploy(["app-one"], launch: ["--flag", "x"])
        #expect(result.launch?.executable == target.appendingPathComponent("app-one/bin/python").path)
        #expect(result.launch?.arguments == ["-m", "one", "--flag", "x"])
    }

    @Test func aFolderWithoutAPublishedStackIsExplained() throws {
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let error = message {
            _ = try StackDeployer(runner: FakePostInstallRunner(), unpacker: FakeUnpacker()).deploy(
                DeployRequest(publishedDirectory: empty, targetDirectory: target, patterns: ["*"]))
        }
        #expect(error.contains("holds no published stack for this platform"))
        #expect(error.contains("venvstacks.json"))
        let missing = message {
            _ = try StackDeployer(runner: FakePostInstallRunner(), unpacker: FakeUnpacker()).deploy(
                DeployRequest(
                    publishedDirectory: root.appendingPathComponent("nope"), targetDirectory: target, patterns: ["*"]))
        }
        #expect(missing.contains("does not exist"))
    }

    @Test func aLocalExportManifestIsNotAPublishedStack() throws {
        let manifest = JSONValue.object([
            "layers": .object([
                "runtimes": .array([.object(["layer_name": .string("rt"), "install_target": .string("rt")])])
            ])
        ])
        let error = message {
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
