import Foundation
import PythonPackaging

/// Turns one `[[runtimes]]`/`[[frameworks]]`/`[[applications]]` table into a `LayerSpec`,
/// reporting every field problem (dependency resolution happens later).
struct LayerFieldParser {
    let file: String
    let specDirectory: URL
    let uvConfig: CommonUVConfig
    let environment: [String: String]

    static let commonKeys = [
        "name", "requirements", "platforms", "linux_target", "macosx_target", "dynlib_exclude",
        "versioned", "package_indexes", "priority_indexes", "index_overrides", "build_requirements",
    ]

    static func allowedKeys(for kind: LayerKind) -> [String] {
        switch kind {
        case .runtime: commonKeys + ["python_implementation", "fully_versioned_name"]
        case .framework: commonKeys + ["runtime", "frameworks"]
        case .application: commonKeys + ["runtime", "frameworks", "launch_module", "support_modules"]
        }
    }

    /// Parses the table at `position` (0-based) of the `kind` array.
    func parse(
        _ node: TOMLNode, kind: LayerKind, position: Int, _ diagnostics: inout SpecDiagnostics
    ) -> LayerSpec? {
        let arrayLabel = "\(kind.category)[\(position + 1)]"
        guard case .table(let entries) = node else {
            diagnostics.error(
                SpecLocation(file: file, layer: arrayLabel),
                "each entry of '\(kind.category)' must be a table ([[\(kind.category)]]), not \(article(node.typeName))"
            )
            return nil
        }
        var reader = FieldReader(entries, location: SpecLocation(file: file, layer: arrayLabel))
        guard let name = reader.string("name", &diagnostics) else {
            if !reader.has("name") {
                diagnostics.error(
                    reader.at("name"), "missing 'name' key in layer specification (every layer needs a unique name)")
            }
            return nil
        }
        if let problem = LayerNameRules.problem(with: name) {
            diagnostics.error(reader.at("name"), problem)
            return nil
        }
        let label = "\(kind.title) '\(name)'"
        reader = FieldReader(entries, location: SpecLocation(file: file, layer: label))
        reader.checkKnownKeys(Self.allowedKeys(for: kind), into: &diagnostics) { key in
            if kind == .runtime && (key == "runtime" || key == "frameworks") {
                return "runtimes cannot depend on other layers; remove it"
            }
            if kind == .framework && (key == "launch_module" || key == "support_modules") {
                return "only applications have launch and support modules"
            }
            return nil
        }

        let requirements = parseRequirements(reader, &diagnostics)
        let platforms = parsePlatforms(reader, &diagnostics)
        let linuxTarget = parseLinuxTarget(reader, &diagnostics)
        let macosxTarget = parseMacOSTarget(reader, &diagnostics)
        let dynlibExclude = reader.stringArray("dynlib_exclude", &diagnostics) ?? []
        let versioned = reader.bool("versioned", &diagnostics) ?? false
        let indexes = parseIndexFields(reader, &diagnostics)
        if reader.has("build_requirements") {
            diagnostics.warning(
                reader.at("build_requirements"),
                "Dropping legacy field 'build_requirements' for layer '\(name)' (it has no effect; remove it)")
        }

        var implementation: PythonImplementation?
        var runtime: String?
        var frameworks: [String] = []
        var launch: AppModule?
        var support: [AppModule] = []
        switch kind {
        case .runtime:
            implementation = parseImplementation(reader, name: name, &diagnostics)
        case .framework, .application:
            runtime = reader.string("runtime", &diagnostics)
            frameworks = reader.stringArray("frameworks", &diagnostics) ?? []
            if kind == .application {
                (launch, support) = parseModules(reader, name: name, &diagnostics)
            }
        }
        var layer = LayerSpec(
            kind: kind, name: name, requirements: requirements, declaredPlatforms: platforms,
            linuxTarget: linuxTarget, macosxTarget: macosxTarget, dynlibExclude: dynlibExclude,
            versioned: versioned, packageIndexes: indexes.packageIndexes,
            priorityIndexes: indexes.priority, indexOverrides: indexes.overrides,
            pythonImplementation: implementation, runtime: runtime, declaredFrameworks: frameworks,
            launchModule: launch, supportModules: support)
        layer.rawPackageIndexNames = indexes.rawNames
        return layer
    }

