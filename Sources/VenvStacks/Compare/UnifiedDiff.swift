/// Line-based unified diff (as `diff -u`) of two texts, to show what changed in a small text file
/// (a `sitecustomize.py`, a `pyvenv.cfg`, a `RECORD`, a layer's JSON).
///
/// Lines are compared byte for byte, as `diff` does. The common first and last lines are set aside
/// first, and the standard library's `difference(from:)` finds a shortest edit script for the rest,
/// so a long file with a few changes is quick. The hunks are laid out as GNU `diff -u` lays them out:
/// `@@ -l,s +l,s @@` headers, ` `, `-` and `+` lines, removed lines before added ones in each change,
/// and hunks whose context lines would overlap or touch merged into one.
public enum UnifiedDiff {
    /// The hunks of a unified diff between `old` and `new` lines (no `---`/`+++` header), with
    /// `context` unchanged lines around each change; at most `limit` lines, then one line
    /// "… N more lines". Empty when the lines are equal.
    public static func hunks(
        old: [some StringProtocol], new: [some StringProtocol], context: Int = 3, limit: Int = 60
    ) -> [String] {
        let old = old.map { TextLine(Substring(String($0))) }, new = new.map { TextLine(Substring(String($0))) }
        return hunkLines(old: old, new: new, context: context, limit: limit)
    }

    /// Splits two texts into lines at each "\n" (a final newline does not make an empty last line)
    /// and returns `["--- oldLabel", "+++ newLabel"]` followed by their hunks, or `[]` when the texts
    /// are equal. A text without a final newline has its last line followed by
    /// "\ No newline at end of file" wherever that line is shown, as `diff -u` does.
    public static func render(
        old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3, limit: Int = 60
    ) -> [String] {
        let body = hunkLines(old: lines(of: old), new: lines(of: new), context: context, limit: limit)
        return body.isEmpty ? [] : ["--- \(oldLabel)", "+++ \(newLabel)"] + body
    }

    /// One line of a text, and whether the text ends with it and no newline after it.
    struct TextLine: Equatable {
        var text: Substring
        var missingNewline = false

        init(_ text: Substring, missingNewline: Bool = false) {
            self.text = text
            self.missingNewline = missingNewline
        }

        /// Byte equality: two spellings of "é" are different lines, as they are for `diff`.
        static func == (a: TextLine, b: TextLine) -> Bool {
            a.missingNewline == b.missingNewline && a.text.utf8.elementsEqual(b.text.utf8)
        }
    }

    /// The lines of `text` split at "\n" only (a "\r" stays at the end of its line).
    static func lines(of text: String) -> [TextLine] {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            TextLine(Substring($0))
        }
        if lines.last?.text.isEmpty == true {
            lines.removeLast()  // the text ends with a newline (or is empty)
        } else if !lines.isEmpty {
            lines[lines.count - 1].missingNewline = true
        }
        return lines
    }

    /// One step of the edit script: an unchanged line (" "), a removed one ("-") or an added one ("+"),
    /// with the number of old and new lines before it.
    private struct Step {
        var mark: Character
        var oldBefore: Int
        var newBefore: Int
    }

    static func hunkLines(old: [TextLine], new: [TextLine], context: Int, limit: Int) -> [String] {
        let steps = editScript(old: old, new: new)
        let changes = steps.indices.filter { steps[$0].mark != " " }
        guard let firstChange = changes.first else { return [] }
        let context = max(0, context)

        // Group the changes: a gap of more than twice the context starts another hunk.
        var groups: [(first: Int, last: Int)] = [(firstChange, firstChange)]
        for change in changes.dropFirst() {
            if change - groups[groups.count - 1].last - 1 > 2 * context {
                groups.append((change, change))
            } else {
                groups[groups.count - 1].last = change
            }
        }

        // Only the first `limit` lines are made; the rest are counted.
        let limit = max(0, limit)
        var output: [String] = [], more = 0
        func emit(_ line: @autoclosure () -> String) {
            if output.count < limit { output.append(line()) } else { more += 1 }
        }
        for group in groups {
            let start = max(0, group.first - context), end = min(steps.count, group.last + 1 + context)
            let oldStart = steps[start].oldBefore, newStart = steps[start].newBefore
            let oldCount = (end < steps.count ? steps[end].oldBefore : old.count) - oldStart
            let newCount = (end < steps.count ? steps[end].newBefore : new.count) - newStart
            emit("@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@")
            for step in steps[start..<end] {
                let line = step.mark == "+" ? new[step.newBefore] : old[step.oldBefore]
                emit("\(step.mark)\(line.text)")
                if line.missingNewline { emit("\\ No newline at end of file") }
            }
        }
        if more > 0 { output.append("… \(more) more lines") }
        return output
    }

    /// A hunk header's range: "l,s" with the first line `l` counted from 1, or the line before
    /// the range when it is empty; ",s" is left out when the range is one line.
    private static func range(_ linesBefore: Int, _ count: Int) -> String {
        switch count {
        case 0: "\(linesBefore),0"
        case 1: "\(linesBefore + 1)"
        default: "\(linesBefore + 1),\(count)"
        }
    }

    /// The whole edit script from `old` to `new`, removed lines before added ones in each change.
    private static func editScript(old: [TextLine], new: [TextLine]) -> [Step] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let oldMiddle = old[prefix..<(old.count - suffix)], newMiddle = new[prefix..<(new.count - suffix)]
        var removed = [Bool](repeating: false, count: oldMiddle.count)
        var added = [Bool](repeating: false, count: newMiddle.count)
        for change in newMiddle.difference(from: oldMiddle) {
            switch change {
            case .remove(let offset, _, _): removed[offset] = true
            case .insert(let offset, _, _): added[offset] = true
            }
        }

        var steps: [Step] = []
        steps.reserveCapacity(old.count + added.count)
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i >= prefix, i - prefix < removed.count, removed[i - prefix] {
                steps.append(Step(mark: "-", oldBefore: i, newBefore: j))
                i += 1
            } else if j >= prefix, j - prefix < added.count, added[j - prefix] {
                steps.append(Step(mark: "+", oldBefore: i, newBefore: j))
                j += 1
            } else {
                steps.append(Step(mark: " ", oldBefore: i, newBefore: j))
                i += 1
                j += 1
            }
        }
        return steps
    }
}
