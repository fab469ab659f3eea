import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `status`: locks, builds, published archives, sizes and packages, on the fixture stack with
/// a hand-made build (``FakeBuiltProject``) and a real `venvstacks publish` of it.
@Suite(.serialized) final class StatusCommandTests {
    let root: URL
    let built: FakeBuiltProject
    static let payload = 1000
    /// The fake `bin/python` script of each layer.
    static let script = "#!/bin/sh\nexit 0\n".utf8.count

    init() throws {
        root = try makeTemporaryDirectory()
        built = try FakeBuiltProject(in: root, payloadBytes: Self.payload)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func report() async throws -> StackReport {
        let workspace = try await StackWorkspace.open(try StackSpec.load(path: built.spec.path), tools: Toolbox())
        return workspace.report(
            StatusRequest(buildDirectory: built.build, outputDirectory: built.output, platform: .linuxX86_64))
    }

    func layer(_ name: String, in report: StackReport) throws -> LayerReport {
        try #require(report.layers.first { $0.name == name })
    }

    @Test func aFreshBuildIsCurrentWithItsSizesAndPackages() async throws {
        let report = try await report()
        #expect(report.layers.map(\.name) == ["cpython-3.11", "framework-demo", "app-hello"])
        let own = Int64(Self.payload + Self.script)
        for layer in report.layers {
            #expect(layer.lock == .valid, "\(layer.name)")
            #expect(layer.build == .current, "\(layer.name)")
            #expect(layer.publication == .absent, "\(layer.name)")
            #expect(layer.addedSize == own, "\(layer.name)")
            #expect(layer.archiveSize == nil)
        }
        #expect(try layer("cpython-3.11", in: report).environmentSize == own)
        #expect(try layer("framework-demo", in: report).environmentSize == 2 * own)
        #expect(try layer("app-hello", in: report).environmentSize == 3 * own)
        #expect(try layer("app-hello", in: report).deployedName == "app-hello@3")
        // From the fixture's lock files.
        let runtime = try layer("cpython-3.11", in: report)
        #expect(runtime.installedPackages == 2 && runtime.inheritedPackages == 0)
        let framework = try layer("framework-demo", in: report)
        #expect(framework.installedPackages == 2 && framework.inheritedPackages == 2)
    }

    @Test func aChangedLockMakesTheBuildStaleAndSaysWhy() async throws {
        let record = BuildRecord.url(for: "framework-demo", in: built.build)
        let text = try String(contentsOf: record, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "\"locked_at\": \"", with: "\"locked_at\": \"1999")
        #expect(changed != text)
        try changed.write(to: record, atomically: true, encoding: .utf8)
        let report = try await report()
        #expect(try layer("framework-demo", in: report).build == .stale(causes: [.lock], fields: ["locked_at"]))
        #expect(try layer("cpython-3.11", in: report).build == .current)
    }

    @Test func aSpecChangeAndAMissingBuildAreTold() async throws {
        let record = BuildRecord.url(for: "cpython-3.11", in: built.build)
        let text = try String(contentsOf: record, encoding: .utf8)
        try text.replacingOccurrences(of: "\"versioned\": false", with: "\"versioned\": true")
            .write(to: record, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: built.build.appendingPathComponent("app-hello"))
        let report = try await report()
        #expect(try layer("cpython-3.11", in: report).build == .stale(causes: [.spec], fields: ["versioned"]))
        let app = try layer("app-hello", in: report)
        #expect(app.build == .notBuilt)
        #expect(app.addedSize == nil && app.environmentSize == nil)
    }

    @Test func aLayerForOtherPlatformsIsSaidToBe() async throws {
        let workspace = try await StackWorkspace.open(try StackSpec.load(path: built.spec.path), tools: Toolbox())
        let report = workspace.report(
            StatusRequest(buildDirectory: built.build, outputDirectory: built.output, platform: .macosARM64))
        // framework-demo targets linux_x86_64 and win_amd64 only.
        #expect(try layer("framework-demo", in: report).build == .otherPlatforms)
        #expect(try layer("cpython-3.11", in: report).build == .current)
    }

    @Test func publishedArchivesAreCurrentUntilTheyDiffer() async throws {
        let published = try runCLI(["publish", built.spec.path])
        #expect(published.status == 0, "\(published.stderr)")
        var status = try await report()
        for layer in status.layers {
            guard case .current(let archive) = layer.publication else {
                Issue.record("\(layer.name): \(layer.publication)")
                continue
            }
            let size =
                try FileManager.default.attributesOfItem(
                    atPath: built.output.appendingPathComponent(archive).path)[.size] as? Int
            #expect(layer.archiveSize.map(Int.init) == size)
        }
        let archive = built.output.appendingPathComponent("framework-demo.tar.xz")
        try Data("truncated".utf8).write(to: archive)
        try FileManager.default.removeItem(at: built.output.appendingPathComponent("app-hello@3.tar.xz"))
        status = try await report()
        #expect(
            try layer("framework-demo", in: status).publication
                == .stale(archive: "framework-demo.tar.xz", reason: "the archive's size differs from its metadata"))
        #expect(
            try layer("app-hello", in: status).publication
                == .stale(archive: "app-hello@3.tar.xz", reason: "the archive is missing"))
        #expect(try layer("cpython-3.11", in: status).publication == .current(archive: "cpython-3.11.tar.xz"))
    }

    @Test func theCommandPrintsATableReasonsAndJSON() throws {
        let record = BuildRecord.url(for: "framework-demo", in: built.build)
        let text = try String(contentsOf: record, encoding: .utf8)
        try text.replacingOccurrences(of: "\"locked_at\": \"", with: "\"locked_at\": \"1999")
            .write(to: record, atomically: true, encoding: .utf8)
        let table = try runCLI(["status", built.spec.path])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("layer ") && $0.contains("build") && $0.contains("packages") })
        #expect(lines.contains { $0.hasPrefix("framework-demo ") && $0.contains("stale (lock)") })
        #expect(lines.contains { $0.hasPrefix("app-hello -> app-hello@3 ") && $0.contains("1.0 kB") })
        #expect(lines.contains("framework-demo: build is stale (changed: locked_at)"))

        let json = try runCLI(["status", "--json", "--include", "framework-*", built.spec.path])
        #expect(json.status == 0, "\(json.stderr)")
        let parsed = try JSONValue.parse(Data(json.stdout.utf8))
        guard case .array(let layers)? = parsed["layers"] else {
            Issue.record("no layers: \(json.stdout)")
            return
        }
        #expect(layers.count == 1)
        #expect(layers.first?["build"]?["state"] == .string("stale"))
        #expect(layers.first?["build"]?["causes"] == .array([.string("lock")]))
        #expect(layers.first?["sizes"]?["added"] == .int(Self.payload + Self.script))
    }

    @Test func anUnknownLayerIsOneClearError() throws {
        let result = try runCLI(["status", "--include", "framework-dmo", built.spec.path])
        #expect(result.status == 1)
        #expect(
            result.stderr == "ERROR: no layer matches 'framework-dmo'; did you mean framework-demo?\n",
            "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let far = try runCLI(["status", "--include", "zzz", built.spec.path])
        #expect(
            far.stderr == "ERROR: no layer matches 'zzz'; the layers are cpython-3.11, framework-demo, app-hello\n",
            "\(far.stderr)")
    }

    @Test func statusWritesNothing() throws {
        let before = try FakeBuiltProject.files(under: built.project)
        #expect(try runCLI(["status", built.spec.path]).status == 0)
        #expect(try FakeBuiltProject.files(under: built.project) == before)
    }
}
