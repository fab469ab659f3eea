import Foundation

/// Read-only file access the spec loader needs (a fake can stand in for tests).
public protocol SpecFileReader: Sendable {
    /// The bytes of the file, or nil if there is no such file.
    func readBytes(at url: URL) throws -> [UInt8]?
    /// True if a file or directory exists at `url`.
    func exists(_ url: URL) -> Bool
    /// Why the existing path cannot be an application module (a device, the root folder, a
    /// kernel file system), or nil when it can.
    func moduleProblem(at url: URL) -> String?
}

extension SpecFileReader {
    public func moduleProblem(at url: URL) -> String? { nil }
}

/// Reads spec files from disk: regular files only (a FIFO, a device or a folder given as the
/// spec is refused at once, never read), at most `TOMLLimits.defaultMaxBytes` bytes.
public struct DiskSpecFileReader: SpecFileReader {
    public init() {}

    public func readBytes(at url: URL) throws -> [UInt8]? {
        do {
            return try FileSystem.readRegularFileIfPresent(at: url, maxBytes: TOMLLimits.defaultMaxBytes).map {
                [UInt8]($0)
            }
        } catch {
            if case .notRegularFile(.directory) = error.cause {
                throw StackSpecError(problems: [
                    SpecProblem(
                        SpecLocation(file: url.path),
                        "is a directory, not a stack spec file (pass the path of the .toml file)")
                ])
            }
            throw StackSpecError(problems: [SpecProblem(SpecLocation(file: url.path), error.reason)])
        }
    }

    public func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }

    public func moduleProblem(at url: URL) -> String? {
        ModulePathCheck.problem(at: url)
    }
}

extension StackSpec {
    static let topLevelKeys = ["runtimes", "frameworks", "applications", "tool"]

