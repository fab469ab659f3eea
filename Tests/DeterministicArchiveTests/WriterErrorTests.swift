@testable import DeterministicArchive
import Foundation
import Testing

/// Bad input gives one readable ArchiveError and leaves neither a partial file nor an archive.
@Suite struct WriterErrorTests {
    /// Writes `entries` to `<root>/out.tar.gz`, expecting an error; returns its description.
    func failure(_ entries: [ArchiveEntry], in root: URL, destination: URL? = nil) -> String {
        let destination = destination ?? root.appendingPathComponent("out.tar.gz")
        let settings = ArchiveSettings(format: .tarGzip, threads: 1, modificationTime: testTime)
        do {
            _ = try ArchiveWriter.write(entries: entries, to: destination, settings: settings)
            Issue.record("writing \(entries.map(\.path)) should have failed")
            return ""
        } catch {
            #expect(error.description.contains(destination.path), "names the archive: \(error.description)")
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path))
            #expect(!(names ?? []).contains { $0.contains(".partial") }, "the partial file was removed: \(names ?? [])")
            return error.description
        }
    }

    @Test func duplicatePathsAreRefusedByName() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let message = failure(
            [
                ArchiveEntry(path: "a", content: .directory),
                ArchiveEntry(path: "a/x.txt", content: .data([1])),
                ArchiveEntry(path: "a/x.txt", content: .data([2])),
            ], in: root)
        #expect(message.contains("'a/x.txt' appears more than once"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out.tar.gz").path))
        // A directory and a file of one name are the same path too.
        let mixed = failure(
            [ArchiveEntry(path: "a", content: .directory), ArchiveEntry(path: "a", content: .data([]))], in: root)
        #expect(mixed.contains("'a' appears more than once"), "\(mixed)")
    }

    @Test func namesThatDifferOnlyInUnicodeNormalisationAreDifferentPaths() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let composed = "caf\u{e9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed, "Swift's String == says these are equal...")
        let settings = ArchiveSettings(format: .tarGzip, threads: 1, modificationTime: testTime)
        let result = try ArchiveWriter.write(
            entries: [
                ArchiveEntry(path: composed, content: .data([1])), ArchiveEntry(path: decomposed, content: .data([2])),
            ], to: root.appendingPathComponent("out.tar.gz"), settings: settings)
        #expect(result.entryCount == 2, "...but they are different byte strings and different files")
    }

    @Test func aMissingSourceFileIsNamedWithItsEntry() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = root.appendingPathComponent("no-such-file.py")
        let message = failure([ArchiveEntry(path: "pkg/mod.py", content: .file(missing))], in: root)
        #expect(message.contains("'pkg/mod.py'") && message.contains(missing.path), "\(message)")
        #expect(message.contains("No such file or directory"), "\(message)")
    }

    @Test func aSourceThatIsNotARegularFileIsRefused() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let link = root.appendingPathComponent("link")
        try Data("x".utf8).write(to: root.appendingPathComponent("real"))
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real")
        let viaLink = failure([ArchiveEntry(path: "f", content: .file(link))], in: root)
        #expect(viaLink.contains("'f'") && viaLink.contains("is not a regular file (it is a symlink)"), "\(viaLink)")
        let directory = failure([ArchiveEntry(path: "d", content: .file(root))], in: root)
        #expect(directory.contains("(it is a directory)"), "\(directory)")
    }

    @Test(arguments: ["", "/abs", "trailing/", "a//b", "a/./b", "../up", "a/..", "nul\u{0}byte"])
    func pathsThatAreNotRelativeArchivePathsAreRefused(path: String) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let message = failure([ArchiveEntry(path: path, content: .data([]))], in: root)
        #expect(message.contains("is not a relative archive path"), "\(message)")
    }

    @Test func aMissingDestinationFolderIsAnErrorNotACrash() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = root.appendingPathComponent("missing/out.tar.gz")
        let message = failure([ArchiveEntry(path: "a", content: .data([]))], in: root, destination: destination)
        #expect(message.contains("No such file or directory"), "\(message)")
    }

    @Test func aFailedRenameRemovesThePartialFile() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // A non-empty directory where the archive should go: everything is written, then rename fails.
        let destination = root.appendingPathComponent("out.tar.gz")
        try FileManager.default.createDirectory(
            at: destination.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let message = failure([ArchiveEntry(path: "a", content: .data([1, 2, 3]))], in: root, destination: destination)
        #expect(message.contains("cannot rename"), "\(message)")
    }
}

/// The partial file is created, never opened: nothing in its place is followed or reused.
@Suite struct PartialFileTests {
    @Test func aSymbolicLinkOrFileAtThePartialPathIsRefusedAndNotFollowed() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("elsewhere.txt")
        let link = root.appendingPathComponent(".out.tar.gz.partial-1-00000000")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(throws: ArchiveError.self) { _ = try ArchiveFileSink(creating: link) }
        #expect(!FileManager.default.fileExists(atPath: target.path), "the link's target was not created")
        let existing = root.appendingPathComponent(".out.tar.gz.partial-2-00000000")
        try Data("another writer's".utf8).write(to: existing)
        #expect(throws: ArchiveError.self) { _ = try ArchiveFileSink(creating: existing) }
        #expect(try Data(contentsOf: existing) == Data("another writer's".utf8))
    }
}
