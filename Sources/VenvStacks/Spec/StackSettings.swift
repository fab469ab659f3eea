/// This tool's stack-wide settings: the spec's `[tool.venvstacks]` table
/// (docs/formats.md#tool-settings), which the Python tool ignores.
///
/// ```toml
/// [tool.venvstacks]
/// precompiled = true   # publish and export layers with their byte code
/// ```
public struct StackSettings: Sendable, Equatable {
    /// `precompiled`: `publish`, `build --publish` and `local-export` put each layer's byte code
    /// in its output unless the command line says `--no-precompiled` (docs/precompiled.md).
    public var precompiled: Bool

    public init(precompiled: Bool = false) {
        self.precompiled = precompiled
    }

    /// The keys `[tool.venvstacks]` accepts.
    static let keys = ["precompiled"]

    /// Reads `[tool.venvstacks]` from the spec's `tool` table (defaults when there is none);
    /// a table of another type, an unknown key or a mistyped value is a spec error.
    static func parse(tool: TOMLNode?, file: String, _ diagnostics: inout SpecDiagnostics) -> StackSettings {
        guard let node = tool?["venvstacks"] else { return StackSettings() }
        guard case .table(let entries) = node else {
            diagnostics.error(
                SpecLocation(file: file, field: "tool.venvstacks"),
                "must be a table (write [tool.venvstacks] with keys such as precompiled = true), not \(article(node.typeName))"
            )
            return StackSettings()
        }
        let reader = FieldReader(entries, location: SpecLocation(file: file, layer: "[tool.venvstacks]"))
        reader.checkKnownKeys(keys, into: &diagnostics)
        var settings = StackSettings()
        if let precompiled = reader.bool("precompiled", &diagnostics) { settings.precompiled = precompiled }
        return settings
    }
}
