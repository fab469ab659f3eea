import Foundation

/// What a build did to one layer.
public enum BuildAction: Sendable, Equatable {
    /// Created from scratch; `reason` says why ("no earlier build", "lock changed", ...).
    case built(reason: String)
    /// Up to date: nothing was installed.
    case reused
}

/// One layer after a build run.
public struct BuiltLayer: Sendable, Equatable {
    public var buildName: String
    public var environment: URL
    public var action: BuildAction
    /// `sys.path` as the post-build check saw it (empty when the layer was reused).
    public var sysPath: [String]
}

/// Progress of a build, for the CLI to display (the engine never prints).
public enum BuildEvent: Sendable {
    /// A long step started for a layer ("installing packages", "checking", ...).
    case step(layer: String, description: String)
    /// A layer is done.
    case finished(BuiltLayer, seconds: Double)
    /// Extra detail worth showing with `-v`.
    case detail(String)
}

/// Receives ``BuildEvent``s (possibly from several threads when layers build concurrently).
public protocol BuildObserver: Sendable {
    func handle(_ event: BuildEvent)
}
