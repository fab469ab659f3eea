import Foundation

/// Line-based unified diff (as `diff -u`) of two texts, to show what changed in a small text file
/// (a `sitecustomize.py`, a `pyvenv.cfg`, a `RECORD`, a layer's JSON).
///
/// Lines are compared byte for byte, as `diff` does. The lines both texts begin and end with are set
/// aside first, and lines that only one text has are changes whatever else happens. Myers' algorithm
/// finds a shortest edit script for the lines left, so a 30,000-line `RECORD` with a few changes
/// takes milliseconds. When the lines left are so shuffled that this would take long, they are all
/// shown removed, then added: still a correct diff, just not the shortest. Where several edit
/// scripts are as short (repeated lines such as blank ones or braces), the one chosen may differ
/// from the one `diff` chooses.
///
/// The hunks are laid out as GNU `diff -u` lays them out: `@@ -l,s +l,s @@` headers, then ` `, `-`
/// and `+` lines, removed lines before added ones in each change, and hunks whose context lines
/// would overlap or touch merged into one.
public enum UnifiedDiff {
    /// The hunks of a unified diff between `old` and `new` lines (no `---`/`+++` header), with
    /// `context` unchanged lines around each change; at most `limit` lines, then one line
    /// "… N more lines". Empty when the lines are equal.
    public static func hunks(
        old: [some StringProtocol], new: [some StringProtocol], context: Int = 3, limit: Int = 60
    ) -> [String] {
        hunkLines(old: Text(lines: old), new: Text(lines: new), context: context, limit: limit)
    }

    /// Splits two texts into lines at each "\n" (a final newline does not make an empty last line)
    /// and returns `["--- oldLabel", "+++ newLabel"]` followed by their hunks, or `[]` when the texts
    /// are equal. A text without a final newline has its last line followed by
    /// "\ No newline at end of file" wherever that line is shown, as `diff -u` does.
    public static func render(
        old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3, limit: Int = 60
    ) -> [String] {
        let body = hunkLines(old: Text(old), new: Text(new), context: context, limit: limit)
        return body.isEmpty ? [] : ["--- \(oldLabel)", "+++ \(newLabel)"] + body
    }

    /// The bytes of a text and where each of its lines is. A line's range takes in its "\n", so the
    /// last line of a text without a final newline differs from the same line with one, as for `diff`.
    struct Text {
        var bytes: [UInt8]
        var lines: [Range<Int>] = []

        /// The lines of `string`, split at "\n" only (a "\r" stays in its line).
        init(_ string: String) {
            let bytes = Array(string.utf8)
            var lines: [Range<Int>] = [], start = 0
            bytes.withUnsafeBufferPointer { bytes in
                for end in bytes.indices where bytes[end] == UInt8(ascii: "\n") {
                    lines.append(start..<(end + 1))
                    start = end + 1
                }
            }
            if start < bytes.count { lines.append(start..<bytes.count) }
            self.bytes = bytes
            self.lines = lines
        }

        /// Each of `lines` as one line ending with a newline.
        init(lines: [some StringProtocol]) {
            bytes = []
            for line in lines {
                let start = bytes.count
                bytes.append(contentsOf: line.utf8)
                bytes.append(UInt8(ascii: "\n"))
                self.lines.append(start..<bytes.count)
            }
        }

        /// Line `index` as shown in a diff, without its newline, and whether it had none.
        func shown(_ index: Int) -> (text: String, missingNewline: Bool) {
            let range = lines[index]
            let missingNewline = bytes[range.upperBound - 1] != UInt8(ascii: "\n")
            let end = missingNewline ? range.upperBound : range.upperBound - 1
            return (String(decoding: bytes[range.lowerBound..<end], as: UTF8.self), missingNewline)
        }
    }

    /// One step of the edit script: an unchanged line (" "), a removed one ("-") or an added one ("+"),
    /// with the number of old and new lines before it.
    private struct Step {
        var mark: Character
        var oldBefore: Int
        var newBefore: Int
    }

