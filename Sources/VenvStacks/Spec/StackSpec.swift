import Foundation

/// A loaded and validated stack specification (`venvstacks.toml`).
///
/// ```
/// <spec dir>/
///   venvstacks.toml          the spec ([tool.uv] and [tool.venvstacks] included)
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
    /// This tool's stack-wide settings (`[tool.venvstacks]`).
    public let settings: StackSettings
    /// Legacy-field warnings found while loading.
    public let warnings: [SpecProblem]

    /// The folder holding the spec file.
    public var specDirectory: URL { specURL.deletingLastPathComponent() }
    /// `<spec dir>/requirements`: always there, it cannot be configured.
    public var requirementsDirectory: URL { specDirectory.appendingPathComponent("requirements") }

    /// Every layer in definition order (runtimes, frameworks, applications), including disabled ones.
    public let allLayers: [LayerSpec]
    /// Positions in `allLayers` by build name, and of runtimes and frameworks by base name, so
    /// lookups cost O(1) however large the stack (status and planning look layers up per
    /// dependency, which was cubic for long framework chains when each lookup scanned).
    private let positionByBuildName: [String: Int]
    private let runtimePositions: [String: Int]
    private let frameworkPositions: [String: Int]

    /// Layers that target at least one platform.
    public var enabledLayers: [LayerSpec] { allLayers.filter(\.isEnabled) }

    /// The runtime with base name `name`.
    public func runtime(named name: String) -> LayerSpec? { runtimePositions[name].map { runtimes[$0] } }
    /// The framework with base name `name`.
    public func framework(named name: String) -> LayerSpec? { frameworkPositions[name].map { frameworks[$0] } }
    /// True when a framework with base name `name` is defined (no copy of the layer).
    public func hasFramework(named name: String) -> Bool { frameworkPositions[name] != nil }
    /// True when a runtime with base name `name` is defined.
    public func hasRuntime(named name: String) -> Bool { runtimePositions[name] != nil }
    /// The layer with build name `buildName`.
    public func layer(buildName: String) -> LayerSpec? { positionByBuildName[buildName].map { allLayers[$0] } }

    init(
        specURL: URL, runtimes: [LayerSpec], frameworks: [LayerSpec], applications: [LayerSpec],
        uvConfig: CommonUVConfig, settings: StackSettings = StackSettings(), warnings: [SpecProblem]
    ) {
        self.specURL = specURL
        self.runtimes = runtimes
        self.frameworks = frameworks
        self.applications = applications
        self.uvConfig = uvConfig
        self.settings = settings
        self.warnings = warnings
        allLayers = runtimes + frameworks + applications
        // First definition wins, as the linear scans did (the loader rejects duplicates anyway).
        positionByBuildName = Dictionary(
            allLayers.enumerated().map { ($1.buildName, $0) }, uniquingKeysWith: { first, _ in first })
        runtimePositions = Dictionary(
            runtimes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        frameworkPositions = Dictionary(
            frameworks.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
