import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `why`: which layers' locks list a package, installed or from below, for which platforms,
/// and the requirement chains from the resolve project's `uv.lock` (a hand-written one here,
/// shaped as uv writes it).
@Suite(.serialized) final class WhyCommandTests {
    let root: URL
    let project: URL
    let spec: URL

    static let uvLock = """
        version = 1
        revision = 3
        requires-python = "==3.11.*"

        [[package]]
        name = "anyio"
        version = "4.10.0"
        source = { registry = "https://pypi.org/simple" }
        dependencies = [
            { name = "idna" },
            { name = "typing-extensions", marker = "python_full_version < '3.13'" },
        ]

        [[package]]
        name = "framework-demo"
        version = "0.1.0"
        source = { virtual = "." }
        dependencies = [
            { name = "h11" },
            { name = "httpx" },
        ]

        [[package]]
        name = "h11"
        version = "0.16.0"
        source = { registry = "https://pypi.org/simple" }

        [[package]]
        name = "httpx"
        version = "0.28.1"
        source = { registry = "https://pypi.org/simple" }
        dependencies = [
            { name = "anyio" },
            { name = "h11" },
        ]

        [package.optional-dependencies]
        http2 = [
            { name = "h2" },
        ]

        [[package]]
        name = "idna"
        version = "3.10"
        source = { registry = "https://pypi.org/simple" }

        [[package]]
        name = "typing-extensions"
        version = "4.15.0"
        source = { registry = "https://pypi.org/simple" }

        """

