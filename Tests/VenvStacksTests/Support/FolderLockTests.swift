import Foundation
import Testing

@testable import VenvStacks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One writer per folder: the second run waits (or fails at once), the lock file is never
/// followed through a link and is gone when the lock is released.
@Suite final class FolderLockTests {
    let root: URL
    let folder: URL

    init() throws {
        root = try makeTemporaryDirectory()
        folder = root.appendingPathComponent("_artifacts")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var lockPath: String { folder.appendingPathComponent(FolderLock.fileName).path }

    @Test func aSecondLockFailsAtOnceWhenAskedNotToWait() throws {
        let held = try FolderLock(folder: folder)
        #expect(FileManager.default.fileExists(atPath: lockPath), "the folder is created and the file made")
        do {
            _ = try FolderLock(folder: folder, waiting: .failAtOnce)
            Issue.record("the second lock should fail")
        } catch {
            #expect(error.description.contains("another venvstacks run is writing \(folder.path)"))
            #expect(error.description.contains("(it holds .venvstacks.lock)"))
        }
        held.release()
        #expect(!FileManager.default.fileExists(atPath: lockPath), "released: the file is removed")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "and the folder it made and left empty")
        let next = try FolderLock(folder: folder, waiting: .failAtOnce)
        try Data().write(to: folder.appendingPathComponent("archive.tar.xz"))
        next.release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["archive.tar.xz"])
    }

    @Test func aSecondLockWaitsAndIsToldOnce() throws {
        let held = try FolderLock(folder: folder)
        let started = Date()
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.5)
            held.release()
        }
        var told: [URL] = []
        let second = try FolderLock(folder: folder) { told.append($0) }
        #expect(Date().timeIntervalSince(started) >= 0.4)
        #expect(told == [folder.appendingPathComponent(FolderLock.fileName)])
        // The first holder removed its file: the second one holds the file that is there now.
        #expect(FileManager.default.fileExists(atPath: lockPath))
        #expect(throws: FolderLockError.self) { _ = try FolderLock(folder: folder, waiting: .failAtOnce) }
        second.release()
    }

    @Test func aFileLeftByAKilledRunIsReused() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: lockPath))
        let lock = try FolderLock(folder: folder, waiting: .failAtOnce)
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: lockPath))
    }

    @Test func aSymbolicLinkAtTheLockPathIsRefusedAndItsTargetNotCreated() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = root.appendingPathComponent("planted-target")
        try FileManager.default.createSymbolicLink(atPath: lockPath, withDestinationPath: target.path)
        do {
            _ = try FolderLock(folder: folder)
            Issue.record("a link at the lock path should be refused")
        } catch {
            #expect(error.description.contains("cannot lock \(folder.path) against other venvstacks runs"))
            #expect(error.description.contains("\(lockPath) is a symbolic link"))
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func aFifoOrFolderAtTheLockPathIsRefusedAtOnce() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(mkfifo(lockPath, 0o644) == 0)
        let started = Date()
        #expect(throws: FolderLockError.self) { _ = try FolderLock(folder: folder) }
        do {
            _ = try FolderLock(folder: folder)
        } catch {
            #expect(error.description.contains("\(lockPath) is not a regular file (it is a FIFO (named pipe))"))
        }
        #expect(Date().timeIntervalSince(started) < 2)
        try FileManager.default.removeItem(atPath: lockPath)
        try FileManager.default.createDirectory(atPath: lockPath, withIntermediateDirectories: false)
        #expect(throws: FolderLockError.self) { _ = try FolderLock(folder: folder) }
    }

    @Test func aFolderThatCannotBeMadeIsExplained() throws {
        let file = root.appendingPathComponent("file")
        try Data().write(to: file)
        do {
            _ = try FolderLock(folder: file.appendingPathComponent("out"))
            Issue.record("a folder under a file cannot be made")
        } catch {
            #expect(error.description.hasSuffix(": Not a directory"), "\(error.description)")
        }
    }
}
