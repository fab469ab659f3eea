import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// Seeded, bounded fuzzing of the spec loader: mutations of every spec the repository holds
/// must load or fail with a clear error, quickly, and never crash or hang. The fast group runs
/// a few hundred mutations in process and a few dozen through the real binary; the slow group
/// (VENVSTACKS_SLOW_TESTS=1) a few thousand and a few hundred. `VENVSTACKS_FUZZ_SEED` replays
/// another seed. An input that ever crashed the tool is kept in Tests/Fixtures/fuzz_crashes/.
@Suite struct SpecFuzzTests {
    static let seed = UInt64(ProcessInfo.processInfo.environment["VENVSTACKS_FUZZ_SEED"] ?? "") ?? 20_261_203
    static let inProcessCount = TestGroups.slow ? 4_000 : 400
    static let binaryCount = TestGroups.slow ? 300 : 40

    /// Every spec in the repository: the sample project, the fixtures (valid and invalid).
    static func corpus() throws -> [[UInt8]] {
        var specs = [TestPaths.sampleProject, TestPaths.minimalProject]
        specs += try FileManager.default.contentsOfDirectory(atPath: TestPaths.stackSpecs.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
            .map { TestPaths.stackSpecs.appendingPathComponent($0) }
        return try specs.map { Array(try Data(contentsOf: $0)) }
    }

    @Test func mutatedSpecsLoadOrFailClearlyInProcess() throws {
        let corpus = try Self.corpus()
        var mutator = SpecMutator(seed: Self.seed)
        var outcomes = (loaded: 0, rejected: 0)
        let specURL = URL(fileURLWithPath: "/fuzz/venvstacks.toml")
        for index in 0..<Self.inProcessCount {
            let input = mutator.mutate(corpus[index % corpus.count])
            let clock = ContinuousClock()
            let started = clock.now
            do {
                let spec = try StackSpec.parse(
                    bytes: input, specURL: specURL, uvTomlBytes: nil, environment: [:], exists: { _ in true })
                outcomes.loaded += 1
                checkAccepted(spec, mutation: index)
            } catch {
                outcomes.rejected += 1
                checkRejection(error, mutation: index)
            }
            let elapsed = clock.now - started
            #expect(elapsed < .seconds(2), "mutation \(index) (seed \(Self.seed)) took \(elapsed)")
        }
        // The corpus mixes valid and invalid specs: both outcomes must occur.
        #expect(outcomes.loaded > 0 && outcomes.rejected > 0, "\(outcomes)")
    }

    @Test func mutatedSpecsLoadOrFailClearlyThroughTheBinary() throws {
        let corpus = try Self.corpus()
        var mutator = SpecMutator(seed: Self.seed ^ 0xA5A5)
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("empty.py"))
        let spec = folder.appendingPathComponent("venvstacks.toml")
        for index in 0..<Self.binaryCount {
            let input = mutator.mutate(corpus[index % corpus.count])
            try Data(input).write(to: spec)
            let result = try runBounded(["show", spec.path], in: folder)
            let context = "mutation \(index) (seed \(Self.seed ^ 0xA5A5)):\n\(result.stderr.prefix(2_000))"
            #expect(result.status == 0 || result.status == 1, "exit \(result.status), \(context)")
            #expect(!result.looksLikeCrash, "\(context)")
            if result.status == 1 {
                #expect(result.stderr.hasPrefix("ERROR: "), "\(context)")
                #expect(result.stderr.count < 20_000, "\(context)")
            }
        }
    }

    /// An accepted spec only holds names that are safe path components, with unique build names.
    func checkAccepted(_ spec: StackSpec, mutation: Int) {
        var buildNames = Set<String>()
        for layer in spec.allLayers {
            #expect(LayerNameRules.problem(with: layer.name) == nil, "mutation \(mutation) accepted '\(layer.name)'")
            #expect(
                buildNames.insert(layer.buildName.lowercased()).inserted, "mutation \(mutation): \(layer.buildName)")
        }
    }

    /// A rejection is a spec error with short, readable problems.
    func checkRejection(_ error: any Error, mutation: Int) {
        guard let specError = error as? StackSpecError else {
            Issue.record("mutation \(mutation): not a spec error: \(error)")
            return
        }
        #expect(!specError.problems.isEmpty, "mutation \(mutation)")
        for problem in specError.problems {
            let text = problem.description
            #expect(!text.isEmpty && text.count < 2_000, "mutation \(mutation): \(text.prefix(300))…")
            #expect(!text.contains("NSCocoaErrorDomain") && !text.contains("\u{0}"), "mutation \(mutation)")
        }
    }
}

/// Runs the real binary under `timeout`, so a hang fails the test instead of stalling the suite.
func runBounded(_ arguments: [String], in folder: URL, seconds: Int = 20) throws -> CLIResult {
    let invocation = ToolInvocation(
        "/usr/bin/timeout", ["-s", "KILL", "\(seconds)", TestPaths.binary.path] + arguments, environment: [:],
        workingDirectory: folder)
    let result = try TestProcess.run(invocation)
    return CLIResult(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
}
