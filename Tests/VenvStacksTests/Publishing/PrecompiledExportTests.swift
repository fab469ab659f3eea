import Foundation
import Synchronization
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `local-export --precompiled` (docs/precompiled.md#local-export) on a hand-made build, with
/// a fake byte-code compiler and post-install: which content each layer gets, where the byte
/// code comes from, and that toggling the setting exports the layers again.
@Suite struct PrecompiledExportTests {
    /// The `lock_project` build of ``FakeBuiltProject`` with one Python module in each layer
    /// and the metadata folder every real build has.
    struct Fixture {
        let root: URL
        let project: FakeBuiltProject
        let spec: StackSpec
        let states: StackLockState
        var output: URL { project.project.appendingPathComponent("_export") }

        init() throws {
            root = try makeTemporaryDirectory()
            project = try FakeBuiltProject(in: root, payloadBytes: 64)
            spec = try StackSpec.load(path: project.spec.path)
            states = try LockStateEvaluator(
                spec: spec, filter: SourceTreeFilter(specDirectory: project.project)
            ).evaluate()
            for layer in project.layers {
                let module = project.build.appendingPathComponent("\(layer)/lib/python3.11/site-packages/mod.py")
                try FileManager.default.createDirectory(
                    at: module.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("VALUE = 1\n".utf8).write(to: module)
                try FileManager.default.createDirectory(
                    at: project.build.appendingPathComponent("\(layer)/share/venv/metadata"),
                    withIntermediateDirectories: true)
            }
        }

        func request(precompiled: Bool) -> ExportRequest {
            ExportRequest(
                plan: OperationPlan.all(in: spec, lock: .never, build: .never, publish: true),
                buildDirectory: project.build, outputDirectory: output, force: false, precompiled: precompiled, jobs: 2)
        }
    }

    /// Answers the byte-code worker as the real one would (a `.pyc` per source sent, and the
    /// report) and every post-install script with success.
    static func runner() -> ScriptedToolRunner {
        ScriptedToolRunner()
            .on("byte-compile worker", { $0.arguments.contains(BytecodeCompiler.worker) }) { invocation in
                guard let input = invocation.standardInput, let request = try? JSONValue.parse(input),
                    let out = request["out"]?.stringValue, case .array(let files)? = request["files"]
                else { return ToolResult(status: 1, standardError: Data("bad request".utf8)) }
                var compiled: [JSONValue] = []
                for case .string(let path) in files {
                    let folder = (path as NSString).deletingLastPathComponent
                    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                    let target = "\(folder)/__pycache__/\(name).cpython-311.pyc"
                    let url = URL(fileURLWithPath: out).appendingPathComponent(target)
                    try? FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try? Data("byte code of \(path)".utf8).write(to: url)
                    compiled.append(.string(target))
                }
                let report = JSONValue.object([
                    "cache_tag": .string("cpython-311"), "compiled": .array(compiled), "skipped": .array([]),
                ])
                return ToolResult(status: 0, standardOutput: Data(report.rendered().utf8))
            }
            .on("postinstall.py", { $0.arguments.last?.hasSuffix("/postinstall.py") == true }) { _ in
                ToolResult(status: 0)
            }
    }

    /// Each event as a line (`compiling framework-demo 0/1`, `exported app-hello@3`).
    final class Events: PublishObserver, Sendable {
        let lines = Mutex<[String]>([])

        func handle(_ event: PublishEvent) {
            let line: String? =
                switch event {
                case .compiling(let layer, let done, let total): "compiling \(layer) \(done)/\(total)"
                case .finished(let published):
                    "\(published.built ? "exported" : "kept") \(published.archive.lastPathComponent)"
                default: nil
                }
            if let line { lines.withLock { $0.append(line) } }
        }
    }

    @Test func aPrecompiledExportCarriesTheByteCodeAndThePrecompiledScript() async throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let runner = Self.runner()
        let events = Events()
        let exporter = LocalExporter(spec: fixture.spec, runner: runner, observer: events)
        let result = try await exporter.export(fixture.request(precompiled: true), states: fixture.states)
        #expect(result.archives.count == 3 && result.archives.allSatisfy { $0.built })
        for exported in result.archives {
            let folder = exported.archive
            let script = try String(contentsOf: folder.appendingPathComponent("postinstall.py"), encoding: .utf8)
            #expect(script == PostInstallScript.precompiledSource, "\(folder.lastPathComponent)")
            let pyc = folder.appendingPathComponent("lib/python3.11/site-packages/__pycache__/mod.cpython-311.pyc")
            #expect(try String(contentsOf: pyc, encoding: .utf8) == "byte code of lib/python3.11/site-packages/mod.py")
            let record = try JSONValue.parse(
                Data(contentsOf: folder.appendingPathComponent(LayerContents.bytecodeRecordPath)))
            #expect(record["invalidation_mode"]?.stringValue == "unchecked-hash")
            #expect(record["files"]?.intValue == 1)
            #expect(LocalExporter.isPrecompiled(folder))
        }
        // Compiled once per layer, before its post-install; the scratch folders are gone.
        let calls = runner.calls.map { $0.arguments.contains(BytecodeCompiler.worker) ? "compile" : "postinstall" }
        #expect(calls == ["compile", "postinstall", "compile", "postinstall", "compile", "postinstall"])
        let left = try FileManager.default.contentsOfDirectory(atPath: fixture.output.path)
        #expect(!left.contains { $0.contains(".bytecode") }, "\(left)")
        #expect(
            events.lines.withLock { $0 } == [
                "compiling cpython-3.11 0/1", "compiling cpython-3.11 1/1", "exported cpython-3.11",
                "compiling framework-demo 0/1", "compiling framework-demo 1/1", "exported framework-demo",
                "compiling app-hello 0/1", "compiling app-hello 1/1", "exported app-hello@3",
            ])
    }

    @Test func togglingPrecompiledExportsTheLayersAgain() async throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let runner = Self.runner()
        let exporter = LocalExporter(spec: fixture.spec, runner: runner)
        let plain = try await exporter.export(fixture.request(precompiled: false), states: fixture.states)
        #expect(plain.archives.allSatisfy { $0.built })
        #expect(!runner.calls.contains { $0.arguments.contains(BytecodeCompiler.worker) }, "no byte code compiled")
        for exported in plain.archives {
            let script = try Data(contentsOf: exported.archive.appendingPathComponent("postinstall.py"))
            #expect(script == Data(PostInstallScript.bytes))
            #expect(!LocalExporter.isPrecompiled(exported.archive))
        }
        let snippets = try plain.archives.map { try Data(contentsOf: $0.snippet) }

        let again = try await exporter.export(fixture.request(precompiled: false), states: fixture.states)
        #expect(again.archives.allSatisfy { !$0.built }, "same setting: kept")
        let precompiled = try await exporter.export(fixture.request(precompiled: true), states: fixture.states)
        #expect(precompiled.archives.allSatisfy { $0.built }, "--precompiled: exported again")
        #expect(try precompiled.archives.map { try Data(contentsOf: $0.snippet) } == snippets, "the metadata is shared")
        let kept = try await exporter.export(fixture.request(precompiled: true), states: fixture.states)
        #expect(kept.archives.allSatisfy { !$0.built })
        let back = try await exporter.export(fixture.request(precompiled: false), states: fixture.states)
        #expect(back.archives.allSatisfy { $0.built }, "--no-precompiled: exported again")
        for exported in back.archives {
            #expect(!LocalExporter.isPrecompiled(exported.archive))
            let cache = exported.archive.appendingPathComponent("lib/python3.11/site-packages/__pycache__")
            #expect(!FileManager.default.fileExists(atPath: cache.path), "no byte code left from before")
        }
    }

}
