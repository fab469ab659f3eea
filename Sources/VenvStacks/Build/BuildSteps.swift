import Foundation
import Synchronization

/// The two scheduled steps of each layer a build handles: `build` (create the environment,
/// install, link, copy, clean up) and `check` (the post-build check, then the build record).
///
/// A layer's build waits for the builds of the layers below it; its check waits for its own
/// build and for the checks below it. So a layer's check runs while the layers above it
/// install, and no record is written before every layer under it passed its check
/// (docs/behaviour.md#building-one-layer).
struct BuildSteps {
    enum Phase: String { case build, check }

    /// Step ids in scheduling order: each layer's build, then its check, layer by layer, so
    /// with one job the steps run exactly as whole layers did.
    let order: [String]
    let dependencies: [String: Set<String>]

    init(order layers: [String], dependencies layerDependencies: [String: Set<String>]) {
        order = layers.flatMap { [Self.id(of: $0, .build), Self.id(of: $0, .check)] }
        var dependencies: [String: Set<String>] = [:]
        for layer in layers {
            let lower = layerDependencies[layer, default: []]
            dependencies[Self.id(of: layer, .build)] = Set(lower.map { Self.id(of: $0, .build) })
            dependencies[Self.id(of: layer, .check)] =
                Set(lower.map { Self.id(of: $0, .check) }).union([Self.id(of: layer, .build)])
        }
        self.dependencies = dependencies
    }

    /// `<layer> (build)` or `<layer> (check)`, read back by its fixed suffix (so any layer
    /// name works, and a scheduling error names the steps readably).
    static func id(of layer: String, _ phase: Phase) -> String { "\(layer) (\(phase.rawValue))" }

    static func parse(_ id: String) -> (layer: String, phase: Phase) {
        for phase in [Phase.build, .check] where id.hasSuffix(" (\(phase.rawValue))") {
            return (String(id.dropLast(phase.rawValue.count + 3)), phase)
        }
        preconditionFailure("not a build step id: \(id)")
    }
}

/// When each layer's build step started, for the time reported when its check is done.
final class StartTimes: Sendable {
    private let times = Mutex<[String: Date]>([:])

    func note(_ layer: String) { times.withLock { $0[layer] = Date() } }
    func time(of layer: String) -> Date { times.withLock { $0[layer] } ?? Date() }
}
