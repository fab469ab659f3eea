import Foundation
import Synchronization

/// The three scheduled steps of each layer a build handles: `build` (create the environment,
/// install, link, copy, clean up), `check` (the post-build check) and `record` (the build
/// record, then the layer is reported done).
///
/// A layer's build waits for the builds of the layers below it; its check only for its own
/// build; its record for its own check and for the records of the layers below. So a layer's
/// check runs while other layers install or are checked, and no record is written before every
/// layer under it passed its check (docs/behaviour.md#build-orchestration).
struct BuildSteps {
    enum Phase: String, CaseIterable { case build, check, record }

    /// Step ids in scheduling order: each layer's build, check and record, layer by layer, so
    /// with one job the steps run exactly as whole layers did.
    let order: [String]
    let dependencies: [String: Set<String>]
    /// Each step's estimated seconds plus the longest estimated chain of steps waiting for it:
    /// with several jobs, the ready step heading the longest chain starts first
    /// (docs/behaviour.md#build-orchestration).
    let priority: [String: Double]

    /// - Parameter estimates: seconds each step is expected to take, by step id (see
    ///   ``BuildTimings``); a step without one counts as ``defaultEstimate(of:)``.
    init(
        order layers: [String], dependencies layerDependencies: [String: Set<String>],
        estimates: [String: Double] = [:]
    ) {
        order = layers.flatMap { layer in Phase.allCases.map { Self.id(of: layer, $0) } }
        var dependencies: [String: Set<String>] = [:]
        for layer in layers {
            let lower = layerDependencies[layer, default: []]
            dependencies[Self.id(of: layer, .build)] = Set(lower.map { Self.id(of: $0, .build) })
            dependencies[Self.id(of: layer, .check)] = [Self.id(of: layer, .build)]
            dependencies[Self.id(of: layer, .record)] =
                Set(lower.map { Self.id(of: $0, .record) }).union([Self.id(of: layer, .check)])
        }
        self.dependencies = dependencies
        var waiting: [String: [String]] = [:]
        for (step, needs) in dependencies {
            for need in needs { waiting[need, default: []].append(step) }
        }
        var priority: [String: Double] = [:]
        // Steps wait only for steps earlier in `order`, so later ones are known first.
        for step in order.reversed() {
            let own = estimates[step] ?? Self.defaultEstimate(of: Self.parse(step).phase)
            priority[step] = own + (waiting[step, default: []].compactMap { priority[$0] }.max() ?? 0)
        }
        self.priority = priority
    }

    /// What a step of a layer with no recorded timings is expected to take, in seconds: a
    /// build (a new environment and an install) is usually longer than a check, and writing
    /// a record takes no time to speak of.
    static func defaultEstimate(of phase: Phase) -> Double {
        switch phase {
        case .build: 1
        case .check: 0.5
        case .record: 0
        }
    }

    /// `<layer> (build)`, `<layer> (check)` or `<layer> (record)`, read back by its fixed
    /// suffix (so any layer name works, and a scheduling error names the steps readably).
    static func id(of layer: String, _ phase: Phase) -> String { "\(layer) (\(phase.rawValue))" }

    static func parse(_ id: String) -> (layer: String, phase: Phase) {
        for phase in Phase.allCases where id.hasSuffix(" (\(phase.rawValue))") {
            return (String(id.dropLast(phase.rawValue.count + 3)), phase)
        }
        preconditionFailure("not a build step id: \(id)")
    }
}

/// What each layer's steps found out, for the steps after them: when its build started, how
/// long its build and check took (the times its build record keeps) and the `sys.path` its
/// check saw.
final class StepTimes: Sendable {
    private struct Layer {
        var started = Date()
        var buildSeconds: Double = 0
        var checkSeconds: Double = 0
        var sysPath: [String] = []
    }
    private let layers = Mutex<[String: Layer]>([:])

    func noteStart(_ layer: String) { layers.withLock { $0[layer] = Layer() } }
    func noteBuilt(_ layer: String) {
        layers.withLock { layers in
            var entry = layers[layer] ?? Layer()
            entry.buildSeconds = Date().timeIntervalSince(entry.started)
            layers[layer] = entry
        }
    }
    func noteChecked(_ layer: String, seconds: Double, sysPath: [String]) {
        layers.withLock { layers in
            var entry = layers[layer] ?? Layer()
            (entry.checkSeconds, entry.sysPath) = (seconds, sysPath)
            layers[layer] = entry
        }
    }
    func start(of layer: String) -> Date { layers.withLock { $0[layer]?.started } ?? Date() }
    func timings(of layer: String) -> BuildTimings {
        let layer = layers.withLock { $0[layer] } ?? Layer()
        return BuildTimings(buildSeconds: layer.buildSeconds, checkSeconds: layer.checkSeconds)
    }
    func sysPath(of layer: String) -> [String] { layers.withLock { $0[layer]?.sysPath } ?? [] }
}
