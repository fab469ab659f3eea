import Synchronization
import Testing

@testable import VenvStacks

@Suite struct BuildStepsTests {
    @Test func aRecordWaitsForItsCheckAndTheRecordsBelowWhileChecksWaitOnlyForTheirBuild() {
        let steps = BuildSteps(
            order: ["rt", "fw", "app"], dependencies: ["rt": [], "fw": ["rt"], "app": ["fw", "rt"]])
        #expect(
            steps.order == [
                "rt (build)", "rt (check)", "rt (record)", "fw (build)", "fw (check)", "fw (record)",
                "app (build)", "app (check)", "app (record)",
            ])
        #expect(steps.dependencies["rt (build)"] == [])
        #expect(steps.dependencies["fw (build)"] == ["rt (build)"])
        #expect(steps.dependencies["fw (check)"] == ["fw (build)"])
        #expect(steps.dependencies["fw (record)"] == ["fw (check)", "rt (record)"])
        #expect(steps.dependencies["app (build)"] == ["fw (build)", "rt (build)"])
        #expect(steps.dependencies["app (check)"] == ["app (build)"])
        #expect(steps.dependencies["app (record)"] == ["app (check)", "fw (record)", "rt (record)"])
    }

    /// A step's priority is its estimate plus the longest chain of estimates waiting for it.
    @Test func priorityFollowsTheLongestEstimatedChainAbove() {
        let steps = BuildSteps(
            order: ["rt", "fw-big", "fw-small", "app"],
            dependencies: ["rt": [], "fw-big": ["rt"], "fw-small": ["rt"], "app": ["fw-big", "rt"]],
            estimates: [
                "rt (build)": 1, "rt (check)": 0.25, "fw-big (build)": 0.5, "fw-big (check)": 2,
                "fw-small (build)": 0.5, "app (build)": 0.25, "app (check)": 0.125,
            ])
        let p = steps.priority
        #expect(p["app (record)"] == 0)
        #expect(p["app (check)"] == 0.125)
        #expect(p["app (build)"] == 0.375)
        #expect(p["fw-big (record)"] == 0)
        #expect(p["fw-big (check)"] == 2)
        #expect(p["fw-big (build)"] == 2.5)
        // No estimate: the defaults.
        #expect(p["fw-small (check)"] == BuildSteps.defaultEstimate(of: .check))
        #expect(p["fw-small (build)"] == 0.5 + BuildSteps.defaultEstimate(of: .check))
        #expect(p["rt (check)"] == 0.25)
        #expect(p["rt (build)"] == 1 + 2.5)
        // So once the runtime is built, the big framework's build starts first and its check
        // next; the runtime's check, short and with only records waiting for it, comes after.
        #expect(
            Array(LayerScheduler.prioritised(steps.order, p).prefix(5)) == [
                "rt (build)", "fw-big (build)", "fw-big (check)", "fw-small (build)", "fw-small (check)",
            ])
    }

    /// With several jobs, the ready step with the highest priority starts first.
    @Test func severalJobsStartTheHighestPriorityReadyStepFirst() async throws {
        let log = StepLog()
        // "busy" holds one of the two slots until both "low" and "high" have run, so they
        // queue for the other slot once "gate" is done, and only the priority orders them.
        _ = try await LayerScheduler.run(
            order: ["gate", "busy", "low", "high"], dependencies: ["low": ["gate"], "high": ["gate"]], limit: 2,
            priority: ["busy": 9, "gate": 3, "low": 1, "high": 2]
        ) { id in
            if id == "busy" {
                for _ in 0..<500 where !(log.entries.contains("low") && log.entries.contains("high")) {
                    try? await Task.sleep(for: .milliseconds(10))
                }
            } else {
                log.append(id)
            }
        }
        #expect(log.entries == ["gate", "high", "low"])
        // With one job, order alone decides.
        let serial = StepLog()
        _ = try await LayerScheduler.run(
            order: ["gate", "low", "high"], dependencies: ["low": ["gate"], "high": ["gate"]], limit: 1,
            priority: ["gate": 3, "low": 1, "high": 2]
        ) { id in
            serial.append(id)
        }
        #expect(serial.entries == ["gate", "low", "high"])
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
