import Foundation
import Testing

@testable import VenvStacks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Plain-words file-system errors and reads that never block on a FIFO or a device.
@Suite final class FileSystemTests {
    let root: URL

    init() throws { root = try makeTemporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: root) }

    @Test(arguments: [
        (512, Int32(ENOSPC), "No space left on device"), (512, Int32(ENOTDIR), "Not a directory"),
        (513, Int32(EACCES), "Permission denied"), (256, Int32(EISDIR), "Is a directory"),
    ])
    func foundationErrorsBecomeTheirPosixCause(_ code: Int, _ posix: Int32, _ text: String) {
        let error = NSError(
            domain: NSCocoaErrorDomain, code: code,
            userInfo: [NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: posix)!), NSFilePathErrorKey: "/x/y"])
        let plain = FileSystemError(error)
        #expect(plain.description == "/x/y: \(text)")
        #expect(FileSystemError.reason(error) == text)
        #expect(!plain.description.contains("NSCocoaErrorDomain") && !plain.description.contains("512"))
    }

    @Test func cocoaCodesWithoutAnUnderlyingErrorAndUnknownOnesAreStillPlain() {
        #expect(
            FileSystemError(CocoaError(.fileWriteOutOfSpace), path: "/o").description == "/o: No space left on device")
        #expect(FileSystemError.reason(CocoaError(.fileWriteNoPermission)) == "Permission denied")
        #expect(FileSystemError.reason(CocoaError(.fileReadNoSuchFile)) == "No such file or directory")
        let unknown = FileSystemError(CocoaError(.fileWriteUnknown), path: "/o").description
        #expect(unknown == "/o: could not be written (unknown error)")
        #expect(FileSystemError(POSIXError(.EROFS), path: "/r").description == "/r: Read-only file system")
    }

    @Test func realFoundationFailuresArePlain() throws {
        let file = root.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        do {
            try FileManager.default.createDirectory(
                at: file.appendingPathComponent("sub"), withIntermediateDirectories: true)
            Issue.record("creating a folder under a file should fail")
        } catch {
            #expect(FileSystemError(error).description == "\(file.path)/sub: Not a directory")
        }
        do {
            _ = try Data(contentsOf: root)
            Issue.record("reading a folder should fail")
        } catch {
            #expect(FileSystemError(error).description == "\(root.path): Is a directory")
        }
    }

    @Test func aRegularFileIsReadThroughALink() throws {
        let file = root.appendingPathComponent("spec.toml")
        try Data("text".utf8).write(to: file)
        let link = root.appendingPathComponent("link.toml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(try FileSystem.readRegularFile(at: link, maxBytes: 100) == Data("text".utf8))
        #expect(throws: FileSystemError(path: file.path, cause: .tooLarge(limit: 3))) {
            try FileSystem.readRegularFile(at: file, maxBytes: 3)
        }
        let missing = root.appendingPathComponent("missing")
        #expect(try FileSystem.readRegularFileIfPresent(at: missing, maxBytes: 10) == nil)
        #expect(throws: FileSystemError.posix(ENOENT, path: missing.path)) {
            try FileSystem.readRegularFile(at: missing, maxBytes: 10)
        }
    }

    @Test func fifosDevicesAndFoldersAreRefusedAtOnce() throws {
        let fifo = root.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let zeroLink = root.appendingPathComponent("zero")
        try FileManager.default.createSymbolicLink(atPath: zeroLink.path, withDestinationPath: "/dev/zero")
        let started = Date()
        for (url, kind) in [
            (fifo, "a FIFO (named pipe)"), (URL(fileURLWithPath: "/dev/zero"), "a character device"),
            (zeroLink, "a character device"), (root, "a directory"),
        ] {
            do {
                _ = try FileSystem.readRegularFile(at: url, maxBytes: 1 << 20)
                Issue.record("\(url.path) should be refused")
            } catch {
                #expect(error.description == "\(url.path) is not a regular file (it is \(kind))")
            }
            #expect(throws: FileSystemError.self) { try FileSystem.readRegularFileIfPresent(at: url, maxBytes: 10) }
        }
        #expect(Date().timeIntervalSince(started) < 2)
    }

    /// How the spec loader reads the spec path: a FIFO or a device named as the spec fails
    /// at once with what it is, instead of hanging or "You don't have permission".
    @Test func aSpecPathThatIsAFifoOrDevZeroIsNotARegularFile() throws {
        let spec = root.appendingPathComponent("venvstacks.toml")
        #expect(mkfifo(spec.path, 0o644) == 0)
        #expect(throws: FileSystemError(path: spec.path, cause: .notRegularFile(.fifo))) {
            try FileSystem.readRegularFile(at: spec, maxBytes: FileSystem.metadataLimit)
        }
        let zero = URL(fileURLWithPath: "/dev/zero")
        do {
            _ = try FileSystem.readRegularFile(at: zero, maxBytes: FileSystem.metadataLimit)
        } catch {
            #expect(error.description == "/dev/zero is not a regular file (it is a character device)")
        }
    }

    @Test func temporaryNamesAreUniqueAndRecognised() {
        let final = root.appendingPathComponent("x.tar.xz")
        let first = TemporaryName.partial(for: final), second = TemporaryName.partial(for: final)
        #expect(first != second)
        #expect(first.deletingLastPathComponent().path == root.path)
        #expect(first.lastPathComponent.hasPrefix(".x.tar.xz.partial-\(getpid())-"))
        #expect(TemporaryName.old(for: final).lastPathComponent.hasPrefix(".x.tar.xz.old-\(getpid())-"))
        for name in [
            first.lastPathComponent, TemporaryName.old(for: final).lastPathComponent, ".x.tar.xz.partial",
            ".pylock.a.toml.partial-123", ".app@1.partial",
        ] {
            #expect(TemporaryName.isTemporary(name), "\(name)")
        }
        for name in [
            "x.partial", ".partial", ".x.old", ".x.partial-abc", ".x.partial-1-XYZ", ".x.partial-1-abcdef0",
            ".venvstacks.lock", "notes.txt", ".x.old-12",
        ] {
            #expect(!TemporaryName.isTemporary(name), "\(name)")
        }
    }

    @Test func leftoversAreRemovedButLinksAreNeitherRemovedNorFollowed() throws {
        let fm = FileManager.default
        let victim = root.appendingPathComponent("victim")
        try fm.createDirectory(at: victim, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: victim.appendingPathComponent("keep.txt"))
        let folder = root.appendingPathComponent("out")
        try fm.createDirectory(
            at: folder.appendingPathComponent(".layer.partial-1-0badcafe/sub"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(
            at: folder.appendingPathComponent(".layer.partial-1-0badcafe/sub/link"), withDestinationURL: victim)
        try Data("half".utf8).write(to: folder.appendingPathComponent(".a.tar.xz.partial"))
        try Data("half".utf8).write(to: folder.appendingPathComponent(".b.json.partial-77"))
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.partial"))
        try fm.createSymbolicLink(
            at: folder.appendingPathComponent(".c.partial-1-12345678"), withDestinationURL: victim)
        let removed = try TemporaryName.removeLeftovers(in: folder)
        #expect(removed == [".a.tar.xz.partial", ".b.json.partial-77", ".layer.partial-1-0badcafe"])
        #expect(try fm.contentsOfDirectory(atPath: folder.path).sorted() == [".c.partial-1-12345678", "notes.partial"])
        #expect(try String(contentsOf: victim.appendingPathComponent("keep.txt"), encoding: .utf8) == "keep")
        #expect(try TemporaryName.removeLeftovers(in: root.appendingPathComponent("missing")) == [])
    }

    @Test func atomicWritesReplaceALinkWithoutFollowingIt() throws {
        let target = root.appendingPathComponent("target.txt")
        try Data("theirs".utf8).write(to: target)
        let file = root.appendingPathComponent("sub/record.json")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: target)
        #expect(try AtomicFile.write("ours", to: file))
        #expect(try FileSystem.kind(at: file) == .regularFile)
        #expect(try String(contentsOf: target, encoding: .utf8) == "theirs")
        #expect(try !AtomicFile.write("ours", to: file), "unchanged content is not rewritten")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
        let fifo = root.appendingPathComponent("sub/fifo.json")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect(try AtomicFile.write("replaced", to: fifo))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path).sorted()
                == ["fifo.json", "record.json"])
        let blocked = root.appendingPathComponent("file")
        try Data().write(to: blocked)
        #expect(throws: FileSystemError.posix(ENOTDIR, path: blocked.path + "/x/y.json")) {
            try AtomicFile.write("x", to: blocked.appendingPathComponent("x/y.json"))
        }
    }

    /// `local-export` on a full disk blamed the source (`…/_build/rt/lib/libpython3.11.so.1.0:
    /// No space left on device`): a copy that cannot be written names the file being written.
    @Test func aCopyThatCannotBeWrittenNamesTheDestination() throws {
        let source = root.appendingPathComponent("libpython.so")
        try Data(repeating: 7, count: 100_000).write(to: source)
        let input = open(source.path, O_RDONLY)
        let full = open("/dev/full", O_WRONLY)
        defer {
            close(input)
            close(full)
        }
        try #require(input >= 0 && full >= 0)
        let destination = root.appendingPathComponent("export/libpython.so").path
        #expect(throws: FileSystemError.posix(ENOSPC, path: destination)) {
            try FileSystem.copyContents(of: input, source: source.path, to: full, destination: destination)
        }
        let text = StackError(
            "cannot export x to \(destination)", cause: FileSystemError.posix(ENOSPC, path: destination))
        #expect(text.description == "cannot export x to \(destination): No space left on device")
    }

    @Test func aCopyKeepsModeAndModificationTimeAndNeverOverwrites() throws {
        let source = root.appendingPathComponent("tool")
        try Data("#!/bin/sh\n".utf8).write(to: source)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755, .modificationDate: Date(timeIntervalSince1970: 1_000_000)],
            ofItemAtPath: source.path)
        let copy = root.appendingPathComponent("copy")
        try FileSystem.copyFile(from: source, to: copy)
        let attributes = try FileManager.default.attributesOfItem(atPath: copy.path)
        #expect(attributes[.posixPermissions] as? Int == 0o755)
        #expect((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 == 1_000_000)
        #expect(try Data(contentsOf: copy) == Data("#!/bin/sh\n".utf8))
        #expect(throws: FileSystemError.posix(EEXIST, path: copy.path)) {
            try FileSystem.copyFile(from: source, to: copy)
        }
    }
}
