import Foundation
import Testing

@testable import VenvStacks

/// Runs that share a folder, runs that were killed, and archives changed after publishing,
/// with the real `venvstacks publish` on a hand-made build (``FakeBuiltProject``).
@Suite(.serialized) final class SharedFolderCLITests {
    let root: URL
    let built: FakeBuiltProject

    init() throws {
        root = try makeTemporaryDirectory()
        built = try FakeBuiltProject(in: root, payloadBytes: 1 << 20)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func publish(_ arguments: [String] = []) throws -> CLIResult {
        try runCLI(["publish"] + arguments + [built.spec.path])
    }

    /// The archives and metadata a single publish writes into a fresh folder.
    func referenceOutputs() throws -> [String: Data] {
        let reference = root.appendingPathComponent("reference")
        let result = try publish(["--output-dir", reference.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try FakeBuiltProject.files(under: reference)
    }

    func waitingNotice(_ folder: URL) -> String {
        "waiting for another venvstacks run that is writing \(folder.path) (it holds .venvstacks.lock)…"
    }

    @Test func twoPublishesIntoOneFolderBothSucceedAndWriteWhatOneRunWrites() throws {
        let expected = try referenceOutputs()
        #expect(expected.keys.filter { $0.hasSuffix(".tar.xz") }.count == 3)
        let first = try BackgroundCLI(["publish", built.spec.path])
        let lockFile = built.output.appendingPathComponent(FolderLock.fileName).path
        #expect(eventually(within: 20) { FileManager.default.fileExists(atPath: lockFile) })
        let second = try publish()
        let firstResult = first.finish()
        #expect(firstResult.status == 0, "\(firstResult.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.components(separatedBy: waitingNotice(built.output)).count == 2, "\(second.stderr)")
        let outputs = try FakeBuiltProject.files(under: built.output)
        #expect(outputs.keys.sorted() == expected.keys.sorted(), "no lock or partial file is left")
        for (path, data) in expected {
            #expect(outputs[path] == data, "\(path) differs from a single run's")
        }
    }

    @Test func everyCommandThatWritesOffersNoWait() throws {
        for command in ["lock", "build", "publish", "local-export", "deploy"] {
            let help = try runCLI([command, "--help"])
            #expect(help.stdout.contains("--no-wait"), "\(command) --help: \(help.stdout)")
        }
        #expect(try !runCLI(["show", "--help"]).stdout.contains("--no-wait"), "show writes nothing")
    }

    @Test(arguments: ["lock", "build", "publish", "local-export"])
    func noWaitFailsAtOnceNamingTheFolderAnotherRunWrites(_ command: String) throws {
        let folder: URL =
            switch command {
            case "lock": built.project.appendingPathComponent("requirements")
            case "build": built.build
            case "publish": built.output
            default: built.project.appendingPathComponent("_export")
            }
        let held = try FolderLock(folder: folder)
        defer { held.release() }
        let started = Date()
        let result = try runCLI([command, "--no-wait", built.spec.path])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "ERROR: another venvstacks run is writing \(folder.path) (it holds .venvstacks.lock), and this run "
                    + "was asked not to wait (--no-wait)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: built.output.appendingPathComponent("__venvstacks__").path))
    }

    @Test func whatAKilledPublishLeftIsRemovedByTheNextRun() throws {
        #expect(try publish().status == 0)
        let force = try BackgroundCLI(["publish", "--force", built.spec.path])
        let names = { (try? FileManager.default.contentsOfDirectory(atPath: self.built.output.path)) ?? [] }
        #expect(eventually(within: 20) { names().contains { $0.contains(".partial-") } })
        kill(force.process.processIdentifier, SIGKILL)
        _ = force.finish()
        #expect(names().contains { $0.contains(".partial-") }, "the killed run left its partial file")
        // More of the kind earlier versions and killed runs leave, and a link that is not ours to remove.
        let metadata = built.output.appendingPathComponent("__venvstacks__/env_metadata")
        try Data("half".utf8).write(to: built.output.appendingPathComponent(".app-hello@3.tar.xz.partial"))
        try Data("half".utf8).write(to: metadata.appendingPathComponent(".app-hello.json.partial-4242"))
        let victim = root.appendingPathComponent("victim.txt")
        try FileManager.default.createSymbolicLink(
            at: built.output.appendingPathComponent(".x.partial-1-0badcafe"), withDestinationURL: victim)
        let next = try publish()
        #expect(next.status == 0, "\(next.stderr)")
        #expect(names().filter { $0.hasPrefix(".") } == [".x.partial-1-0badcafe"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: metadata.path).allSatisfy { !$0.hasPrefix(".") })
        #expect(!FileManager.default.fileExists(atPath: victim.path))
        try checkArchivesMatchTheirMetadata()
    }

    /// Every snippet's archive is on disk with the recorded size and SHA-256.
    func checkArchivesMatchTheirMetadata() throws {
        for layer in built.layers {
            let snippet = try JSONValue.parse(
                Data(contentsOf: built.output.appendingPathComponent("__venvstacks__/env_metadata/\(layer).json")))
            let name = try #require(snippet["archive_name"]?.stringValue)
            let data = try Data(contentsOf: built.output.appendingPathComponent(name))
            #expect(snippet["archive_size"]?.intValue == data.count, "\(name)")
            #expect(snippet["archive_hashes"]?["sha256"]?.stringValue == ContentHash.sha256Hex(data), "\(name)")
        }
    }

    @Test func aDamagedArchiveIsRebuiltByAPlainPublishWhichSaysSo() throws {
        #expect(try publish().status == 0)
        let archive = built.output.appendingPathComponent("framework-demo.tar.xz")
        let original = try Data(contentsOf: archive)
        try original.prefix(original.count / 2).write(to: archive)
        let again = try publish()
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stderr.contains(
                "framework-demo.tar.xz: rebuilding (the file on disk does not match its recorded size/SHA-256)"),
            "\(again.stderr)")
        #expect(again.stderr.contains("cpython-3.11.tar.xz: unchanged"), "\(again.stderr)")
        #expect(try Data(contentsOf: archive) == original)
        try checkArchivesMatchTheirMetadata()
        // Changed in place with the same size: found by its hash.
        var changed = original
        changed[changed.count / 2] ^= 0xFF
        try changed.write(to: archive)
        let third = try publish()
        #expect(third.stderr.contains("framework-demo.tar.xz: rebuilding"), "\(third.stderr)")
        #expect(try Data(contentsOf: archive) == original)
    }

    @Test func linksPlantedAtFixedNamesAreNeverFollowed() throws {
        try FileManager.default.createDirectory(at: built.output, withIntermediateDirectories: true)
        let planted = root.appendingPathComponent("planted")
        // The partial file name earlier versions used: left alone, its target never created.
        let oldPartial = built.output.appendingPathComponent(".cpython-3.11.tar.xz.partial")
        try FileManager.default.createSymbolicLink(atPath: oldPartial.path, withDestinationPath: planted.path)
        #expect(try publish().status == 0)
        #expect(!FileManager.default.fileExists(atPath: planted.path))
        #expect(try FileSystem.kind(at: oldPartial) == .symbolicLink)
        // The lock file: refused.
        let lock = built.output.appendingPathComponent(FolderLock.fileName)
        try FileManager.default.createSymbolicLink(atPath: lock.path, withDestinationPath: planted.path)
        let refused = try publish(["--force"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(lock.path) is a symbolic link"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: planted.path))
    }
}