    /// The hunks between two texts; `budget` bounds the work spent looking for a shortest edit script.
    static func hunkLines(old: Text, new: Text, context: Int, limit: Int, budget: Int = 2_000_000) -> [String] {
        let steps = editScript(old: old, new: new, budget: budget)
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
            let oldCount = (end < steps.count ? steps[end].oldBefore : old.lines.count) - oldStart
            let newCount = (end < steps.count ? steps[end].newBefore : new.lines.count) - newStart
            emit("@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@")
            for step in steps[start..<end] {
                let line = step.mark == "+" ? new.shown(step.newBefore) : old.shown(step.oldBefore)
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
    private static func editScript(old: Text, new: Text, budget: Int) -> [Step] {
        let (removed, added) = changedLines(old: old, new: new, budget: budget)
        var steps: [Step] = []
        steps.reserveCapacity(removed.count + added.count)
        var i = 0, j = 0
        while i < removed.count || j < added.count {
            if i < removed.count, removed[i] {
                steps.append(Step(mark: "-", oldBefore: i, newBefore: j))
                i += 1
            } else if j < added.count, added[j] {
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

    /// Which old lines are removed and which new lines are added; the others are paired in order.
    private static func changedLines(old: Text, new: Text, budget: Int) -> (removed: [Bool], added: [Bool]) {
        var removed = [Bool](repeating: false, count: old.lines.count)
        var added = [Bool](repeating: false, count: new.lines.count)
        old.bytes.withUnsafeBytes { oldBytes in
            new.bytes.withUnsafeBytes { newBytes in
                let oldLines = old.lines.map { Line(oldBytes, $0) }, newLines = new.lines.map { Line(newBytes, $0) }

                // The lines both texts begin and end with are unchanged.
                var prefix = 0
                while prefix < oldLines.count, prefix < newLines.count, oldLines[prefix] == newLines[prefix] {
                    prefix += 1
                }
                var suffix = 0
                while suffix < oldLines.count - prefix, suffix < newLines.count - prefix,
                    oldLines[oldLines.count - 1 - suffix] == newLines[newLines.count - 1 - suffix]
                {
                    suffix += 1
                }

                // Number the other lines by content; a line only one text has is a change.
                var numbers: [Line: Int] = [:]
                func number(_ line: Line) -> Int {
                    if let number = numbers[line] { return number }
                    numbers[line] = numbers.count
                    return numbers.count - 1
                }
                let oldMiddle = oldLines[prefix..<(oldLines.count - suffix)].map(number)
                let newMiddle = newLines[prefix..<(newLines.count - suffix)].map(number)
                var inOld = [Bool](repeating: false, count: numbers.count)
                var inNew = [Bool](repeating: false, count: numbers.count)
                for number in oldMiddle { inOld[number] = true }
                for number in newMiddle { inNew[number] = true }
                let oldShared = oldMiddle.indices.filter { inNew[oldMiddle[$0]] }
                let newShared = newMiddle.indices.filter { inOld[newMiddle[$0]] }
                for offset in oldMiddle.indices where !inNew[oldMiddle[offset]] { removed[prefix + offset] = true }
                for offset in newMiddle.indices where !inOld[newMiddle[offset]] { added[prefix + offset] = true }

                // A shortest edit script for the lines both texts have, or all of them changed.
                let shortest = shortestEditScript(
                    oldShared.map { oldMiddle[$0] }, newShared.map { newMiddle[$0] }, budget: budget)
                for (index, offset) in oldShared.enumerated() where shortest?.removed[index] ?? true {
                    removed[prefix + offset] = true
                }
                for (index, offset) in newShared.enumerated() where shortest?.added[index] ?? true {
                    added[prefix + offset] = true
                }
            }
        }
        return (removed, added)
    }

    /// A line's bytes, compared and hashed byte for byte.
    private struct Line: Hashable {
        var bytes: UnsafeRawBufferPointer

        init(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) {
            bytes = UnsafeRawBufferPointer(rebasing: text[range])
        }

        static func == (a: Line, b: Line) -> Bool {
            a.bytes.count == b.bytes.count
                && (a.bytes.isEmpty || memcmp(a.bytes.baseAddress!, b.bytes.baseAddress!, a.bytes.count) == 0)
        }

        func hash(into hasher: inout Hasher) { hasher.combine(bytes: bytes) }
    }

    /// Myers' shortest edit script between two sequences of line numbers: which of `a` are removed
    /// and which of `b` are added. Nil when it would take more than about `budget` steps to find.
    private static func shortestEditScript(_ a: [Int], _ b: [Int], budget: Int) -> (removed: [Bool], added: [Bool])? {
        let n = a.count, m = b.count
        var removed = [Bool](repeating: false, count: n), added = [Bool](repeating: false, count: m)
        // `furthest[origin + k]` is the furthest x reached on diagonal k = x - y, or -1 when none is.
        // A step removes a[x] (x + 1) or adds b[y] (y + 1), then follows equal lines diagonally.
        let origin = n + m + 1
        var furthest = [Int](repeating: -1, count: 2 * origin + 1)
        var history: [[Int]] = []  // after d steps, `furthest` for diagonals -d, -d + 2, ... d
        var work = 0

        /// The x before the step that reached diagonal `k` after `d` steps, and whether it was a
        /// removal: the move that reaches further, an addition when both reach as far.
        func previous(_ k: Int, _ d: Int, _ x: (Int) -> Int) -> (x: Int, removal: Bool)? {
            let fromAbove = k + 1 <= d - 1 ? x(k + 1) : -1, fromLeft = k - 1 >= -(d - 1) ? x(k - 1) : -1
            let canAdd = fromAbove >= 0 && fromAbove - (k + 1) < m, canRemove = fromLeft >= 0 && fromLeft < n
            if canRemove && (!canAdd || fromLeft + 1 > fromAbove) { return (fromLeft, true) }
            return canAdd ? (fromAbove, false) : nil
        }

        for d in 0...(n + m) {
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if d == 0 {
                    x = 0
                } else if let step = previous(k, d, { furthest[origin + $0] }) {
                    x = step.removal ? step.x + 1 : step.x
                } else {
                    furthest[origin + k] = -1
                    continue
                }
                let start = x
                while x < n, x - k < m, a[x] == b[x - k] { x += 1 }
                furthest[origin + k] = x
                work += x - start
                if x == n && x - k == m {
                    // Walk back through the steps, marking each removal and addition.
                    var k = k
                    for d in stride(from: d, to: 0, by: -1) {
                        let before = history[d - 1]
                        let step = previous(k, d) { before[($0 + d - 1) / 2] }!
                        if step.removal {
                            removed[step.x] = true
                            k -= 1
                        } else {
                            added[step.x - (k + 1)] = true
                            k += 1
                        }
                    }
                    return (removed, added)
                }
            }
            history.append(stride(from: origin - d, through: origin + d, by: 2).map { furthest[$0] })
            work += d + 1
            if work > budget { return nil }
        }
        return nil
    }
}
