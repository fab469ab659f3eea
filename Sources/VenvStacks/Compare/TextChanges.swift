import Foundation

/// Line-level changes between two versions of a text file (requirements, package lists,
/// output lines): the lines only one side has, a few of each.
public enum TextChanges {
    public static func summary(old: Data, new: Data, limit: Int = 6) -> [String] {
        guard let before = String(data: old, encoding: .utf8), let after = String(data: new, encoding: .utf8) else {
            return ["binary content differs (\(old.count) -> \(new.count) bytes)"]
        }
        let oldLines = before.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let newLines = after.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let oldSet = Set(oldLines), newSet = Set(newLines)
        let removed = oldLines.filter { !newSet.contains($0) }
        let added = newLines.filter { !oldSet.contains($0) }
        var lines: [String] = []
        for line in removed.prefix(limit) { lines.append("- " + MessageExcerpt.escape(line, limit: 120).text) }
        if removed.count > limit { lines.append("- … \(removed.count - limit) more lines") }
        for line in added.prefix(limit) { lines.append("+ " + MessageExcerpt.escape(line, limit: 120).text) }
        if added.count > limit { lines.append("+ … \(added.count - limit) more lines") }
        if lines.isEmpty { lines.append("the same lines in another order, or whitespace changes") }
        return lines
    }
}
