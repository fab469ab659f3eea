import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `which`: the layer that gives an application a distribution, a module or a shared library,
/// on a hand-made build of the fixture stack in which numpy is installed in two layers (the
/// framework's copy shadows the runtime's) and a shared library is linked in the runtime.
@Suite(.serialized) final class WhichCommandTests {
    let root: URL
    let built: FakeBuiltProject
    let site = "lib/python3.11/site-packages"

    init() throws {
        root = try makeTemporaryDirectory()
        built = try FakeBuiltProject(in: root, payloadBytes: 10)
        let runtime = built.build.appendingPathComponent("cpython-3.11")
        let framework = built.build.appendingPathComponent("framework-demo")
        let app = built.build.appendingPathComponent("app-hello")
        try write("", runtime, "lib/python3.11/json/__init__.py")
        try write("", runtime, "\(site)/numpy/__init__.py")
        try write("numpy/__init__.py,sha256=x,0\n", runtime, "\(site)/numpy-2.3.2.dist-info/RECORD")
        try write("lib", runtime, "\(site)/numpy.libs/libgomp-a34b3233.so.1.0.0")
        let dynlib = runtime.appendingPathComponent(LayerEnvironment.dynlibPath)
        try FileManager.default.createDirectory(at: dynlib, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dynlib.appendingPathComponent("libgomp-a34b3233.so.1.0.0").path,
            withDestinationPath: "../../../\(site)/numpy.libs/libgomp-a34b3233.so.1.0.0")
        try write("", framework, "\(site)/numpy/__init__.py")
        try write("", framework, "\(site)/numpy/linalg/__init__.py")
        try write(
            "numpy/__init__.py,sha256=y,0\nnumpy/linalg/__init__.py,,\n", framework,
            "\(site)/numpy-2.2.6.dist-info/RECORD")
        try write("", framework, "\(site)/httpx/__init__.py")
        try write("httpx/__init__.py,,\n", framework, "\(site)/httpx-0.28.1.dist-info/RECORD")
        try write("print('hi')\n", app, "\(site)/hello.py")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ text: String, _ base: URL, _ path: String) throws {
        let url = base.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func providers(_ name: String, app: String = "app-hello") async throws -> Providers {
        let workspace = try await StackWorkspace.open(try StackSpec.load(path: built.spec.path), tools: Toolbox())
        return try workspace.providers(of: name, application: app, buildDirectory: built.build)
    }

    @Test func aDistributionInTwoLayersIsShadowedByTheHigherOne() async throws {
        let answer = try await providers("NumPy", app: "hello")
        #expect(answer.application == "app-hello")
        #expect(answer.searchOrder == ["app-hello", "framework-demo", "cpython-3.11"])
        #expect(answer.source == .environments)
        let distributions = answer.matches.filter { $0.kind == .distribution }
        #expect(distributions.map(\.layer) == ["framework-demo", "cpython-3.11"])
        #expect(distributions.map(\.version) == ["2.2.6", "2.3.2"])
        #expect(distributions.map(\.wins) == [true, false])
        // Module names are case-sensitive, distribution names are not.
        #expect(answer.matches.allSatisfy { $0.kind == .distribution })
        let modules = try await providers("numpy").matches.filter { $0.kind == .module }
        #expect(modules.map(\.layer) == ["framework-demo", "cpython-3.11"])
        #expect(modules.first?.distribution == "numpy" && modules.first?.version == "2.2.6")
        #expect(answer.hasShadowing)
    }

    @Test func dottedModulesAndTheStandardLibrary() async throws {
        let linalg = try await providers("numpy.linalg")
        #expect(linalg.matches.map(\.layer) == ["framework-demo"])
        #expect(linalg.matches.first?.path?.hasSuffix("\(site)/numpy/linalg") == true)
        let json = try await providers("json")
        #expect(json.matches.first?.note == "standard library" && json.matches.first?.wins == true)
        #expect(json.matches.first?.path?.hasSuffix("cpython-3.11/lib/python3.11/json") == true)
    }

    @Test func aSharedLibraryOnTheLoaderPathWins() async throws {
        let answer = try await providers("libgomp")
        let libraries = answer.matches.filter { $0.kind == .library }
        #expect(libraries.count == 1, "the linked file is not listed again")
        #expect(libraries.first?.layer == "cpython-3.11" && libraries.first?.wins == true)
        #expect(libraries.first?.path?.hasSuffix("share/venv/dynlib/libgomp-a34b3233.so.1.0.0") == true)
    }

    @Test func theCommandPrintsTheWinnerAndWhatItShadows() throws {
        let result = try runCLI(["which", "numpy", "--app", "app-hello", built.spec.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix("numpy for app-hello (search order: app-hello, framework-demo, cpython-3.11") == true
        )
        #expect(lines.contains { $0.hasPrefix("  * framework-demo 2.2.6  /") })
        #expect(lines.contains { $0.hasPrefix("    cpython-3.11 2.3.2  /") })
        #expect(lines.last == "* marks what the application gets; the other layers' copies are shadowed.")
        let json = try runCLI(["which", "--json", "httpx", "--app", "hello", built.spec.path])
        let parsed = try JSONValue.parse(Data(json.stdout.utf8))
        #expect(parsed["matches"]?[0]?["kind"] == .string("distribution"))
        #expect(parsed["matches"]?[0]?["layer"] == .string("framework-demo"))
    }

    @Test func withoutABuildTheLocksAnswerForDistributions() async throws {
        try FileManager.default.removeItem(at: BuildRecord.url(for: "app-hello", in: built.build))
        let answer = try await providers("numpy")
        #expect(answer.source == .locks)
        #expect(
            answer.matches == [
                Providers.Match(
                    kind: .distribution, layer: "cpython-3.11", version: "2.3.2", wins: true, note: "from the lock")
            ])
    }

    @Test func unknownNamesAndApplicationsAreOneClearLine() throws {
        let unknown = try runCLI(["which", "nmupy", "--app", "app-hello", built.spec.path])
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr
                == "ERROR: nothing called 'nmupy' is on app-hello's path (no distribution, module or shared library); did you mean numpy?\n",
            "\(unknown.stderr)")
        let app = try runCLI(["which", "numpy", "--app", "helo", built.spec.path])
        #expect(app.stderr == "ERROR: no application 'helo' in the stack; did you mean app-hello?\n", "\(app.stderr)")
    }
}
