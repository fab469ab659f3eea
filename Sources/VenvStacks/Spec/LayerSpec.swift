import Foundation
import PythonPackaging

/// The three kinds of layer in a stack.
public enum LayerKind: String, Sendable, CaseIterable, Codable {
    case runtime, framework, application

    /// The spec array and status category name (`runtimes`, ...).
    public var category: String {
        switch self {
        case .runtime: "runtimes"
        case .framework: "frameworks"
        case .application: "applications"
        }
    }

    /// The prefix of build names (`framework-`, `app-`; none for runtimes).
    public var buildPrefix: String {
        switch self {
        case .runtime: ""
        case .framework: "framework-"
        case .application: "app-"
        }
    }

    /// `Runtime`, `Framework` or `Application`, for messages.
    public var title: String {
        switch self {
        case .runtime: "Runtime"
        case .framework: "Framework"
        case .application: "Application"
        }
    }
}

/// A launch or support module of an application layer.
public struct AppModule: Sendable, Hashable {
    /// The path as written in the spec, relative to the spec directory.
    public let specPath: String
    /// The absolute path (spec directory + `specPath`, not normalised).
    public let url: URL
    /// The importable module name: the path's stem (`x.py` → `x`, `pkg/` → `pkg`).
    public var name: String { Self.moduleName(of: specPath) }

    public init(specPath: String, specDirectory: URL) {
        self.specPath = specPath
        self.url = URL(fileURLWithPath: specPath, relativeTo: specDirectory).absoluteURL
    }

    /// The stem of the last path component, as Python's `Path.stem` computes it.
    public static func moduleName(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let last = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}

/// One validated layer of a stack spec.
public struct LayerSpec: Sendable {
    public let kind: LayerKind
    /// The `name` field (the base name other layers refer to).
    public let name: String
    /// Declared requirements in spec order.
    public let requirements: [Requirement]
    /// The explicit `platforms` field, if given.
    public let declaredPlatforms: [TargetPlatform]?
    /// The platforms this layer targets after narrowing (docs/behaviour.md#platform-narrowing).
    public internal(set) var platforms: [TargetPlatform]
    public let linuxTarget: LinuxTarget
    public let macosxTarget: MacOSTarget
    public let dynlibExclude: [String]
    public let versioned: Bool
    /// Per-package index overrides (canonical names); inherited ones are merged in for layered specs.
    public internal(set) var packageIndexes: [String: String]
    /// Canonical name → the name as written in this layer's own `package_indexes` (for messages).
    public internal(set) var rawPackageIndexNames: [String: String] = [:]
    public let priorityIndexes: [String]
    public let indexOverrides: [String: String]
    /// Runtimes only: the requested Python.
    public internal(set) var pythonImplementation: PythonImplementation?
    /// The runtime's base name (a runtime names itself).
    public internal(set) var runtime: String
    /// The `frameworks` field as written.
    public let declaredFrameworks: [String]
    /// Linearised framework base names, highest sys.path priority first (docs/behaviour.md#framework-linearisation).
    public internal(set) var frameworks: [String]
    /// Applications only.
    public let launchModule: AppModule?
    /// Applications only, sorted by their spec path.
    public let supportModules: [AppModule]

    /// The build environment name (`framework-x`, `app-y`, or the runtime's name).
    public var buildName: String { kind.buildPrefix + name }

    /// `Framework 'scipy'`-style label for messages.
    public var label: String { "\(kind.title) '\(name)'" }

    /// True when the layer targets at least one platform (layers with `platforms = []` are disabled).
    public var isEnabled: Bool { !platforms.isEmpty }

    /// True if any target platform is Linux.
    public var targetsLinux: Bool { platforms.contains(where: \.isLinux) }
    /// True if any target platform is macOS.
    public var targetsMacOS: Bool { platforms.contains(where: \.isMacOS) }

    init(
        kind: LayerKind, name: String, requirements: [Requirement],
        declaredPlatforms: [TargetPlatform]?, linuxTarget: LinuxTarget, macosxTarget: MacOSTarget,
        dynlibExclude: [String], versioned: Bool, packageIndexes: [String: String],
        priorityIndexes: [String], indexOverrides: [String: String],
        pythonImplementation: PythonImplementation?, runtime: String?, declaredFrameworks: [String],
        launchModule: AppModule?, supportModules: [AppModule]
    ) {
        self.kind = kind
        self.name = name
        self.requirements = requirements
        self.declaredPlatforms = declaredPlatforms
        self.platforms = declaredPlatforms ?? (kind == .runtime ? TargetPlatform.defaultOrder : [])
        self.linuxTarget = linuxTarget
        self.macosxTarget = macosxTarget
        self.dynlibExclude = dynlibExclude
        self.versioned = versioned
        self.packageIndexes = packageIndexes
        self.priorityIndexes = priorityIndexes
        self.indexOverrides = indexOverrides
        self.pythonImplementation = pythonImplementation
        self.runtime = runtime ?? (kind == .runtime ? name : "")
        self.declaredFrameworks = declaredFrameworks
        self.frameworks = []
        self.launchModule = launchModule
        self.supportModules = supportModules
    }
}
