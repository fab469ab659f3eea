import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `size`: package sizes from RECORD files, a distribution installed in two layers one
/// application sees, and advisory savings, on a hand-made build of the fixture stack.
@Suite(.serialized) final class SizeCommandTests {
    let root: URL
    let built: FakeBuiltProject
    let site = "lib/python3.11/site-packages"

    init() throws {
        root = try makeTemporaryDirectory()
        built = try FakeBuiltProject(in: root, payloadBytes: 100)
        let runtime = built.build.appendingPathComponent("cpython-3.11")
        let framework = built.build.appendingPathComponent("framework-demo")
        try write(3000, runtime, "\(site)/numpy/core.so")
        try write(500, runtime, "\(site)/numpy/tests/test_core.py")
        try write(200, runtime, "\(site)/numpy/core/include/numpy/ndarray.h")
        try record(
            ["numpy/core.so", "numpy/tests/test_core.py", "numpy/core/include/numpy/ndarray.h"], runtime, "numpy-2.3.2")
        try write(4000, runtime, "lib/python3.11/test/test_os.py")
        try write(700, runtime, "lib/libpython3.11.a")
        try write(1000, framework, "\(site)/numpy/core.so")
        try record(["numpy/core.so"], framework, "numpy-2.2.6")
        try write(2000, framework, "\(site)/httpx/_client.py")
        try write(50, framework, "\(site)/httpx/__pycache__/_client.cpython-311.pyc")
        try record(["httpx/_client.py", "\"httpx/a,b.py\""], framework, "httpx-0.28.1")
        try write(10, framework, "\(site)/httpx/a,b.py")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ bytes: Int, _ base: URL, _ path: String) throws {
        let url = base.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(repeating: 0x61, count: bytes).write(to: url)
    }

    /// A RECORD listing `paths` (and itself, as pip writes it).
    func record(_ paths: [String], _ base: URL, _ distInfo: String) throws {
        let folder = "\(site)/\(distInfo).dist-info"
        let text = (paths + ["\(distInfo).dist-info/RECORD"]).map { $0 + ",," }.joined(separator: "\n") + "\n"
        let url = base.appendingPathComponent(folder).appendingPathComponent("RECORD")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func report(top: Int = 5) async throws -> SizeReport {
        let workspace = try await StackWorkspace.open(try StackSpec.load(path: built.spec.path), tools: Toolbox())
        return workspace.sizes(top: top, buildDirectory: built.build)
    }

    func recordBytes(_ base: URL, _ distInfo: String) throws -> Int64 {
        let url = base.appendingPathComponent("\(site)/\(distInfo).dist-info/RECORD")
        return Int64(try Data(contentsOf: url).count)
    }

    @Test func packagesAreMeasuredFromTheirRecords() async throws {
        let report = try await report()
        #expect(report.layers.map(\.layer) == ["cpython-3.11", "framework-demo", "app-hello"])
        let runtime = built.build.appendingPathComponent("cpython-3.11")
        let framework = built.build.appendingPathComponent("framework-demo")
        let runtimeLayer = try #require(report.layers.first)
        #expect(
            runtimeLayer.largest
                == [.init(name: "numpy", version: "2.3.2", bytes: 3700 + (try recordBytes(runtime, "numpy-2.3.2")))])
        #expect(runtimeLayer.total == TreeSize.of(runtime))
        #expect(runtimeLayer.unowned == runtimeLayer.total - runtimeLayer.largest[0].bytes)
        let frameworkLayer = report.layers[1]
        #expect(frameworkLayer.largest.map(\.name) == ["httpx", "numpy"])
        // A quoted RECORD path with a comma counts too.
        #expect(frameworkLayer.largest[0].bytes == 2010 + (try recordBytes(framework, "httpx-0.28.1")))
        #expect(try await self.report(top: 1).layers[1].largest.map(\.name) == ["httpx"])
    }

    @Test func aDistributionTheAppSeesTwiceIsReported() async throws {
        let report = try await report()
        #expect(report.duplicates.count == 1)
        let duplicate = try #require(report.duplicates.first)
        #expect(duplicate.application == "app-hello" && duplicate.package == "numpy")
        #expect(duplicate.copies.map(\.layer) == ["framework-demo", "cpython-3.11"])
        #expect(duplicate.copies.map(\.version) == ["2.2.6", "2.3.2"])
    }

    @Test func savingsAreMeasuredByKind() async throws {
        let savings = try await report().savings
        let runtime = savings.filter { $0.layer == "cpython-3.11" }
        #expect(runtime.map(\.kind) == [.testFolders, .headers, .staticLibraries])
        #expect(runtime[0].bytes == 4500 && runtime[0].files == 2)
        #expect(runtime[0].examples == ["lib/python3.11/test", "\(site)/numpy/tests"])
        #expect(runtime[1].bytes == 200 && runtime[2].bytes == 700)
        let framework = savings.filter { $0.layer == "framework-demo" }
        #expect(framework.map(\.kind) == [.bytecodeCaches])
        #expect(framework.first?.bytes == 50)
    }

    @Test func theCommandPrintsEachPartAndJSON() throws {
        let text = try runCLI(["size", "--top", "2", built.spec.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("framework-demo: "))
        #expect(text.stdout.contains("  app-hello: numpy in framework-demo 2.2.6 ("))
        #expect(text.stdout.contains("  cpython-3.11: test folders: 4.5 kB in 2 files, e.g. lib/python3.11/test"))
        let json = try runCLI(["size", "--json", "--include", "cpython-*", built.spec.path])
        let parsed = try JSONValue.parse(Data(json.stdout.utf8))
        #expect(parsed["layers"]?[0]?["layer"] == .string("cpython-3.11"))
        #expect(parsed["layers"]?[1] == nil)
        #expect(parsed["duplicates"] == .array([]))
        let bad = try runCLI(["size", "--top", "-1", built.spec.path])
        #expect(bad.status == 64)
    }

    @Test func layersThatAreNotBuiltAreNamed() async throws {
        try FileManager.default.removeItem(at: built.build.appendingPathComponent("app-hello"))
        let report = try await report()
        #expect(report.notBuilt == ["app-hello"])
        #expect(report.duplicates.isEmpty)
    }
}
