import DeterministicArchive
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Same inputs, same bytes: whatever the thread count, source location, timezone, umask and
/// locale. The time zone, umask and locale are set in a child process (``DeterminismProbe``),
/// never in this one, which other suites share.
@Suite struct DeterminismTests {
    @Test(arguments: ArchiveFormat.allCases)
    func threadCountDoesNotChangeTheBytes(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = try SampleTree.create(at: root.appendingPathComponent("tree"))
        let entries = try tree.entries
        let one = try archiveBytes(entries, format: format, threads: 1, in: root, name: "one")
        let two = try archiveBytes(entries, format: format, threads: 2, in: root, name: "two")
        let four = try archiveBytes(entries, format: format, threads: 4, in: root, name: "four")
        let zero = try archiveBytes(entries, format: format, threads: 0, in: root, name: "zero")
        #expect(one.count > 1000)
        #expect(one == two)
        #expect(one == four)
        #expect(one == zero)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func theSourceLocationDoesNotChangeTheBytes(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try SampleTree.create(at: root.appendingPathComponent("a"))
        let second = try SampleTree.create(at: root.appendingPathComponent("elsewhere/deeper/b"))
        let archiveA = try archiveBytes(try first.entries, format: format, in: root, name: "a")
        let archiveB = try archiveBytes(try second.entries, format: format, in: root, name: "b")
        #expect(archiveA == archiveB)
    }

    @Test func theEntryOrderGivenDoesNotChangeTheBytes() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = try SampleTree.create(at: root.appendingPathComponent("tree"))
        let entries = try tree.entries
        let forward = try archiveBytes(entries, format: .tarGzip, in: root, name: "forward")
        let shuffled = try archiveBytes(entries.shuffled(), format: .tarGzip, in: root, name: "shuffled")
        #expect(forward == shuffled)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func theTimezoneDoesNotChangeTheBytes(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try SampleTree.create(at: root.appendingPathComponent("tree"))
        let utc = try DeterminismProbe.archive(format, in: root, name: "utc", environment: ["TZ": "UTC"])
        let plus14 = try DeterminismProbe.archive(
            format, in: root, name: "plus14", environment: ["TZ": "Pacific/Kiritimati"])
        let newfoundland = try DeterminismProbe.archive(
            format, in: root, name: "newfoundland", environment: ["TZ": "America/St_Johns"])
        #expect(utc.bytes.count > 1000)
        #expect(utc == plus14)
        #expect(utc == newfoundland)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func theUmaskOfTheSourceTreeDoesNotChangeTheBytes(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let strict = try DeterminismProbe.archive(format, in: root, name: "strict", umask: "077", createTree: true)
        let usual = try DeterminismProbe.archive(format, in: root, name: "usual", umask: "022", createTree: true)
        // The trees really differ on disk.
        #expect(permissions(of: root.appendingPathComponent("strict-tree/pkg/caf\u{e9}.txt")) == 0o600)
        #expect(permissions(of: root.appendingPathComponent("usual-tree/pkg/caf\u{e9}.txt")) == 0o644)
        #expect(permissions(of: root.appendingPathComponent("strict-tree/pkg")) == 0o700)
        #expect(strict == usual)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func theProcessLocaleDoesNotChangeTheBytes(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = try SampleTree.create(at: root.appendingPathComponent("tree")).entries
        #expect(entries.contains { $0.path.utf8.contains { $0 >= 0x80 } })
        let plain = try DeterminismProbe.archive(format, in: root, name: "c", environment: ["LC_ALL": "C"])
        let utf8 = try DeterminismProbe.archive(format, in: root, name: "utf8", environment: ["LC_ALL": "C.UTF-8"])
        #expect(plain == utf8)
        // And the name comes out as UTF-8.
        guard CommandLineTools.all else { return }
        let listing = try runTool(
            "tar", ["--quoting-style=literal", "-tf", root.appendingPathComponent("c" + format.fileExtension).path],
            environment: ["LC_ALL": "C.UTF-8"])
        #expect(listing.text.contains("pkg/caf\u{e9}.txt\n"))
    }
}
