import Foundation
import PythonPackaging

/// Building one layer from scratch (docs/behaviour.md#building-one-layer).
extension StackBuilder {
    /// Recreates `environment`, installs its lock, links, copies and cleans up. The check
    /// follows in ``checkLayer(_:request:)``, a step of its own, so other layers can install
    /// while this one is checked.
    func buildLayer(_ job: LayerJob, request: BuildRequest) async throws(StackError) {
        let environment = job.environment
        let name = environment.buildName
        // Without its record a half-built layer is rebuilt next time, whatever happens here.
        try removeItem(job.recordURL, layer: name)
        if environment.isRuntime {
            step(name, "copying the runtime from the runtime cache")
            _ = try await runtimes.prepare(environment.layer, in: request.buildDirectory, clean: true)
        } else {
            step(name, "creating the virtual environment")
            try await createVirtualEnvironment(environment)
        }
        step(name, "installing packages")
        let layer = environment.layer
        try await StackError.during("Failed to install into layer '\(name)'", layer: name) {
            try await runner.runChecked(
                uv.pipInstall(
                    python: environment.python,
                    platform: request.platform.uvPythonPlatform(linuxTarget: layer.linuxTarget),
                    pylock: job.pylock, macosxTarget: "\(layer.macosxTarget.major).\(layer.macosxTarget.minor)"),
                tailLines: 40)
        }
        let suffixes = try await extensionSuffixes(
            python: environment.runtimePython, layer: name, cache: job.suffixes)
        let linked = try DynamicLibraries.link(environment, extensionSuffixes: suffixes)
        if linked > 0 {
            observer?.handle(.detail("\(name): linked \(linked) shared libraries in \(LayerEnvironment.dynlibPath)"))
        }
        if layer.kind == .application {
            step(name, "copying the application modules")
            try AppModules.copy(layer, into: environment.sitePackages, filter: filter)
        }
        try write(
            environment.deployedConfig.rendered(),
            to: environment.directory.appendingPathComponent(LayerEnvironment.configPath),
            layer: name)
        let removed = try Portability.apply(to: environment, buildDirectory: request.buildDirectory)
        if !removed.isEmpty { observer?.handle(.detail("\(name): removed \(removed.count) entries from bin/")) }
    }

    /// Checks a layer ``buildLayer(_:request:)`` made; returns `sys.path` as the check saw it.
    /// The record follows in a step of its own, once the layers below passed their checks too.
    func checkLayer(_ job: LayerJob, request: BuildRequest) async throws(StackError) -> [String] {
        let environment = job.environment
        let name = environment.buildName
        step(name, "checking the environment")
        let check = check(for: environment, platform: request.platform, buildDirectory: request.buildDirectory)
        let outcome = try await check.run(
            layer: name, python: environment.python, workingDirectory: environment.directory, runner: runner)
        return outcome.sysPath
    }

    /// The post-build check of `environment`, with the build folder's byte-code cache.
    func check(for environment: LayerEnvironment, platform: TargetPlatform, buildDirectory: URL) -> EnvironmentCheck {
        let markers = platform.markerEnvironment(for: environment.implementation)
        let layer = environment.layer
        let distributions = layer.requirements.filter { $0.marker?.evaluate(markers) ?? true }.map(\.name)
        let modules = ((layer.launchModule.map { [$0] } ?? []) + layer.supportModules).map(\.name)
        let expected = [environment.sitePackages.path] + environment.dependencySitePackages
        return EnvironmentCheck(
            distributions: distributions, ownModules: modules, expectedPath: expected,
            bytecodeCache: EnvironmentCheck.bytecodeCache(in: buildDirectory))
    }

    /// A fresh `venv` of the runtime's Python (no pip, symlinks), the wrapper script and the
    /// build-time `sitecustomize.py` that links the lower layers.
    func createVirtualEnvironment(_ environment: LayerEnvironment) async throws(StackError) {
        let name = environment.buildName
        let runtimePython = environment.runtimePython
        try removeItem(environment.directory, layer: name)
        try await StackError.during("cannot create the virtual environment", layer: name) {
            try await runner.runChecked(
                ToolInvocation(
                    runtimePython.path,
                    ["-X", "utf8", "-Im", "venv", "--without-pip", "--symlinks", environment.directory.path]))
        }
        let bin = environment.directory.appendingPathComponent("bin")
        let fm = FileManager.default
        try StackError.during("cannot write the python wrapper in \(bin.path)", layer: name) {
            for link in ["python", "python_", "python3", "python\(environment.implementation.majorMinor)"] {
                try fm.removeItemIfPresent(at: bin.appendingPathComponent(link))
            }
            try fm.createSymbolicLink(
                atPath: bin.appendingPathComponent("python_").path,
                withDestinationPath: PathMath.relative(from: bin.path, to: runtimePython.path))
            let wrapper = PythonWrapper.script(
                dynlibDirectories: environment.dependencies.map {
                    "../../\($0.buildName)/\(LayerEnvironment.dynlibPath)"
                })
            try AtomicFile.write(wrapper, to: environment.python)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: environment.python.path)
            for link in ["python3", "python\(environment.implementation.majorMinor)"] {
                try fm.createSymbolicLink(atPath: bin.appendingPathComponent(link).path, withDestinationPath: "python")
            }
        }
        guard let sitecustomize = SiteCustomize.text(pythonPaths: environment.dependencySitePackages) else {
            throw StackError(layer: name, "Layered environments must at least link a base runtime environment")
        }
        try write(sitecustomize, to: environment.sitePackages.appendingPathComponent("sitecustomize.py"), layer: name)
    }

    func step(_ layer: String, _ description: String) {
        observer?.handle(.step(layer: layer, description: description))
    }

    func removeItem(_ url: URL, layer: String) throws(StackError) {
        try StackError.during("cannot remove \(url.path)", layer: layer) {
            try FileManager.default.removeItemIfPresent(at: url)
        }
    }

    func write(_ text: String, to url: URL, layer: String) throws(StackError) {
        // AtomicFile creates the folder too.
        try StackError.during("cannot write \(url.path)", layer: layer) { try AtomicFile.write(text, to: url) }
    }
}