    /// Loads and validates the spec at `path` (relative paths are resolved against the
    /// current directory). All problems are reported together in one `StackSpecError`.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        reader: any SpecFileReader = DiskSpecFileReader()
    ) throws(StackSpecError) -> StackSpec {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let file = url.path
        let bytes: [UInt8]
        do {
            guard let contents = try reader.readBytes(at: url) else {
                throw StackSpecError(problems: [
                    SpecProblem(
                        SpecLocation(file: file),
                        "stack spec file not found (check the path; it is usually called venvstacks.toml)")
                ])
            }
            bytes = contents
        } catch let error as StackSpecError {
            throw error
        } catch {
            throw StackSpecError(problems: [
                SpecProblem(SpecLocation(file: file), "cannot be read: \(FileSystemError.reason(error))")
            ])
        }
        let uvTomlURL = url.deletingLastPathComponent().appendingPathComponent("venvstacks.uv.toml")
        let uvTomlBytes: [UInt8]?
        do {
            uvTomlBytes = try reader.readBytes(at: uvTomlURL)
        } catch let error as StackSpecError {
            throw error
        } catch {
            throw StackSpecError(problems: [
                SpecProblem(SpecLocation(file: uvTomlURL.path), "cannot be read: \(FileSystemError.reason(error))")
            ])
        }
        return try parse(
            bytes: bytes, specURL: url, uvTomlBytes: uvTomlBytes, environment: environment,
            exists: { reader.exists($0) }, moduleProblem: { reader.moduleProblem(at: $0) })
    }

    /// Validates spec text (the pure core of `load`).
    public static func parse(
        text: String, specURL: URL, uvTomlText: String?, environment: [String: String],
        exists: (URL) -> Bool
    ) throws(StackSpecError) -> StackSpec {
        try parse(
            bytes: Array(text.utf8), specURL: specURL, uvTomlBytes: uvTomlText.map { Array($0.utf8) },
            environment: environment, exists: exists)
    }

    /// Validates the spec file's bytes (the pure core of `load`): the TOML parser checks the
    /// encoding (UTF-8 only) and forbidden characters before anything else.
    public static func parse(
        bytes: [UInt8], specURL: URL, uvTomlBytes: [UInt8]?, environment: [String: String],
        exists: (URL) -> Bool, moduleProblem: (URL) -> String? = { _ in nil }
    ) throws(StackSpecError) -> StackSpec {
        let file = specURL.path
        let root: TOMLNode
        do {
            root = try TOMLDocument.parse(bytes: bytes)
        } catch {
            throw StackSpecError(problems: [
                SpecProblem(
                    SpecLocation(file: "\(file):\(error.line):\(error.column)"),
                    "invalid TOML at line \(error.line), column \(error.column): \(error.message)")
            ])
        }
        var diagnostics = SpecDiagnostics()
        FieldReader(root.entries ?? [], location: SpecLocation(file: file))
            .checkKnownKeys(topLevelKeys, into: &diagnostics)
        let uvConfig = loadUVConfig(root: root, file: file, specURL: specURL, uvTomlBytes: uvTomlBytes, &diagnostics)
        let settings = StackSettings.parse(tool: root["tool"], file: file, &diagnostics)
        let parser = LayerFieldParser(
            file: file, specDirectory: specURL.deletingLastPathComponent(), uvConfig: uvConfig,
            environment: environment)

        var parsed: [LayerKind: [LayerSpec]] = [:]
        // Names of layers that were defined but rejected: layers depending on them are not
        // told the name is unknown (the root cause is reported once, at the layer itself).
        var rejected: [LayerKind: Set<String>] = [:]
        for kind in LayerKind.allCases {
            guard let node = root[kind.category] else { continue }
            guard case .array(let items) = node else {
                diagnostics.error(
                    SpecLocation(file: file, field: kind.category),
                    "must be an array of tables (write [[\(kind.category)]] sections), not \(article(node.typeName))")
                continue
            }
            var seen = Set<String>()
            for (position, item) in items.enumerated() {
                guard let layer = parser.parse(item, kind: kind, position: position, &diagnostics) else {
                    if case .string(let name)? = item["name"] { rejected[kind, default: []].insert(name) }
                    continue
                }
                if !seen.insert(layer.name).inserted {
                    diagnostics.error(
                        SpecLocation(file: file, layer: layer.label, field: "name"),
                        "\(kind.title) names must be distinct ('\(layer.name)' already defined)")
                    continue
                }
                parsed[kind, default: []].append(layer)
            }
        }
        BuildNameCollisions.remove(from: &parsed, rejected: &rejected, file: file, &diagnostics)
        DeployedNameCollisions.remove(from: &parsed, rejected: &rejected, file: file, &diagnostics)

        let runtimes = parsed[.runtime] ?? []
        var resolver = DependencyResolver(
            file: file, runtimes: runtimes, frameworkDeclarations: parsed[.framework] ?? [],
            rejectedRuntimes: rejected[.runtime] ?? [], rejectedFrameworks: rejected[.framework] ?? [])
        var frameworks: [LayerSpec] = []
        for layer in parsed[.framework] ?? [] {
            guard let resolved = resolver.resolve(layer, &diagnostics) else {
                resolver.reject(layer)
                continue
            }
            resolver.register(resolved)
            frameworks.append(resolved)
        }
        var applications: [LayerSpec] = []
        for layer in parsed[.application] ?? [] {
            checkModules(layer, file: file, exists: exists, moduleProblem: moduleProblem, &diagnostics)
            guard let resolved = resolver.resolve(layer, &diagnostics) else { continue }
            applications.append(resolved)
        }
        guard !diagnostics.hasErrors else { throw diagnostics.error }
        return StackSpec(
            specURL: specURL, runtimes: runtimes, frameworks: frameworks, applications: applications,
            uvConfig: uvConfig, settings: settings, warnings: diagnostics.warningsToShow(file: file))
    }

    private static func loadUVConfig(
        root: TOMLNode, file: String, specURL: URL, uvTomlBytes: [UInt8]?, _ diagnostics: inout SpecDiagnostics
    ) -> CommonUVConfig {
        if let tool = root["tool"] {
            guard case .table = tool else {
                diagnostics.error(SpecLocation(file: file, field: "tool"), "must be a table")
                return CommonUVConfig()
            }
            if let uv = tool["uv"] {
                guard case .table(let entries) = uv else {
                    diagnostics.error(SpecLocation(file: file, field: "tool.uv"), "must be a table")
                    return CommonUVConfig()
                }
                return CommonUVConfig.parse(entries, source: .specToolTable, file: file, diagnostics: &diagnostics)
            }
        }
        guard let uvTomlBytes else { return CommonUVConfig() }
        let uvFile = specURL.deletingLastPathComponent().appendingPathComponent("venvstacks.uv.toml").path
        do {
            let node = try TOMLDocument.parse(bytes: uvTomlBytes)
            return CommonUVConfig.parse(
                node.entries ?? [], source: .uvTomlFile(uvFile), file: uvFile, diagnostics: &diagnostics)
        } catch {
            diagnostics.error(
                SpecLocation(file: "\(uvFile):\(error.line):\(error.column)"),
                "invalid TOML at line \(error.line), column \(error.column): \(error.message)")
            return CommonUVConfig()
        }
    }

    /// Launch and support modules must exist for every application, whatever its platforms,
    /// and be Python files or package folders (`ModulePathCheck`).
    private static func checkModules(
        _ layer: LayerSpec, file: String, exists: (URL) -> Bool, moduleProblem: (URL) -> String?,
        _ diagnostics: inout SpecDiagnostics
    ) {
        let present =
            (layer.launchModule.map { [("launch_module", $0)] } ?? [])
            + layer.supportModules.map { ("support_modules", $0) }
        let specFolder = URL(fileURLWithPath: file).deletingLastPathComponent()
        for (field, module) in present where exists(module.url) {
            if let problem = moduleProblem(module.url) ?? enclosingProblem(module.url, specFolder: specFolder) {
                diagnostics.error(
                    SpecLocation(file: file, layer: layer.label, field: field),
                    "module \(MessageExcerpt.quotePath(module.url.path)) \(problem)")
            }
        }
        if let launch = layer.launchModule, !exists(launch.url) {
            diagnostics.error(
                SpecLocation(file: file, layer: layer.label, field: "launch_module"),
                "Specified launch module \(MessageExcerpt.quotePath(launch.url.path)) does not exist (paths are relative to the spec file's folder)"
            )
        }
        let missing = layer.supportModules.filter { !exists($0.url) }
        if !missing.isEmpty {
            diagnostics.error(
                SpecLocation(file: file, layer: layer.label, field: "support_modules"),
                (["Specified support modules do not exist:"] + listed(missing.map { $0.url.path }))
                    .joined(separator: "\n"))
        }
    }

    /// Why a module cannot be the spec's own folder or a folder above it (`launch_module =
    /// "."` or `".."`): it would hold the requirements, build and output folders, so hashing
    /// and copying it would take in the tool's own output.
    private static func enclosingProblem(_ module: URL, specFolder: URL) -> String? {
        let modulePath = module.standardizedFileURL.path
        let specPath = specFolder.standardizedFileURL.path
        if modulePath == specPath {
            return
                "is the spec file's own folder, which holds the requirements, build and output folders; give the path of a Python file or package folder inside it"
        }
        guard PathMath.isInside(specPath, modulePath) else { return nil }
        return
            "is a folder above the spec file's folder, so it holds the requirements, build and output folders; give the path of a Python file or package folder inside the spec file's folder"
    }

    /// Indented paths, whole, while they fit in about 1,500 characters; the rest are counted.
    private static func listed(_ paths: [String]) -> [String] {
        var lines: [String] = []
        var used = 0
        for (index, path) in paths.enumerated() {
            let line = "    " + MessageExcerpt.escapePath(path)
            if index > 0 && used + line.count > 1_500 {
                lines.append("    … and \(paths.count - index) more (\(paths.count) in all)")
                break
            }
            lines.append(line)
            used += line.count
        }
        return lines
    }
}
