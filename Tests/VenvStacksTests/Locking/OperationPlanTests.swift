import Foundation
import Testing

@testable import VenvStacks

/// Layer selection with --include (docs/behaviour.md#layer-selection) on the minimal project.
@Suite struct OperationPlanTests {
    let spec: StackSpec

    init() throws { spec = try loadSpec(TestPaths.minimalProject) }

    func names(_ plan: OperationPlan) -> [String: [String]] {
        plan.operations.mapValues(\.names)
    }

    @Test func allLayersGetTheSameOperations() {
        let plan = OperationPlan.all(in: spec, lock: .ifNeeded, build: .always, publish: true, host: .linuxX86_64)
        #expect(plan.operations.count == 9)
        #expect(plan["app-empty"]?.names == ["lock-if-needed", "build", "publish"])
        #expect(plan["app-disabled"] == nil)
        let elsewhere = OperationPlan.all(in: spec, lock: .always, build: .always, publish: true, host: nil)
        #expect(elsewhere["app-empty"]?.names == ["lock"])
    }

    @Test func lockingAnIncludedLayerRelocksDerivedLayersAndChecksDependencies() throws {
        let plan = try OperationPlan.select(
            included: ["framework-layerC"], resetLocks: ["framework-layerC", "framework-layerA"],
            flags: .init(lock: .always, build: .never, publish: false), in: spec, host: .linuxX86_64)
        #expect(
            names(plan) == [
                "framework-layerC": ["reset-lock", "lock"],
                "framework-layerD": ["lock"],
                "app-empty": ["lock"],
                "framework-layerA": ["lock-if-needed"],
                "cpython-3.11": ["lock-if-needed"],
            ])
        var flags = OperationPlan.Flags(lock: .always, build: .never, publish: false)
        flags.lockDependencies = true
        let withDependencies = try OperationPlan.select(
            included: ["framework-layerC"], resetLocks: ["framework-layerA"], flags: flags, in: spec,
            host: .linuxX86_64)
        #expect(withDependencies["framework-layerA"]?.names == ["reset-lock", "lock"])
        #expect(withDependencies["cpython-3.11"]?.names == ["lock"])
    }

    @Test func buildSelectionsFollowTheDependencyAndDerivedFlags() throws {
        var flags = OperationPlan.Flags(lock: .never, build: .always, publish: true)
        flags.buildDerived = true
        let plan = try OperationPlan.select(
            included: ["framework-layerE"], resetLocks: [], flags: flags, in: spec, host: .linuxX86_64)
        #expect(
            names(plan) == [
                "framework-layerE": ["build", "publish"],
                "framework-layerF@1": ["build"],
                "app-empty": ["build"],
                "framework-layerB": ["build-if-needed"],
                "framework-layerA": ["build-if-needed"],
                "cpython-3.11": ["build-if-needed"],
            ])
    }

    @Test func aLayerThatIsBothDerivedAndADependencyNeedsMatchingFlags() throws {
        #expect(
            throws: StackError(
                "Conflicting lock instructions for ['framework-layerB', 'framework-layerC']: these layers are both derived from and dependencies of the included layers",
                hint: "pass matching --lock-dependencies / --lock-derived flags")
        ) {
            try OperationPlan.select(
                included: ["framework-layerA", "framework-layerD"], resetLocks: [],
                flags: .init(lock: .always, build: .never, publish: false), in: spec, host: .linuxX86_64)
        }
        var flags = OperationPlan.Flags(lock: .always, build: .never, publish: false)
        flags.lockDependencies = true
        let plan = try OperationPlan.select(
            included: ["framework-layerA", "framework-layerD"], resetLocks: [], flags: flags, in: spec,
            host: .linuxX86_64)
        #expect(plan["framework-layerB"]?.lock == .always)
    }
}

/// `venvstacks lock` options that stop before uv runs, through the real binary.
@Suite struct LockCLITests {
    let spec = TestPaths.minimalProject.path

    @Test func showOnlyListsTheSelectedLayersWithTheirOperations() throws {
        let result = try runCLI(["lock", "--show-only", "--if-needed", "--include", "*-layerC", spec])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                \(spec)
                ├── Runtimes
                │   └── *cpython-3.11 (lock-if-needed)
                ├── Frameworks
                │   ├── *framework-layerA (lock-if-needed)
                │   └── *framework-layerC (lock-if-needed)
                └── Applications

                """)
    }

    @Test func jsonWithoutShowDoesNotLock() throws {
        let result = try runCLI(["lock", "--json", "--include", "app-no-framework", spec])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(Data(result.stdout.utf8))
        guard case .object(let status) = json, case .array(let apps)? = status["applications"],
            case .object(let app)? = apps.first
        else {
            Issue.record("unexpected JSON: \(result.stdout)")
            return
        }
        #expect(app["selected_operations"] == .array([.string("lock")]))
        #expect(app["dependencies"] == nil)
        #expect(
            !FileManager.default.fileExists(
                atPath: TestPaths.minimalProject.deletingLastPathComponent().appendingPathComponent("_build").path))
    }

    @Test func badOptionsAreClearErrors() throws {
        let publish = try runCLI(["lock", "--publish", spec])
        #expect(publish.status == 64)
        #expect(publish.stderr.contains("Unknown option '--publish'"))
        let wheels = try runCLI(["lock", "--local-wheels", "no-such-wheels", "--show-only", spec])
        #expect(wheels.status == 0)
        let missingWheels = try runCLI(["lock", "--local-wheels", "no-such-wheels", "--uv", "/nonexistent/uv", spec])
        #expect(missingWheels.status == 1)
        #expect(missingWheels.stderr.hasPrefix("ERROR: "))
        let reset = try runCLI(["lock", "--reset-lock", "nomatch", "--show-only", spec])
        #expect(reset.status == 1)
        #expect(
            reset.stderr
                == "ERROR: No matching layers found for upgrade: {'nomatch'}\n  Pass '--allow-missing' to convert to warning\n"
        )
        let uv = try runCLI(["lock", "--uv", "/nonexistent/uv", spec])
        #expect(uv.status == 1)
        #expect(uv.stderr == "ERROR: --uv /nonexistent/uv: no executable file there\n")
        #expect(![publish, missingWheels, reset, uv].contains { $0.looksLikeCrash })
    }
}
