import Foundation

/// A lower layer an environment links to: its build name, its deployed name and its
/// folder in the build directory.
public struct LinkedLayer: Sendable, Equatable {
    public let buildName: String
    public let deployedName: String
    public let directory: URL
}

/// One layer's environment in the build directory and everything derived from where it
/// sits in the stack (docs/behaviour.md#building-one-layer). Pure: nothing here touches the file system.
public struct LayerEnvironment: Sendable {
    public let layer: LayerSpec
    public let implementation: PythonImplementation
    /// `<build>/<build name>`.
    public let directory: URL
    /// The `install_target` (the build name, or `<build name>@<lock version>` when versioned).
    public let deployedName: String
    /// Linearised frameworks first, then the runtime (empty for a runtime).
    public let dependencies: [LinkedLayer]

    public init(
        layer: LayerSpec, implementation: PythonImplementation, directory: URL, deployedName: String,
        dependencies: [LinkedLayer]
    ) {
        self.layer = layer
        self.implementation = implementation
        self.directory = directory
        self.deployedName = deployedName
        self.dependencies = dependencies
    }

    public var buildName: String { layer.buildName }
    public var isRuntime: Bool { layer.kind == .runtime }

    /// `bin/python`, relative to the environment.
    public static let pythonPath = "bin/python"
    /// The folder of dynamic library links, relative to the environment.
    public static let dynlibPath = "share/venv/dynlib"
    /// The deployed configuration file, relative to the environment.
    public static let configPath = "share/venv/metadata/venvstacks_layer.json"

    /// `lib/pythonX.Y/site-packages`.
    public var sitePackagesPath: String { "lib/python\(implementation.majorMinor)/site-packages" }

    public var python: URL { directory.appendingPathComponent(Self.pythonPath) }
    public var sitePackages: URL { directory.appendingPathComponent(sitePackagesPath) }
    public var dynlibDirectory: URL { directory.appendingPathComponent(Self.dynlibPath) }

    /// The runtime this environment is based on (itself for a runtime).
    public var runtime: LinkedLayer {
        dependencies.last ?? LinkedLayer(buildName: buildName, deployedName: deployedName, directory: directory)
    }

    /// The runtime's `bin/python` in the build directory.
    public var runtimePython: URL { runtime.directory.appendingPathComponent(Self.pythonPath) }

    /// The lower layers' site-packages in the build directory, highest priority first.
    public var dependencySitePackages: [String] {
        dependencies.map { $0.directory.appendingPathComponent(sitePackagesPath).path }
    }

    /// The framework layers this environment links, highest priority first.
    public var frameworks: [LinkedLayer] { Array(dependencies.dropLast()) }

    /// `share/venv/metadata/venvstacks_layer.json` (docs/formats.md#deployed-layer-config); peers by deployed name.
    public var deployedConfig: JSONValue {
        var members: [String: JSONValue] = [
            "python": .string(Self.pythonPath),
            "py_version": .string(implementation.version),
            "site_dir": .string(sitePackagesPath),
            "base_python": .string(
                isRuntime ? Self.pythonPath : "../\(runtime.deployedName)/\(Self.pythonPath)"),
            "pylib_dirs": .array(dependencies.map { .string("../\($0.deployedName)/\(sitePackagesPath)") }),
            "dynlib_dirs": .array(dependencies.map { .string("../\($0.deployedName)/\(Self.dynlibPath)") }),
        ]
        if let launch = layer.launchModule { members["launch_module"] = .string(launch.name) }
        return .object(members)
    }
}

extension LayerEnvironment {
    /// The environment of every enabled layer whose deployed name (and its lower layers')
    /// is known, i.e. unversioned or validly locked, keyed by build name.
    public static func all(in spec: StackSpec, states: StackLockState, buildDirectory: URL) -> [String:
        LayerEnvironment]
    {
        var result: [String: LayerEnvironment] = [:]
        for layer in spec.enabledLayers {
            guard let name = states[layer.buildName]?.deployedName, let runtime = spec.runtime(named: layer.runtime),
                let implementation = runtime.pythonImplementation
            else { continue }
            let lower = LayerSelection.dependencyBuildNames(of: layer, in: spec)
            let dependencies = lower.compactMap { lowerName in
                states[lowerName]?.deployedName.map {
                    LinkedLayer(
                        buildName: lowerName, deployedName: $0,
                        directory: buildDirectory.appendingPathComponent(lowerName))
                }
            }
            guard dependencies.count == lower.count else { continue }
            result[layer.buildName] = LayerEnvironment(
                layer: layer, implementation: implementation,
                directory: buildDirectory.appendingPathComponent(layer.buildName), deployedName: name,
                dependencies: dependencies)
        }
        return result
    }
}
