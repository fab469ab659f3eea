import DeterministicArchive
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Same inputs, same bytes: whatever the thread count, source location, timezone, umask and
/// locale. Serialized because some tests change process-wide state (TZ, umask, locale) briefly.
@Suite(.serialized) struct DeterminismTests {
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
        let entries = try SampleTree.create(at: root.appendingPathComponent("tree")).entries
        let saved = getenv("TZ").map { String(cString: $0) }
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        setenv("TZ", "UTC", 1)
        tzset()
        let utc = try archiveBytes(entries, format: format, in: root, name: "utc")
        setenv("TZ", "Pacific/Kiritimati", 1)
        tzset()
        let plus14 = try archiveBytes(entries, format: format, in: root, name: "plus14")
        setenv("TZ", "America/St_Johns", 1)
        tzset()
        let newfoundland = try archiveBytes(entries, format: format, in: root, name: "newfoundland")
        #expect(utc == plus14)
        #expect(utc == newfoundland)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func theUmaskOfTheSourceTreeDoesNotChangeTheBytes(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let previous = umask(0o077)
        let strict: SampleTree
        do {
            defer { umask(previous) }
            strict = try SampleTree.create(at: root.appendingPathComponent("strict"))
        }
        umask(0o022)
        let usual: SampleTree
        do {
            defer { umask(previous) }
            usual = try SampleTree.create(at: root.appendingPathComponent("usual"))
        }
        // The trees really differ on disk.
        #expect(permissions(of: strict.root.appendingPathComponent("pkg/caf\u{e9}.txt")) == 0o600)
        #expect(permissions(of: usual.root.appendingPathComponent("pkg/caf\u{e9}.txt")) == 0o644)
        #expect(permissions(of: strict.root.appendingPathComponent("pkg")) == 0o700)
        let strictArchive = try archiveBytes(try strict.entries, format: format, in: root, name: "strict")
        let usualArchive = try archiveBytes(try usual.entries, format: format, in: root, name: "usual")
        #expect(strictArchive == usualArchive)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func theProcessLocaleDoesNotChangeTheBytes(format: ArchiveFormat) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = try SampleTree.create(at: root.appendingPathComponent("tree")).entries
        #expect(entries.contains { $0.path.utf8.contains { $0 >= 0x80 } })
        let saved = setlocale(LC_ALL, nil).map { String(cString: $0) }
        defer { setlocale(LC_ALL, saved ?? "C") }
        #expect(setlocale(LC_ALL, "C") != nil)
        let plain = try archiveBytes(entries, format: format, in: root, name: "c")
        #expect(setlocale(LC_ALL, "C.UTF-8") != nil)
        let utf8 = try archiveBytes(entries, format: format, in: root, name: "utf8")
        #expect(plain == utf8)
        // And the name comes out as UTF-8.
        setlocale(LC_ALL, saved ?? "C")
        guard CommandLineTools.all else { return }
        let listing = try runTool(
            "tar", ["--quoting-style=literal", "-tf", root.appendingPathComponent("c" + format.fileExtension).path],
            environment: ["LC_ALL": "C.UTF-8"])
        #expect(listing.text.contains("pkg/caf\u{e9}.txt\n"))
    }
}