    private func parseRequirements(_ reader: FieldReader, _ diagnostics: inout SpecDiagnostics) -> [Requirement] {
        guard reader.has("requirements") else {
            diagnostics.error(
                reader.at("requirements"),
                "missing 'requirements' key (list the layer's packages, or write 'requirements = []')")
            return []
        }
        guard let texts = reader.stringArray("requirements", &diagnostics) else { return [] }
        var parsed: [Requirement] = []
        for text in texts {
            do {
                parsed.append(try Requirement(text))
            } catch {
                diagnostics.error(reader.at("requirements"), "uses invalid requirement syntax: \(error)")
            }
        }
        return parsed
    }

    private func parsePlatforms(_ reader: FieldReader, _ diagnostics: inout SpecDiagnostics) -> [TargetPlatform]? {
        guard let names = reader.stringArray("platforms", &diagnostics) else { return nil }
        var platforms: [TargetPlatform] = []
        for name in names {
            guard let platform = TargetPlatform(rawValue: name) else {
                diagnostics.error(
                    reader.at("platforms"),
                    "specifies an invalid target platform (\(MessageExcerpt.quote(name)) given, expected one of \(pythonList(TargetPlatform.sortedNames)))"
                )
                continue
            }
            if !platforms.contains(platform) { platforms.append(platform) }
        }
        return platforms
    }

    private func parseLinuxTarget(_ reader: FieldReader, _ diagnostics: inout SpecDiagnostics) -> LinuxTarget {
        guard let text = reader.string("linux_target", &diagnostics) else { return .default }
        do {
            return try LinuxTarget(parsing: text)
        } catch {
            diagnostics.error(reader.at("linux_target"), error.message)
            return .default
        }
    }

    private func parseMacOSTarget(_ reader: FieldReader, _ diagnostics: inout SpecDiagnostics) -> MacOSTarget {
        let fallback = MacOSTarget.fallback(environment: environment)
        let text = reader.string("macosx_target", &diagnostics) ?? fallback
        do {
            return try MacOSTarget(parsing: text)
        } catch {
            let field = reader.has("macosx_target") ? "macosx_target" : "MACOSX_DEPLOYMENT_TARGET"
            diagnostics.error(reader.at(field), error.message)
            return (try? MacOSTarget(parsing: "13.0"))!
        }
    }

    private func parseImplementation(
        _ reader: FieldReader, name: String, _ diagnostics: inout SpecDiagnostics
    ) -> PythonImplementation? {
        var key = "python_implementation"
        if reader.has("fully_versioned_name") {
            if reader.has("python_implementation") {
                diagnostics.error(
                    reader.at("fully_versioned_name"),
                    "Layer '\(name)' sets both 'python_implementation' and the obsolete 'fully_versioned_name' (remove 'fully_versioned_name')"
                )
                return nil
            }
            diagnostics.warning(
                reader.at("fully_versioned_name"),
                "Converting legacy field name 'fully_versioned_name' to 'python_implementation' for layer '\(name)' (rename the field)"
            )
            key = "fully_versioned_name"
        }
        guard reader.has(key) else {
            diagnostics.error(
                reader.at("python_implementation"),
                "missing 'python_implementation' key (runtimes need one, e.g. python_implementation = \"cpython@3.12.1\")"
            )
            return nil
        }
        guard let text = reader.string(key, &diagnostics) else { return nil }
        do {
            return try PythonImplementation(parsing: text)
        } catch {
            diagnostics.error(reader.at(key), error.message)
            return nil
        }
    }
}

/// Formats strings as a Python list literal: `['a', 'b']`.
func pythonList(_ items: [String]) -> String {
    "[" + items.map { "'\($0)'" }.joined(separator: ", ") + "]"
}