    init() throws {
        root = try makeTemporaryDirectory()
        project = root.appendingPathComponent("project")
        try FileManager.default.copyItem(at: TestPaths.lockProject, to: project)
        spec = project.appendingPathComponent("venvstacks.toml")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func writeResolveProject() throws {
        let folder = project.appendingPathComponent("_build/framework-demo_resolve")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.uvLock.write(to: folder.appendingPathComponent("uv.lock"), atomically: true, encoding: .utf8)
    }

    func origins(_ package: String, layers: Set<String>? = nil) async throws -> PackageOrigins {
        let workspace = try await StackWorkspace.open(try StackSpec.load(path: spec.path), tools: Toolbox())
        return try workspace.origins(
            of: package, layers: layers, buildDirectory: project.appendingPathComponent("_build"))
    }

    @Test func theResolveProjectGivesTheChainWithVersionsAndMarkers() async throws {
        try writeResolveProject()
        let answer = try await origins("Typing_Extensions")
        #expect(answer.package == "typing-extensions")
        let demo = try #require(answer.layers.first { $0.layer == "framework-demo" })
        #expect(!demo.installed)
        #expect(demo.version == "4.15.0")
        #expect(demo.platforms == ["linux_x86_64", "win_amd64"])
        #expect(
            demo.source
                == .resolveProject(path: project.appendingPathComponent("_build/framework-demo_resolve/uv.lock").path))
        #expect(
            demo.chains == [
                PackageOrigins.Chain(
                    declared: "httpx>=0.28",
                    links: [
                        .init(name: "httpx", version: "0.28.1"), .init(name: "anyio", version: "4.10.0"),
                        .init(name: "typing-extensions", version: "4.15.0", marker: "python_full_version < '3.13'"),
                    ])
            ])
    }

    @Test func aDeclaredRequirementIsItsOwnChain() async throws {
        try writeResolveProject()
        let answer = try await origins("h11")
        let demo = try #require(answer.layers.first { $0.layer == "framework-demo" })
        #expect(demo.installed)
        // Both declared requirements lead to h11: directly, and through httpx.
        #expect(
            demo.chains.map(\.declared) == ["httpx>=0.28", "h11"]
                && demo.chains.map(\.links.count) == [2, 1])
    }

    @Test func withoutAResolveProjectOnlyDirectRequirementsAreKnownAndSaidSo() async throws {
        let answer = try await origins("h11")
        let demo = try #require(answer.layers.first { $0.layer == "framework-demo" })
        #expect(demo.source == .locksOnly)
        #expect(demo.chains == [PackageOrigins.Chain(declared: "h11", links: [.init(name: "h11", version: "0.16.0")])])
        let result = try runCLI(["why", "h11", spec.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("framework-demo: h11 0.16.0, installed in this layer"))
        #expect(result.stdout.contains("run 'venvstacks lock' on this machine"))
    }

    @Test func theCommandPrintsChainsAndJSON() throws {
        try writeResolveProject()
        let text = try runCLI(["why", "typing-extensions", "--layer", "framework-*", spec.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.contains(
                "  httpx>=0.28 (declared) -> httpx 0.28.1 -> anyio 4.10.0 -> typing-extensions 4.15.0 ; python_full_version < '3.13'"
            ), "\(text.stdout)")
        #expect(text.stdout.contains("provided by a lower layer (platforms: linux_x86_64, win_amd64)"))
        let json = try runCLI(["why", "--json", "typing-extensions", spec.path])
        let parsed = try JSONValue.parse(Data(json.stdout.utf8))
        #expect(parsed["package"] == .string("typing-extensions"))
        #expect(parsed["layers"]?[0]?["edges"]?["kind"] == .string("resolve-project"))
        #expect(parsed["layers"]?[0]?["chains"]?[0]?["links"]?[2]?["marker"] == .string("python_full_version < '3.13'"))
    }

    @Test func anUnknownPackageOrLayerIsOneClearLine() throws {
        let package = try runCLI(["why", "httpxx", spec.path])
        #expect(package.status == 1)
        #expect(package.stderr == "ERROR: no layer's lock lists 'httpxx'; did you mean httpx?\n", "\(package.stderr)")
        let layer = try runCLI(["why", "h11", "--layer", "framework-dmo", spec.path])
        #expect(layer.status == 1)
        #expect(layer.stderr == "ERROR: no layer matches 'framework-dmo'; did you mean framework-demo?\n")
        let elsewhere = try runCLI(["why", "h11", "--layer", "cpython-3.11", spec.path])
        #expect(elsewhere.status == 1)
        #expect(
            elsewhere.stderr.hasPrefix("ERROR: the lock of cpython-3.11 does not list 'h11'"), "\(elsewhere.stderr)")
    }

    @Test func aBuiltLayerWithoutAResolveProjectAnswersFromItsInstalledMetadata() async throws {
        let built = try FakeBuiltProject(in: root.appendingPathComponent("built"), payloadBytes: 1)
        let site = "lib/python3.11/site-packages"
        func metadata(_ layer: String, _ distInfo: String, _ requires: [String]) throws {
            let folder = built.build.appendingPathComponent("\(layer)/\(site)/\(distInfo).dist-info")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let headers = ["Metadata-Version: 2.1", "Name: x"] + requires.map { "Requires-Dist: \($0)" }
            try Data((headers.joined(separator: "\n") + "\n\nRequires-Dist: not-a-header\n").utf8)
                .write(to: folder.appendingPathComponent("METADATA"))
        }
        try metadata("framework-demo", "httpx-0.28.1", ["anyio", "h2>=3; extra == 'http2'", "h11>=0.16"])
        try metadata(
            "framework-demo", "anyio-4.10.0", ["idna>=2.8", "typing_extensions>=4.5; python_version < '3.13'"])
        try metadata("framework-demo", "h11-0.16.0", [])
        try metadata("cpython-3.11", "typing_extensions-4.15.0", [])
        let workspace = try await StackWorkspace.open(try StackSpec.load(path: built.spec.path), tools: Toolbox())
        let answer = try workspace.origins(
            of: "typing-extensions", layers: ["framework-demo"], buildDirectory: built.build)
        let demo = try #require(answer.layers.first)
        #expect(
            demo.source
                == .installedMetadata(path: built.build.appendingPathComponent("framework-demo/\(site)").path))
        #expect(
            demo.chains == [
                PackageOrigins.Chain(
                    declared: "httpx>=0.28",
                    links: [
                        .init(name: "httpx", version: "0.28.1"), .init(name: "anyio", version: "4.10.0"),
                        .init(name: "typing-extensions", version: "4.15.0", marker: "python_version < \"3.13\""),
                    ])
            ])
        // An extra's requirement is no edge, and the blank line ends the headers.
        let environment = try #require(
            LayerEnvironment.all(in: workspace.spec, states: workspace.states, buildDirectory: built.build)[
                "framework-demo"])
        let graph = try #require(DependencyGraph(installedIn: environment))
        #expect(graph.shortestPath(from: "httpx", to: "h2") == nil)
        #expect(graph.shortestPath(from: "httpx", to: "not-a-header") == nil)
        #expect(graph.shortestPath(from: "httpx", to: "h11")?.map(\.marker) == [nil, nil])
    }

    @Test func theGraphFollowsExtrasAndStopsAtUnreachablePackages() throws {
        try writeResolveProject()
        let graph = try #require(
            DependencyGraph(uvLock: project.appendingPathComponent("_build/framework-demo_resolve/uv.lock")))
        #expect(graph.shortestPath(from: "httpx", to: "h2")?.map(\.name) == ["httpx", "h2"])
        #expect(graph.shortestPath(from: "h11", to: "anyio") == nil)
        #expect(graph.shortestPath(from: "not-there", to: "h11") == nil)
        #expect(DependencyGraph(uvLock: project.appendingPathComponent("nope.lock")) == nil)
    }
}
