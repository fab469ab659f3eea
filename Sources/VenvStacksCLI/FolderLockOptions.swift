import ArgumentParser
import Foundation
import VenvStacks

/// `--no-wait` (lock, build, publish, local-export, deploy): what a run does when another
/// venvstacks run is writing one of the folders it writes.
struct FolderLockOptions: ParsableArguments {
    @Flag(
        name: .customLong("no-wait"),
        help: "Fail at once when another venvstacks run is writing the same folder (default: wait for it).")
    var noWait = false

    var waiting: FolderLock.Waiting { noWait ? .failAtOnce : .wait }

    /// "waiting for another venvstacks run that is writing /x/_artifacts (it holds .venvstacks.lock)…"
    static func waitingMessage(folder: URL, lockFile: URL) -> String {
        "waiting for another venvstacks run that is writing \(folder.path) (it holds \(lockFile.lastPathComponent))…"
    }
}
