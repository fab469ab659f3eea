import Foundation
import VenvStacks

/// The Markdown form of a ``StackDiff``, for a pull-request comment: a summary table, then each
/// changed layer's details (the text form) in a collapsible section.
enum DiffMarkdown {
    static func render(_ diff: StackDiff, _ gated: DiffGates? = nil) -> String {
        var lines = ["### venvstacks diff: \(diff.kind.rawValue)s", ""] + gateLines(gated)
        guard !diff.isEmpty else {
            return (lines + ["No differences between `\(diff.old)` and `\(diff.new)`."]).joined(separator: "\n") + "\n"
        }
        lines += [
            "\(diff.changedLayers.count) changed, \(diff.addedLayers.count) added, \(diff.removedLayers.count) removed, "
                + "\(diff.unchangedLayers) unchanged (`\(diff.old)` → `\(diff.new)`).", "",
            "| layer | changes | likely cause |", "| --- | --- | --- |",
        ]
        for layer in diff.changedLayers {
            let flag = layer.packages.contains { if case .movedToLayer = $0 { true } else { false } } ? " ⚠️" : ""
            lines.append(
                "| `\(layer.layer)`\(flag) | \(cell(DiffText.parts(layer).joined(separator: ", "))) | "
                    + "\(cell(layer.likelyCauses.joined(separator: "; "))) |")
        }
        lines += diff.addedLayers.map { "| `\($0)` | only in new | |" }
        lines += diff.removedLayers.map { "| `\($0)` | only in old | |" }
        if let reason = diff.archivesNotCompared { lines += ["", "Archives not compared: \(reason)."] }
        for layer in diff.changedLayers {
            let details = DiffText.layerLines(layer).dropFirst()
            lines +=
                [
                    "", "<details><summary><code>\(layer.layer)</code></summary>", "", "```text",
                ] + details.map { String($0.dropFirst(2)) } + ["```", "", "</details>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A line saying whether `--fail-on` tripped, then a blank line; nothing without gates.
    static func gateLines(_ gated: DiffGates?) -> [String] {
        guard let gated else { return [] }
        let checked = gated.gates.map { "`\($0.description)`" }.joined(separator: ", ")
        guard !gated.trips.isEmpty else { return ["✅ No `--fail-on` gate tripped (\(checked)).", ""] }
        return [
            "❌ **\(gated.trips.count) `--fail-on` \(gated.trips.count == 1 ? "gate" : "gates") tripped** (\(checked)):",
            "",
        ]
            + gated.trips.map { trip in
                "- `\(trip.gate)`: " + (trip.layer.map { "`\($0)`: " } ?? "") + cell(trip.detail)
            } + [""]
    }

    /// Text for a table cell: `|` escaped, "-" when empty.
    static func cell(_ text: String) -> String {
        text.isEmpty ? "-" : text.replacingOccurrences(of: "|", with: "\\|")
    }
}
