import Foundation
import Testing

@testable import VenvStacks

/// Specs whose errors once flooded or garbled the terminal, through the real binary: a key is
/// quoted short and escaped, and a spec of thousands of bad keys reports a bounded list.
@Suite struct RunawayOutputTests {
    /// A 5 MB unknown key was echoed whole in `field '…'` (5 MB of stderr).
    @Test func aHugeUnknownKeyIsQuotedAsAnExcerpt() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("venvstacks.toml")
        try "\(String(repeating: "k", count: 5_000_000)) = 1\n".write(to: spec, atomically: true, encoding: .utf8)
        let result = try runBounded(["show", spec.path], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("ERROR: Invalid stack specification: "), "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("field 'kkkk"), "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("(5000000 characters)"), "\(result.stderr.prefix(500))")
        #expect(result.stderr.count < 1_000, "\(result.stderr.count) characters")
    }

    /// `"a\u001b[31mRED\u0007" = 1` sent a raw ESC and BEL to the terminal.
    @Test func anUnknownKeyWithControlCharactersIsEscaped() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("venvstacks.toml")
        try #""a\u001b[31mRED\u0007" = 1"#.write(to: spec, atomically: true, encoding: .utf8)
        let result = try runBounded(["show", spec.path], in: folder)
        #expect(result.status == 1)
        #expect(
            !result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" },
            "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains(#"field 'a\u001B[31mRED\u0007'"#), "\(result.stderr.debugDescription)")
    }

    /// A spec of 80,000 unknown keys wrote one line per key (9.3 MB); now the first
    /// `StackSpecError.shownLimit` problems are shown and the rest counted, with exit status 1.
    @Test func manyProblemsAreCappedAndCounted() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("venvstacks.toml")
        let keys = (0..<80_000).map { "unknown_key_\($0) = 1\n" }.joined()
        try keys.write(to: spec, atomically: true, encoding: .utf8)
        let clock = ContinuousClock()
        let started = clock.now
        let result = try runBounded(["show", spec.path], in: folder, seconds: 60)
        let elapsed = clock.now - started
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first == "ERROR: Invalid stack specification (80000 problems):")
        #expect(lines.filter { $0.hasPrefix("  - ") }.count == StackSpecError.shownLimit)
        #expect(lines.last == "  … and 79950 more problems (fix these first)", "\(lines.suffix(2))")
        #expect(result.stderr.count < 20_000, "\(result.stderr.count) characters")
        #expect(elapsed < .seconds(20), "show took \(elapsed)")
    }

    @Test func theCapAlsoHoldsForAnErrorBuiltByHand() {
        let problems = (0..<70).map { SpecProblem(SpecLocation(file: "/s.toml", field: "k\($0)"), "bad") }
        let text = StackSpecError(problems: problems, omitted: 5).description
        #expect(text.hasPrefix("Invalid stack specification (75 problems):\n  - /s.toml: field 'k0': bad"))
        #expect(text.hasSuffix("  - /s.toml: field 'k49': bad\n  … and 25 more problems (fix these first)"))
    }
}
