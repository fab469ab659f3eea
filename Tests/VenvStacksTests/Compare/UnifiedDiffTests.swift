import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

@Suite struct UnifiedDiffTests {
    /// The numbered lines "line 1\n" … "line n\n", with the given lines replaced (nil removes a line).
    static func numbered(_ count: Int, _ replacements: [Int: String?] = [:]) -> String {
        (1...count).compactMap { n in replacements[n].map { $0.map { $0 + "\n" } } ?? "line \(n)\n" }.joined()
    }

    /// The lines of `text` split at "\n" only, a final newline making no empty last line.
    static func split(_ text: String) -> [Substring] {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            Substring($0)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// What GNU `diff -U context` prints for the two texts, without its `---` and `+++` lines.
    static func gnuHunks(_ old: String, _ new: String, context: Int) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unified-diff-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let oldFile = folder.appendingPathComponent("old"), newFile = folder.appendingPathComponent("new")
        try Data(old.utf8).write(to: oldFile)
        try Data(new.utf8).write(to: newFile)
        let result = try TestProcess.run(
            ToolInvocation("/usr/bin/diff", ["-U", "\(context)", oldFile.path, newFile.path]))
        #expect(result.status == (old.utf8.elementsEqual(new.utf8) ? 0 : 1))
        return split(result.stdoutText).dropFirst(2).map(String.init)
    }

    /// Checks `render` (and `hunks`, when both texts end with a newline) against GNU `diff -u`
    /// with 0, 1 and 3 context lines.
    static func expectSameAsGNU(_ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        for context in [0, 1, 3] {
            let expected = try gnuHunks(old, new, context: context)
            let rendered = UnifiedDiff.render(
                old: old, new: new, oldLabel: "a/f", newLabel: "b/f", context: context, limit: .max)
            #expect(
                rendered == (expected.isEmpty ? [] : ["--- a/f", "+++ b/f"] + expected),
                "context \(context)", sourceLocation: sourceLocation)
            if [old, new].allSatisfy({ $0.utf8.last ?? UInt8(ascii: "\n") == UInt8(ascii: "\n") }) {
                let hunks = UnifiedDiff.hunks(old: split(old), new: split(new), context: context, limit: .max)
                #expect(hunks == expected, "context \(context)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The two texts a diff made with all lines as context describes, rebuilt from its lines.
    static func rebuilt(_ diff: [String]) -> (old: String, new: String) {
        var old = "", new = "", last: Character = " "
        for line in diff.drop(while: { !$0.hasPrefix("@@") }).dropFirst() {
            if line == "\\ No newline at end of file" {
                if last != "+" { old.removeLast() }
                if last != "-" { new.removeLast() }
                continue
            }
            last = line.first ?? " "
            if last != "+" { old += line.dropFirst() + "\n" }
            if last != "-" { new += line.dropFirst() + "\n" }
        }
        return (old, new)
    }

    /// The number of removed and added lines in a diff.
    static func size(_ diff: [String]) -> Int {
        diff.filter { ($0.hasPrefix("-") && !$0.hasPrefix("---")) || ($0.hasPrefix("+") && !$0.hasPrefix("+++")) }.count
    }

    @Test func oneChangeInTheMiddle() throws {
        let old = Self.numbered(20), new = Self.numbered(20, [10: "line ten"])
        try Self.expectSameAsGNU(old, new)
        #expect(
            UnifiedDiff.hunks(old: Self.split(old), new: Self.split(new)) == [
                "@@ -7,7 +7,7 @@", " line 7", " line 8", " line 9", "-line 10", "+line ten", " line 11", " line 12",
                " line 13",
            ])
    }

    @Test func changesAtTheStartAndTheEnd() throws {
        try Self.expectSameAsGNU(Self.numbered(20), Self.numbered(20, [1: "first", 20: "last"]))
        try Self.expectSameAsGNU(Self.numbered(5), Self.numbered(5, [1: "first", 5: "last"]))
    }

    @Test func insertionsOnly() throws {
        let new = Self.numbered(10).replacingOccurrences(of: "line 5\n", with: "line 5\nnew a\nnew b\n")
        try Self.expectSameAsGNU(Self.numbered(10), new)
        try Self.expectSameAsGNU(Self.numbered(10), "top\n" + Self.numbered(10) + "bottom\n")
    }

    @Test func deletionsOnly() throws {
        try Self.expectSameAsGNU(Self.numbered(12), Self.numbered(12, [8: nil, 9: nil]))
        try Self.expectSameAsGNU(Self.numbered(12), Self.numbered(12, [1: nil, 12: nil]))
    }

    @Test func nearbyChangesShareOneHunk() throws {
        // Five and six unchanged lines between the changes: the contexts overlap, then touch.
        try Self.expectSameAsGNU(Self.numbered(20), Self.numbered(20, [5: "five", 11: "eleven"]))
        try Self.expectSameAsGNU(Self.numbered(20), Self.numbered(20, [5: "five", 12: "twelve"]))
        let hunks = UnifiedDiff.hunks(
            old: Self.split(Self.numbered(20)), new: Self.split(Self.numbered(20, [5: "5", 12: "12"])))
        #expect(hunks.filter { $0.hasPrefix("@@") } == ["@@ -2,14 +2,14 @@"])
    }

    @Test func farChangesMakeTwoHunks() throws {
        // Seven unchanged lines between the changes: one of them is shown in neither hunk.
        try Self.expectSameAsGNU(Self.numbered(20), Self.numbered(20, [5: "five", 13: "thirteen"]))
        try Self.expectSameAsGNU(Self.numbered(30), Self.numbered(30, [3: "three", 25: nil]))
        let hunks = UnifiedDiff.hunks(
            old: Self.split(Self.numbered(20)), new: Self.split(Self.numbered(20, [5: "5", 13: "13"])))
        #expect(hunks.filter { $0.hasPrefix("@@") } == ["@@ -2,7 +2,7 @@", "@@ -10,7 +10,7 @@"])
    }

    @Test func emptySides() throws {
        try Self.expectSameAsGNU("", "a\nb\n")
        try Self.expectSameAsGNU("a\nb\n", "")
        try Self.expectSameAsGNU("", "single\n")
        try Self.expectSameAsGNU("single\n", "")
        #expect(
            UnifiedDiff.render(old: "", new: "a\n", oldLabel: "x", newLabel: "y") == [
                "--- x", "+++ y", "@@ -0,0 +1 @@", "+a",
            ])
    }

