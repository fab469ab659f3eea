import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a folder venvstacks writes, so that two runs never write the same
/// folder at once (`lock`: the requirements and build folders; `build`: the build folder;
/// `publish` and `local-export`: the output folder; `deploy`: the target folder).
///
/// ```
/// <folder>/
///   .venvstacks.lock    flock(LOCK_EX) while a run writes the folder; removed when it ends
/// ```
/// The lock file is opened without following a symbolic link and must be a regular file.
/// The kernel drops the lock when the process ends, however it ends (a file left by a
/// killed run is reused). The file is removed when the lock is released, so no lock file
/// lingers among the lock files, archives or layers; a waiting run that then holds the
/// lock of a removed file notices (the path no longer names its file) and locks anew. A
/// folder the lock created is removed too when the run left it empty.
public final class FolderLock: Sendable {
    public static let fileName = ".venvstacks.lock"

    /// What a run does when another run holds the lock.
    public enum Waiting: Sendable {
        /// Waits until the other run ends (the `onWait` callback is told once).
        case wait
        /// Fails at once with ``FolderLockError/busy``.
        case failAtOnce
    }

    public let folder: URL
    public var lockFile: URL { folder.appendingPathComponent(Self.fileName) }
    /// The open lock file (-1 once released).
    private let descriptor: Mutex<Int32>
    private let createdFolder: Bool

    /// Creates `folder` when missing and takes its lock. When another run holds it,
    /// `onWait` is called once with the lock file before waiting (or the error is thrown
    /// at once, per `waiting`).
    public init(
        folder: URL, waiting: Waiting = .wait, onWait: (_ lockFile: URL) -> Void = { _ in }
    ) throws(FolderLockError) {
        self.folder = folder
        let path = folder.appendingPathComponent(Self.fileName)
        var told = false
        var created = false
        while true {
            let descriptor = try Self.open(path, folder: folder, created: &created)
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK else {
                    let failure = FileSystemError.posix(path: path.path)
                    close(descriptor)
                    throw .unusable(folder: folder, failure)
                }
                guard waiting == .wait else {
                    close(descriptor)
                    throw .busy(folder: folder, lockFile: path)
                }
                if !told { onWait(path) }
                told = true
                while flock(descriptor, LOCK_EX) != 0 {
                    guard errno == EINTR else {
                        let failure = FileSystemError.posix(path: path.path)
                        close(descriptor)
                        throw .unusable(folder: folder, failure)
                    }
                }
            }
            // The run that held it may have removed the file (or replaced it): lock what
            // the path names now.
            if Self.isSameFile(descriptor, path) {
                self.descriptor = Mutex(descriptor)
                self.createdFolder = created
                return
            }
            close(descriptor)
        }
    }

    /// Releases the lock (also done when the lock is deallocated) and removes the file.
    public func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            if Self.isSameFile(descriptor, lockFile) {
                unlink(lockFile.path)
                if createdFolder { rmdir(folder.path) }  // only when empty
            }
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }

    /// Removes the lock file at `path` (one earlier versions used) unless a run holds it;
    /// anything but a regular file there is left alone.
    public static func removeUnusedLockFile(_ path: URL) {
        let descriptor = systemOpen(path.path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, FileKind(mode: info.st_mode) == .regularFile,
            flock(descriptor, LOCK_EX | LOCK_NB) == 0, isSameFile(descriptor, path)
        else { return }
        unlink(path.path)
    }

    /// Opens (creating) the lock file: never through a link, never anything but a regular file.
    private static func open(_ path: URL, folder: URL, created: inout Bool) throws(FolderLockError) -> Int32 {
        do throws(FileSystemError) {
            if try FileSystem.kind(at: folder) == nil { created = true }
            try FileSystem.makeDirectories(at: folder)
            if let kind = try FileSystem.kind(at: path), kind != .regularFile {
                throw FileSystemError(
                    path: path.path, cause: kind == .symbolicLink ? .symbolicLink : .notRegularFile(kind))
            }
            let descriptor = systemOpen(path.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw errno == ELOOP
                    ? FileSystemError(path: path.path, cause: .symbolicLink) : FileSystemError.posix(path: path.path)
            }
            var info = stat()
            guard fstat(descriptor, &info) == 0, FileKind(mode: info.st_mode) == .regularFile else {
                close(descriptor)
                throw FileSystemError(path: path.path, cause: .notRegularFile(FileKind(mode: info.st_mode)))
            }
            return descriptor
        } catch {
            throw .unusable(folder: folder, error)
        }
    }

    /// Whether `path` still names the file open as `descriptor`.
    private static func isSameFile(_ descriptor: Int32, _ path: URL) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(descriptor, &open) == 0, lstat(path.path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }
}

/// Why a folder could not be locked.
public enum FolderLockError: Error, Sendable, CustomStringConvertible {
    /// Another run holds the lock and this one was asked not to wait.
    case busy(folder: URL, lockFile: URL)
    /// The lock file cannot be made or locked.
    case unusable(folder: URL, FileSystemError)

    public var description: String {
        switch self {
        case .busy(let folder, let lockFile):
            "another venvstacks run is writing \(folder.path) (it holds \(lockFile.lastPathComponent)), and this run "
                + "was asked not to wait (--no-wait): run it again when the other one has finished"
        case .unusable(let folder, let failure):
            failure.path == folder.path
                ? "cannot create the folder \(failure.description)"
                : "cannot lock \(folder.path) against other venvstacks runs: \(failure.description)"
        }
    }
}

/// The C library's `open` (``FolderLock/open`` hides it inside the type).
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}

extension FolderLock {
    /// Takes the lock of each folder (created when missing), each folder once. Every run takes
    /// its locks in the same order (by resolved path), so two runs that each need two folders
    /// can never wait for each other. `onWait` hears of each folder the run waits for.
    public static func acquire(
        _ folders: [URL], waiting: Waiting, onWait: (@Sendable (_ folder: URL, _ lockFile: URL) -> Void)? = nil
    ) throws(FolderLockError) -> [FolderLock] {
        var unique: [String: URL] = [:]
        for folder in folders { unique[folder.standardizedFileURL.resolvingSymlinksInPath().path] = folder }
        var locks: [FolderLock] = []
        for (_, folder) in unique.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            locks.append(try FolderLock(folder: folder, waiting: waiting) { lockFile in onWait?(folder, lockFile) })
        }
        return locks
    }
}
