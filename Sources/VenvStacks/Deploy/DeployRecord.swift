import Foundation

/// `share/venv/metadata/venvstacks_deploy.json` in a deployed layer: which archive it came
/// from and whether its post-install step finished. Written as `extracted` before the layer
/// is renamed into place and rewritten as `ready` after `postinstall.py` succeeded, so a
/// layer whose deploy was interrupted is recognised (and redeployed) by the next run.
struct DeployRecord: Equatable {
    static let relativePath = "share/venv/metadata/venvstacks_deploy.json"

    enum State: String { case extracted, ready }

    var installTarget: String
    var archiveName: String
    var archiveSHA256: String
    var state: State

    init(installTarget: String, archiveName: String, archiveSHA256: String, state: State) {
        self.installTarget = installTarget
        self.archiveName = archiveName
        self.archiveSHA256 = archiveSHA256
        self.state = state
    }

    init(layer: PublishedLayer, state: State) {
        self.init(
            installTarget: layer.installTarget, archiveName: layer.archiveName, archiveSHA256: layer.archiveSHA256,
            state: state)
    }

    /// Whether this record says the layer was deployed, completely, from `layer`'s archive.
    func isComplete(for layer: PublishedLayer) -> Bool {
        state == .ready && installTarget == layer.installTarget && archiveSHA256 == layer.archiveSHA256
    }

    var json: JSONValue {
        .object([
            "install_target": .string(installTarget), "archive_name": .string(archiveName),
            "archive_sha256": .string(archiveSHA256), "state": .string(state.rawValue),
        ])
    }

    /// The record of the layer in `folder`, or nil when it has none (or an unreadable one).
    static func read(in folder: URL) -> DeployRecord? {
        let url = folder.appendingPathComponent(relativePath)
        guard let data = try? FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit),
            let json = try? JSONValue.parse(data),
            let target = json["install_target"]?.stringValue, let name = json["archive_name"]?.stringValue,
            let hash = json["archive_sha256"]?.stringValue,
            let state = json["state"]?.stringValue.flatMap(State.init(rawValue:))
        else { return nil }
        return DeployRecord(installTarget: target, archiveName: name, archiveSHA256: hash, state: state)
    }

    /// Writes the record into the layer in `folder` (atomically).
    func write(in folder: URL) throws(StackError) {
        try Manifest.write(json, to: folder.appendingPathComponent(Self.relativePath))
    }
}
