import Foundation
import Testing

@testable import VenvStacks

@Suite struct DocumentChangesTests {
    static let oldLock = """
        lock-version = "1.0"
        [[packages]]
        name = "numpy"
        version = "2.3.2"
        wheels = [
            { name = "numpy-2.3.2-cp311-cp311-manylinux_2_28_x86_64.whl", url = "https://x/a.whl", hashes = { sha256 = "aa" } },
            { name = "numpy-2.3.2-cp311-cp311-win_amd64.whl", url = "https://x/b.whl", hashes = { sha256 = "bb" } },
        ]
        """

    static let sizedLock = oldLock.replacingOccurrences(
        of: "hashes = { sha256 = \"aa\" }", with: "size = 100, hashes = { sha256 = \"aa\" }"
    ).replacingOccurrences(of: "hashes = { sha256 = \"bb\" }", with: "size = 200, hashes = { sha256 = \"bb\" }")

    @Test func onlyAddedWheelSizesAreExplainedAsIndexMetadataDrift() throws {
        let changes = try #require(
            DocumentChanges.compare(name: "pylock.x.toml", old: Data(Self.oldLock.utf8), new: Data(Self.sizedLock.utf8))
        )
        #expect(changes.added.keys.sorted() == ["packages[0].wheels[0].size", "packages[0].wheels[1].size"])
        #expect(changes.changed.isEmpty && changes.removed.isEmpty)
        let summary = changes.summary()
        #expect(summary[0] == "2 keys added: packages[*].wheels[*].size ×2")
        #expect(
            summary.last
                == "likely cause: only wheel `size` entries were added: the index's metadata changed, the resolution did not"
        )
    }

    @Test func aVersionChangeIsNotExplainedAway() throws {
        let bumped = Self.sizedLock.replacingOccurrences(of: "version = \"2.3.2\"", with: "version = \"2.3.3\"")
        let changes = try #require(
            DocumentChanges.compare(name: "pylock.x.toml", old: Data(Self.oldLock.utf8), new: Data(bumped.utf8)))
        #expect(changes.changed["packages[0].version"] == ["\"2.3.2\"", "\"2.3.3\""])
        #expect(changes.likelyCause == nil)
        #expect(changes.summary().contains("  packages[0].version: \"2.3.2\" -> \"2.3.3\""))
    }

    @Test func archiveOnlyMetadataChangesAreNamed() throws {
        let old = #"{"archive_size": 10, "archive_hashes": {"sha256": "aa"}, "layer_name": "x"}"#
        let new = #"{"archive_size": 12, "archive_hashes": {"sha256": "bb"}, "layer_name": "x"}"#
        let changes = try #require(DocumentChanges.compare(name: "x.json", old: Data(old.utf8), new: Data(new.utf8)))
        #expect(changes.changed.count == 2)
        #expect(changes.likelyCause?.hasPrefix("only archive sizes and hashes changed") == true)
    }

    @Test func unparseableOrUnknownFilesFallBackToLines() {
        #expect(DocumentChanges.compare(name: "x.toml", old: Data("a = ".utf8), new: Data("a = 1".utf8)) == nil)
        #expect(DocumentChanges.compare(name: "x.txt", old: Data(), new: Data()) == nil)
        let lines = TextChanges.summary(old: Data("a==1\nb==2\n".utf8), new: Data("a==1\nb==3\n".utf8))
        #expect(lines == ["- b==2", "+ b==3"])
    }
}
