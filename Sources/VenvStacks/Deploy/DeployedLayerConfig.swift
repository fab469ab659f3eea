import Foundation

/// The parts of a deployed layer's `share/venv/metadata/venvstacks_layer.json` (see
/// docs/formats.md#deployed-layer-config) that deploying needs: its Python and its base (runtime) Python, both relative
/// to
/// the layer folder.
struct DeployedLayerConfig {
    let file: URL
    let python: String
    let basePython: String

    static func read(in folder: URL, layer: String) throws(StackError) -> DeployedLayerConfig {
        let file = folder.appendingPathComponent(LayerEnvironment.configPath)
        let json: JSONValue
        do {
            json = try JSONValue.parse(FileSystem.readRegularFile(at: file, maxBytes: FileSystem.metadataLimit))
        } catch let error as FileSystemError {
            throw StackError(layer: layer, "cannot read its layer config", cause: error)
        } catch {
            throw StackError(layer: layer, "its layer config \(file.path) is not valid JSON")
        }
        guard let python = json["python"]?.stringValue, !python.isEmpty,
            let base = json["base_python"]?.stringValue, !base.isEmpty
        else {
            throw StackError(layer: layer, file: file.path, "lacks the 'python' and 'base_python' paths")
        }
        return DeployedLayerConfig(file: file, python: python, basePython: base)
    }

    /// The layer's own Python (`bin/python`).
    func python(in folder: URL, target: URL) throws(StackError) -> URL {
        try resolve(python, key: "python", in: folder, target: target)
    }

    /// The runtime's Python the post-install script runs with.
    func basePython(in folder: URL, target: URL) throws(StackError) -> URL {
        try resolve(basePython, key: "base_python", in: folder, target: target)
    }

    /// `relative` against the layer folder; it must stay inside the deploy folder and exist.
    private func resolve(_ relative: String, key: String, in folder: URL, target: URL) throws(StackError) -> URL {
        let url = folder.appendingPathComponent(relative).standardized
        let inside = PathMath.isInside(url.path, target.standardized.path)
        guard inside, !relative.hasPrefix("/") else {
            throw StackError(file: file.path, "'\(key)' (\(relative)) leads outside the deploy folder \(target.path)")
        }
        guard FileManager.default.itemExists(at: url) else {
            throw StackError(
                file: file.path, "'\(key)' is \(url.path), which does not exist", hint: "deploy the layer's runtime too"
            )
        }
        return url
    }
}
