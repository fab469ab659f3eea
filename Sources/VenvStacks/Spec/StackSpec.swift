import Foundation

/// A loaded and validated stack specification (`venvstacks.toml`).
///
/// ```
/// <spec dir>/
///   venvstacks.toml          the spec
///   venvstacks.uv.toml       optional uv settings (ignored when the spec has [tool.uv])
///   requirements/<layer>/    lock files, one folder per layer build name
/// ```
public struct StackSpec: Sendable {
    /// Absolute, lexically normalised path of the spec file.
    public let specURL: URL
    public let runtimes: [LayerSpec]
    public let frameworks: [LayerSpec]
    public let applications: [LayerSpec]
    public let uvConfig: CommonUVConfig
    /// Legacy-field warnings found while loading.
    public let warnings: [SpecProblem]

    /// The folder holding the spec file.
    public var specDirectory: URL { specURL.deletingLastPathComponent() }
    /// `<spec dir>/requirements`: always there, it cannot be configured.
    public var requirementsDirectory: URL { specDirectory.appendingPathComponent("requirements") }

    /// Every layer in definition order (runtimes, frameworks, applications), including disabled ones.
    public var allLayers: [LayerSpec] { runtimes + frameworks + applications }

    /// Layers that target at least one platform.
    public var enabledLayers: [LayerSpec] { allLayers.filter(\.isEnabled) }

    /// The runtime with base name `name`.
    public func runtime(named name: String) -> LayerSpec? { runtimes.first { $0.name == name } }
    /// The framework with base name `name`.
    public func framework(named name: String) -> LayerSpec? { frameworks.first { $0.name == name } }
    /// The layer with build name `buildName`.
    public func layer(buildName: String) -> LayerSpec? { allLayers.first { $0.buildName == buildName } }

    init(
        specURL: URL, runtimes: [LayerSpec], frameworks: [LayerSpec], applications: [LayerSpec],
        uvConfig: CommonUVConfig, warnings: [SpecProblem]
    ) {
        self.specURL = specURL
        self.runtimes = runtimes
        self.frameworks = frameworks
        self.applications = applications
        self.uvConfig = uvConfig
        self.warnings = warnings
    }
}
