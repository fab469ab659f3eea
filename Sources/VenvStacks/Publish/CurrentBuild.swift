import Foundation

/// Publishing and exporting take a layer from the build directory: it must have been built,
/// and its last build must match its current spec and lock.
enum CurrentBuild {
    /// `purpose` is "archive" or "export", for the message. Returns what built the layer, as
    /// its build record says.
    @discardableResult
    static func require(
        _ environment: LayerEnvironment, lock: LockMetadata, moduleHashes: [String], buildDirectory: URL,
        purpose: String
    ) throws(StackError) -> BuildProvenance? {
        let name = environment.buildName
        let recordURL = BuildRecord.url(for: name, in: buildDirectory)
        guard FileManager.default.itemExists(at: environment.python),
            let stored = BuildRecord.read(recordURL)
        else {
            throw StackError(
                layer: name,
                "Must create environment before attempting to \(purpose) it (no complete build in "
                    + "\(environment.directory.path))", hint: "run 'venvstacks build' first")
        }
        let current = BuildRecord(
            details: LayerMetadata(of: environment, lock: lock, moduleHashes: moduleHashes),
            spec: LayerSpecRecord.json(of: environment.layer))
        if let stale = current.staleness(stored: stored) {
            throw StackError(
                layer: name, "the build environment is out of date (\(stale))",
                hint: "run 'venvstacks build' before trying to \(purpose) it")
        }
        return BuildRecord.provenance(in: stored)
    }
}
