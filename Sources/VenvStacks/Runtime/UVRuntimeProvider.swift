import Foundation

/// Obtains runtimes with `uv python install` (so uv's own settings apply, including
/// `UV_PYTHON_DOWNLOADS_JSON_URL` and `UV_PYTHON_INSTALL_MIRROR`), keeps them in a cache,
/// and copies them into the build directory as relocatable runtimes without `pip`,
/// `setuptools` and `wheel`.
///
/// ```
/// <cache>/runtimes/<source key>/          uv's install folder for one download source
///   cpython-3.11.7-linux-x86_64-gnu/      one folder per installed request
/// ```
/// The source key is a hash of the uv version (which pins uv's built-in list of archive
/// hashes) and of the custom download list or mirror in use, so a different archive for
/// the same request never reuses a stale install.
public struct UVRuntimeProvider: RuntimeProvider {
    let commands: UVCommands
    let runner: any ToolRunner
    let cacheRoot: URL
    let environment: [String: String]

    /// - Parameter fallbackDownloadList: a download list to use when
    ///   `UV_PYTHON_DOWNLOADS_JSON_URL` is not set (the project's offline mirror).
    public init(
        commands: UVCommands, runner: any ToolRunner, cacheRoot: URL, environment: [String: String],
        fallbackDownloadList: URL? = nil
    ) {
        self.commands = commands
        self.runner = runner
        self.cacheRoot = cacheRoot
        var environment = environment
        if let fallbackDownloadList, (environment["UV_PYTHON_DOWNLOADS_JSON_URL"] ?? "").isEmpty {
            environment["UV_PYTHON_DOWNLOADS_JSON_URL"] = fallbackDownloadList.path
        }
        self.environment = environment
    }

