import Foundation
import PythonPackaging

/// The four lock hashes (docs/formats.md#lock-hashes). Pure functions over values.
public enum LockHashes {
    /// `lock_input_hash`: the declared requirements in canonical form, cleaned and sorted.
    ///
    /// Cleaning matches venvstacks 0.8, so hashes agree with it: anything after
    /// a `#` is dropped, surrounding whitespace is stripped, empty lines and lines holding
    /// `--hash` are skipped.
    public static func lockInputHash(_ requirements: [Requirement]) -> String {
        ContentHash.hashStrings(cleanedRequirementLines(requirements.map(\.description)).sorted())
    }

    /// Applies the flat-requirements cleaning rules to `lines` (order kept): trailing `\\`
    /// and surrounding whitespace are stripped, everything from the first `#` is dropped
    /// (URL fragments included, as venvstacks 0.8 does), then empty lines and lines
    /// containing `--hash` are skipped.
    public static func cleanedRequirementLines(_ lines: [String]) -> [String] {
        lines.compactMap { line in
            var text = line
            while text.hasSuffix("\\") { text.removeLast() }
            text = text.trimmingCharacters(in: .whitespaces)
            if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
            text = text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.contains("--hash") { return nil }
            return text
        }
    }

    /// `requirements_hash` of a pylock file's packages.
    public static func requirementsHash(_ packages: [PylockPackage]) -> String {
        ContentHash.hashStrings(requirementsHashInputs(packages).sorted())
    }

    /// The strings `requirements_hash` is computed from (before sorting).
    ///
    /// Per package: `<name>==<normalised version>[ ; <marker>] from <index>` (the marker
    /// normalised with single quotes and the shared-package clause removed; `unspecified
    /// index` when there is no index), then `<wheel name>:<algorithm>:<digest>` for each
    /// wheel hash. Names are taken verbatim; sdists are never hashed.
    public static func requirementsHashInputs(_ packages: [PylockPackage]) -> [String] {
        var inputs: [String] = []
        for package in packages {
            var line = "\(package.name)==\(normalizedVersion(package.version))"
            if let marker = package.marker.map(hashedMarker), !marker.isEmpty { line += " ; \(marker)" }
            inputs.append(line + " from \(package.index ?? "unspecified index")")
            for wheel in package.wheels {
                for hash in wheel.hashes { inputs.append("\(wheel.name):\(hash.algorithm):\(hash.digest)") }
            }
        }
        return inputs
    }

    /// A pylock marker as the requirements hash sees it: normalised with single quotes,
    /// and, for a shared package, with the `from_lower_layer` clause cut off (an empty
    /// string when nothing else remains).
    public static func hashedMarker(_ marker: String) -> String {
        var text = (try? Marker(marker))?.singleQuoted ?? marker
        guard text.contains("from_lower_layer") else { return text }
        if text == sharedMarkerClause { return "" }
        if text.hasPrefix("(") { text.removeFirst() }
        let suffix = " and " + sharedMarkerClause
        if text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        if text.hasSuffix(")") { text.removeLast() }
        return text
    }

    static func normalizedVersion(_ text: String) -> String {
        (try? Version(text))?.description ?? text
    }

    /// `other_inputs_hash` inputs: the facts that decide whether a lock is still valid.
    public static func otherInputs(for layer: LayerSpec, runtime: LayerSpec) -> [String] {
        var inputs = ["py_version=\(runtime.pythonImplementation?.majorMinor ?? "")"]
        if layer.targetsLinux { inputs.append("linux_target=\(layer.linuxTarget.raw)") }
        if layer.targetsMacOS { inputs.append("macosx_target=\(layer.macosxTarget.raw)") }
        if layer.kind != .runtime {
            inputs.append(runtime.buildName)
            inputs += layer.frameworks
        }
        return inputs
    }

    /// `version_inputs_hash` inputs: what only matters for versioned layers.
    public static func versionInputs(for layer: LayerSpec, moduleHashes: [String]) -> [String] {
        ["env_name=\(layer.buildName)", "is_versioned_layer=\(layer.versioned ? "True" : "False")"] + moduleHashes
    }
}
