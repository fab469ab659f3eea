import Foundation

/// Publishing and exporting take a layer from the build directory: it must have been built,
/// and its last build must match its current spec and lock.
enum CurrentBuild {
    /// `purpose` is "archive" or "export", for the message. Returns the layer's build record.
    @discardableResult
    static func require(
        _ environment: LayerEnvironment, lock: LockMetadata, moduleHashes: [String], buildDirectory: URL,
        purpose: String
    ) throws(BuildError) -> JSONValue {
        let name = environment.buildName
        let recordURL = BuildRecord.url(for: name, in: buildDirectory)
        guard FileManager.default.itemExists(at: environment.python),
            let stored = BuildRecord.read(recordURL)
        else {
            throw BuildError(
                "Layer \(name): Must create environment before attempting to \(purpose) it (no complete build in "
                    + "\(environment.directory.path)); run 'venvstacks build' first")
        }
        let details = LayerDetails.json(of: environment, lock: lock, moduleHashes: moduleHashes)
        let current = BuildRecord.json(details: details, spec: LayerDetails.specJSON(of: environment.layer))
        if let stale = BuildRecord.staleness(stored: stored, current: current) {
            throw BuildError(
                "Layer \(name): the build environment is out of date (\(stale)); run 'venvstacks build' before "
                    + "trying to \(purpose) it")
        }
        return (try? JSONValue.parse(Data(stored.utf8))) ?? current
    }
}
