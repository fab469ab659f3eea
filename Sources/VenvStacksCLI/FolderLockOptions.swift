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

    /// Takes the lock of each folder (created when missing), each folder once. Every run
    /// takes its locks in the same order (by path), so two runs that each need two folders
    /// can never wait for each other. Waiting is announced on stderr once per folder.
    func lock(_ folders: [URL], console: Console) throws -> [FolderLock] {
        var unique: [String: URL] = [:]
        for folder in folders { unique[folder.standardizedFileURL.resolvingSymlinksInPath().path] = folder }
        var locks: [FolderLock] = []
        for (_, folder) in unique.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            locks.append(
                try FolderLock(folder: folder, waiting: waiting) { lockFile in
                    console.notice(Self.waitingMessage(folder: folder, lockFile: lockFile))
                })
        }
        return locks
    }

    /// "waiting for another venvstacks run that is writing /x/_artifacts (it holds .venvstacks.lock)…"
    static func waitingMessage(folder: URL, lockFile: URL) -> String {
        "waiting for another venvstacks run that is writing \(folder.path) (it holds \(lockFile.lastPathComponent))…"
    }
}
