import Synchronization
import Testing

@testable import VenvStacks

@Suite struct BuildStepsTests {
    @Test func aCheckWaitsForItsBuildAndTheChecksBelowWhileBuildsWaitOnlyForBuilds() {
        let steps = BuildSteps(
            order: ["rt", "fw", "app"], dependencies: ["rt": [], "fw": ["rt"], "app": ["fw", "rt"]])
        #expect(
            steps.order == [
                "rt (build)", "rt (check)", "fw (build)", "fw (check)", "app (build)", "app (check)",
            ])
        #expect(steps.dependencies["fw (build)"] == ["rt (build)"])
        #expect(steps.dependencies["fw (check)"] == ["fw (build)", "rt (check)"])
        #expect(steps.dependencies["app (build)"] == ["fw (build)", "rt (build)"])
        #expect(steps.dependencies["app (check)"] == ["app (build)", "fw (check)", "rt (check)"])
    }

    @Test(arguments: ["rt", "app-x (build)", "a (check) (build)", "名前", ""])
    func idsReadBack(_ layer: String) {
        for phase in [BuildSteps.Phase.build, .check] {
            let parsed = BuildSteps.parse(BuildSteps.id(of: layer, phase))
            #expect(parsed.layer == layer && parsed.phase == phase)
        }
    }

    /// With one job the steps run as whole layers did: each layer built, then checked.
    @Test func oneJobRunsEachLayerWhole() async throws {
        let steps = BuildSteps(order: ["rt", "fw", "app"], dependencies: ["rt": [], "fw": ["rt"], "app": ["fw"]])
        let log = StepLog()
        _ = try await LayerScheduler.run(order: steps.order, dependencies: steps.dependencies, limit: 1) { id in
            log.append(id)
        }
        #expect(log.entries == steps.order)
    }
}

private final class StepLog: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var entries: [String] { lines.withLock { $0 } }
}