    /// The download list in use, if any.
    public var downloadList: String? {
        environment["UV_PYTHON_DOWNLOADS_JSON_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `$VENVSTACKS_CACHE_DIR`, else `$XDG_CACHE_HOME/venvstacks`, else `~/.cache/venvstacks`.
    public static func defaultCacheRoot(environment: [String: String]) -> URL {
        if let dir = environment["VENVSTACKS_CACHE_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let dir = environment["XDG_CACHE_HOME"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent("venvstacks")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/venvstacks")
    }

    /// The uv settings that decide where runtimes are downloaded from.
    static let sourceSettings = ["UV_PYTHON_DOWNLOADS_JSON_URL", "UV_PYTHON_INSTALL_MIRROR"]

    public func prepare(_ runtime: LayerSpec, in buildDirectory: URL, clean: Bool) async throws(StackError) -> URL {
        let target = buildDirectory.appendingPathComponent(runtime.buildName)
        let python = RuntimeLayout.python(in: target)
        let fileManager = FileManager.default
        if !clean && fileManager.isExecutableFile(atPath: python.path) { return python }
        guard let implementation = runtime.pythonImplementation else {
            throw StackError(layer: runtime.buildName, "no python_implementation")
        }
        // A second line of defence behind the layer-name rules.
        try StackError.during("", layer: runtime.buildName) {
            try PathContainment.check(target, inside: buildDirectory)
        }
        let installed = try await install(implementation, for: runtime)
        let staging = TemporaryName.partial(for: target)
        try StackError.during("cannot prepare", layer: runtime.buildName) {
            try FileSystem.makeDirectories(at: buildDirectory)
            try FileSystem.makeDirectory(at: staging)
        }
        do throws(StackError) {
            try await run(
                ToolInvocation("cp", ["-a", installed.path + "/.", staging.path]), layer: runtime,
                action: "copy the runtime")
            try await finish(staging, runtime: runtime, implementation: implementation)
            // The fresh copy has none of the layer's packages: whatever its build record
            // says no longer holds, so the next build installs them again.
            try StackError.during("cannot move the runtime into \(target.path)", layer: runtime.buildName) {
                try FileSystem.removeMadeItem(at: BuildRecord.url(for: runtime.buildName, in: buildDirectory))
                try FileSystem.removeMadeItem(at: target, evenALink: true)
                try FileSystem.rename(staging, to: target)
            }
        } catch {
            try? FileSystem.removeMadeItem(at: staging)
            throw error
        }
        return python
    }

    /// Finds the runtime in the cache, or installs it there first, and returns uv's install
    /// folder for it. uv installs into a scratch folder and renames it into place, so a folder
    /// that is there is complete, and uv is not started again to say so.
    func install(_ implementation: PythonImplementation, for runtime: LayerSpec) async throws(StackError) -> URL {
        let directory = try await cacheDirectory()
        let request = "\(implementation.kind.rawValue)-\(implementation.version)"
        if let cached = Self.installFolder(for: request, in: directory) { return cached }
        var invocation = commands.pythonInstall(request: request, installDirectory: directory)
        for setting in Self.sourceSettings {
            if let value = environment[setting] { invocation.environment[setting] = value }
        }
        do {
            try await runner.runChecked(invocation)
        } catch {
            throw StackError(unavailable(runtime, implementation, detail: error.description))
        }
        guard let installed = Self.installFolder(for: request, in: directory) else {
            throw StackError(
                unavailable(
                    runtime, implementation,
                    detail: "uv reported success but no '\(request)-*' folder appeared in \(directory.path)"))
        }
        return installed
    }

    /// uv's folder for `request` (`cpython-3.12.1`) in the cache folder, if it has one: the
    /// first `<request>-*` entry, by name, with a `bin` folder.
    static func installFolder(for request: String, in directory: URL) -> URL? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.sorted().first { entry in
            entry.hasPrefix(request + "-")
                && FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(entry)/bin").path)
        }.map { directory.appendingPathComponent($0) }
    }

    /// `<cache>/runtimes/<key>`, the key naming the download source.
    func cacheDirectory() async throws(StackError) -> URL {
        let directory = cacheRoot.appendingPathComponent("runtimes/\(await makeCacheKey())")
        try StackError.during(
            "cannot create the runtime cache \(directory.path)", hint: "set VENVSTACKS_CACHE_DIR to a writable folder"
        ) { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        return directory
    }

    /// The uv version and the download source, hashed.
    private func makeCacheKey() async -> String {
        var parts = ["uv=" + (await commands.versionLine(using: runner) ?? "unknown")]
        for setting in Self.sourceSettings {
            let value = environment[setting] ?? ""
            parts.append("\(setting)=\(value)")
            if setting == "UV_PYTHON_DOWNLOADS_JSON_URL", !value.isEmpty {
                let path = value.hasPrefix("file://") ? String(value.dropFirst(7)) : value
                if let data = FileManager.default.contents(atPath: path) {
                    parts.append("list=" + Self.archiveDigests(inList: data))
                }
            }
        }
        return String(ContentHash.hashStrings(parts.map { $0 + "\n" }).dropFirst("sha256:".count).prefix(16))
    }

    /// What identifies the archives of a download list: each entry's key and sha256
    /// (so the same archives listed under another folder's `file://` URLs share a cache),
    /// or the whole text when it is not such a list.
    static func archiveDigests(inList data: Data) -> String {
        guard case .object(let entries)? = try? JSONValue.parse(data) else { return ContentHash.sha256Hex(data) }
        return entries.keys.sorted().map { key in
            guard case .object(let fields)? = entries[key], let digest = fields["sha256"]?.stringValue else {
                return key
            }
            return "\(key)=\(digest)"
        }.joined(separator: ",")
    }

    /// Makes the copied runtime a venvstacks runtime layer: not marked as managed by uv,
    /// no installer packages, and a `bin/python`.
    private func finish(_ root: URL, runtime: LayerSpec, implementation: PythonImplementation)
        async throws(StackError)
    {
        let fileManager = FileManager.default
        let library = root.appendingPathComponent("lib/python\(implementation.majorMinor)")
        try? fileManager.removeItem(at: library.appendingPathComponent("EXTERNALLY-MANAGED"))
        let bin = root.appendingPathComponent("bin")
        let python = bin.appendingPathComponent("python")
        if !fileManager.fileExists(atPath: python.path) {
            for candidate in ["python3", "python\(implementation.majorMinor)"]
            where fileManager.fileExists(atPath: bin.appendingPathComponent(candidate).path) {
                try? fileManager.createSymbolicLink(atPath: python.path, withDestinationPath: candidate)
                break
            }
        }
        guard fileManager.isExecutableFile(atPath: python.path) else {
            throw StackError(layer: runtime.buildName, "the installed runtime has no bin/python (\(root.path))")
        }
        let sitePackages = library.appendingPathComponent("site-packages")
        let entries = (try? fileManager.contentsOfDirectory(atPath: sitePackages.path)) ?? []
        let installers = ["pip", "setuptools", "wheel"].filter { name in
            entries.contains { $0.hasPrefix("\(name)-") && $0.hasSuffix(".dist-info") }
        }
        if !installers.isEmpty {
            try await run(
                commands.pipUninstall(python: python, packages: installers), layer: runtime,
                action: "remove \(installers.joined(separator: ", "))")
        }
    }

    private func run(_ invocation: ToolInvocation, layer: LayerSpec, action: String) async throws(StackError) {
        try await StackError.during("failed to \(action)", layer: layer.buildName) {
            try await runner.runChecked(invocation)
        }
    }

    private func unavailable(_ runtime: LayerSpec, _ implementation: PythonImplementation, detail: String) -> String {
        let settings = Self.sourceSettings.map {
            "\($0)=\(environment[$0].map { $0.isEmpty ? "(empty)" : $0 } ?? "(not set)")"
        }
        return """
            Layer \(runtime.buildName): cannot obtain runtime \(implementation.request) with uv python install.
            \(detail)
            Runtimes are python-build-standalone builds that uv downloads (from GitHub unless configured otherwise). \
            On a machine without GitHub access, point uv at a mirror: set UV_PYTHON_DOWNLOADS_JSON_URL to a download \
            list (misc/make-runtime-mirror.sh builds one from local CPython builds), or UV_PYTHON_INSTALL_MIRROR to a \
            mirror of the python-build-standalone releases. Current settings: \(settings.joined(separator: ", ")).
            """
    }
}
