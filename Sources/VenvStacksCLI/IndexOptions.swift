import ArgumentParser
import Foundation
import VenvStacks

/// `--index/--no-index` and `--local-wheels` (lock and build).
struct IndexOptions: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help: "Query the package indexes configured for the stack (--no-index: use only local wheels).")
    var index = true

    @Option(
        name: .customLong("local-wheels"),
        help: ArgumentHelp(
            "A folder of wheels to offer uv as well (relative to the spec's folder); repeatable.", valueName: "DIR"))
    var localWheels: [String] = []

    /// The index access these options ask for; every local wheel folder must exist.
    func access(specDirectory: URL) throws(StackError) -> IndexAccess {
        var folders: [URL] = []
        for path in localWheels {
            let folder = resolveDirectory(path, specDirectory: specDirectory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw StackError("--local-wheels \(path): \(folder.path) is not a folder")
            }
            folders.append(folder)
        }
        return IndexAccess(queryDefaultIndex: index, localWheelDirectories: folders)
    }
}