    @Test func missingFinalNewline() throws {
        try Self.expectSameAsGNU("a\nb\nc", "a\nb\nc\n")
        try Self.expectSameAsGNU("a\nb\nc\n", "a\nb\nc")
        try Self.expectSameAsGNU("a\nb\nc", "a\nB\nc")
        try Self.expectSameAsGNU("a\nb\nc", "a\nb\nd")
        try Self.expectSameAsGNU("", "no newline")
        try Self.expectSameAsGNU("no newline", "")
        #expect(
            UnifiedDiff.render(old: "x\n", new: "x", oldLabel: "o", newLabel: "n") == [
                "--- o", "+++ n", "@@ -1 +1 @@", "-x", "+x", "\\ No newline at end of file",
            ])
    }

    @Test func linesAreComparedByteForByte() throws {
        // Carriage returns stay in their lines, and two spellings of "é" differ, as for diff.
        try Self.expectSameAsGNU("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n")
        try Self.expectSameAsGNU("a\nb\n", "a\r\nb\n")
        try Self.expectSameAsGNU("caf\u{E9}\n", "cafe\u{301}\n")
    }

    @Test func equalTextsHaveNoDiff() throws {
        try Self.expectSameAsGNU(Self.numbered(10), Self.numbered(10))
        #expect(UnifiedDiff.render(old: "", new: "", oldLabel: "a", newLabel: "b") == [])
        #expect(UnifiedDiff.render(old: "same", new: "same", oldLabel: "a", newLabel: "b") == [])
        #expect(UnifiedDiff.hunks(old: ["x", "y"], new: ["x", "y"]) == [])
    }

    @Test func repeatedLinesGiveAShortestCorrectDiff() throws {
        // Lines drawn from a few values: many edit scripts are as short, and diff may pick another
        // one, but none is shorter and the diff describes both texts.
        var random = SeededGenerator(seed: 42)
        func text() -> String {
            (0..<Int.random(in: 0...14, using: &random)).map { _ in
                ["a", "b", "c", "", "}"].randomElement(using: &random)! + "\n"
            }.joined()
        }
        for _ in 0..<40 {
            let old = text(), new = text()
            let diff = UnifiedDiff.render(old: old, new: new, oldLabel: "a", newLabel: "b", context: 100, limit: .max)
            #expect(Self.size(diff) == Self.size(try Self.gnuHunks(old, new, context: 0)))
            if old != new { #expect(Self.rebuilt(diff) == (old, new)) }
        }
    }

    @Test func aTooShuffledMiddleIsRemovedThenAdded() throws {
        // With no budget for the search, the lines between "top" and "end" are all changed;
        // with the default budget, "b" stays and only four lines change.
        let old = UnifiedDiff.Text("top\na\nb\nc\nend\n"), new = UnifiedDiff.Text("top\nc\nb\na\nend\n")
        #expect(
            UnifiedDiff.hunkLines(old: old, new: new, context: 1, limit: .max, budget: 0) == [
                "@@ -1,5 +1,5 @@", " top", "-a", "-b", "-c", "+c", "+b", "+a", " end",
            ])
        #expect(Self.size(UnifiedDiff.hunkLines(old: old, new: new, context: 1, limit: .max)) == 4)
    }

    @Test func longDiffsAreCutAtTheLimit() throws {
        let old = Self.split(Self.numbered(100))
        let new = Self.split(
            Self.numbered(100, Dictionary(uniqueKeysWithValues: (1...100).map { ($0, "changed \($0)") })))
        let full = UnifiedDiff.hunks(old: old, new: new, limit: .max)
        #expect(full.count == 201)
        let cut = UnifiedDiff.hunks(old: old, new: new, limit: 10)
        #expect(cut == Array(full.prefix(10)) + ["… 191 more lines"])
        #expect(UnifiedDiff.hunks(old: old, new: new, limit: 201) == full)
        let rendered = UnifiedDiff.render(
            old: Self.numbered(100), new: Self.numbered(100, [50: "x"]), oldLabel: "a", newLabel: "b", limit: 3)
        #expect(rendered == ["--- a", "+++ b", "@@ -47,7 +47,7 @@", " line 47", " line 48", "… 6 more lines"])
    }

    @Test func aLongFileWithAFewChanges() throws {
        let record = (1...30_000).map {
            "site-packages/pkg/module_\($0).py,sha256=\(String($0, radix: 16)),\($0 * 7)\n"
        }
        var changed = record
        changed[10] = "site-packages/pkg/module_11.py,sha256=changed,77\n"
        changed.insert("site-packages/pkg/new.py,sha256=new,1\n", at: 15_000)
        changed.remove(at: 29_000)
        let old = record.joined(), new = changed.joined()
        let rendered = UnifiedDiff.render(old: old, new: new, oldLabel: "a/RECORD", newLabel: "b/RECORD")
        #expect(rendered == ["--- a/RECORD", "+++ b/RECORD"] + (try Self.gnuHunks(old, new, context: 3)))
        #expect(rendered.filter { $0.hasPrefix("@@") }.count == 3)
    }

    @Test func aLongShuffledFileStillGivesACorrectDiff() {
        // Thirty thousand lines of two values in another order: too many ways to pair them up for a
        // shortest edit script, so the diff is longer than it need be, but still right.
        var random = SeededGenerator(seed: 7)
        let old = (0..<30_000).map { _ in Bool.random(using: &random) ? "a\n" : "b\n" }.joined()
        let new = (0..<30_000).map { _ in Bool.random(using: &random) ? "a\n" : "b\n" }.joined()
        let diff = UnifiedDiff.render(old: old, new: new, oldLabel: "a", newLabel: "b", context: 100_000, limit: .max)
        #expect(Self.rebuilt(diff) == (old, new))
    }
}
