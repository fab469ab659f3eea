import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks diff OLD NEW`: what changed between two versions of a stack's outputs or locks.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two output folders, requirements folders or metadata files, layer by layer.",
        discussion: """
            OLD and NEW are the same kind of thing: output folders (what `publish` or `local-export` wrote, or an expected-output folder: their layer \
            metadata is compared field by field, archive sizes in bytes and percent), requirements folders (each layer's lock: packages added, removed, \
            changed in version, or moved between 'installed in this layer' and 'from a lower layer', the last flagged as a likely mistake; and what \
            changed in each lock file), or two metadata files (layer snippets or combined manifests). Well-known patterns get a likely cause (only wheel \
            size lines, only lock times, only archive bytes, only provenance). --markdown gives a table and collapsible details for a pull-request comment. Archives are not opened yet. Exit status as diff(1): 0 same, 1 different, \
            2 trouble (a missing or unreadable side, two different kinds).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The old side.") var old: String
    @Argument(help: "The new side.") var new: String

    @Flag(inversion: .prefixedNo, help: "Print the differences as JSON (schema in docs/diffing.md).")
    var json = false

    @Flag(help: "One line per changed layer.")
    var summary = false

    @Flag(
        help:
            "Print Markdown for a pull-request comment: a summary table, then each layer's details in a collapsible section."
    )
    var markdown = false

    func validate() throws {
        guard [json, summary, markdown].filter({ $0 }).count <= 1 else {
            throw ValidationError("--json, --summary and --markdown choose one output form: give at most one")
        }
    }

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        let diff: StackDiff
        do {
            diff = try StackComparer.compare(
                old: URL(fileURLWithPath: old).standardizedFileURL, new: URL(fileURLWithPath: new).standardizedFileURL)
        } catch {
            console.error(error.description)
            throw ExitCode(2)
        }
        console.output(
            json
                ? diff.json.rendered()
                : summary ? DiffText.summary(diff) : markdown ? DiffMarkdown.render(diff) : DiffText.render(diff))
        if !diff.isEmpty { throw ExitCode(1) }
    }
}

/// The text forms of a ``StackDiff``.
enum DiffText {
    static func render(_ diff: StackDiff) -> String {
        var lines = ["Comparing \(diff.kind.rawValue)s", "  old: \(diff.old)", "  new: \(diff.new)"]
        guard !diff.isEmpty else { return (lines + ["no differences"]).joined(separator: "\n") + "\n" }
        for layer in diff.changedLayers {
            lines.append("\(layer.layer):")
            if let size = layer.archiveSize { lines.append("  archive size: \(sizeChange(size))") }
            for field in layer.fields where field.field != "archive_size" {
                lines.append("  \(field.field): \(field.old ?? "(absent)") -> \(field.new ?? "(absent)")")
            }
            if !layer.packages.isEmpty {
                lines.append("  packages:")
                lines += layer.packages.map { "    " + describe($0) }
            }
            for (file, summary) in layer.lockFiles {
                lines.append("  \(file): " + (summary.first ?? ""))
                lines += summary.dropFirst().map { "    " + $0 }
            }
            for cause in layer.likelyCauses
            where !layer.lockFiles.contains(where: { $0.lines.contains("likely cause: \(cause)") }) {
                lines.append("  likely cause: \(cause)")
            }
        }
        if !diff.addedLayers.isEmpty { lines.append("only in new: \(diff.addedLayers.joined(separator: ", "))") }
        if !diff.removedLayers.isEmpty { lines.append("only in old: \(diff.removedLayers.joined(separator: ", "))") }
        lines.append("\(diff.changedLayers.count) changed, \(diff.unchangedLayers) unchanged")
        return lines.joined(separator: "\n") + "\n"
    }

    static func summary(_ diff: StackDiff) -> String {
        var lines = diff.changedLayers.map { layer in "\(layer.layer): " + parts(layer).joined(separator: ", ") }
        lines += diff.addedLayers.map { "\($0): only in new" } + diff.removedLayers.map { "\($0): only in old" }
        if lines.isEmpty { lines = ["no differences"] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The kinds of change of one layer, briefly ("archive 1.0 kB -> 1.1 kB (...)", "3 package changes").
    static func parts(_ layer: StackDiff.LayerChanges) -> [String] {
        var parts: [String] = []
        if let size = layer.archiveSize { parts.append("archive \(sizeChange(size))") }
        let fields = layer.fields.filter { $0.field != "archive_size" }.count
        if fields > 0 { parts.append("\(fields) metadata \(fields == 1 ? "field" : "fields")") }
        if !layer.packages.isEmpty {
            parts.append("\(layer.packages.count) package \(layer.packages.count == 1 ? "change" : "changes")")
        }
        if layer.packages.contains(where: { if case .movedToLayer = $0 { true } else { false } }) {
            parts.append("a package moved into this layer")
        }
        if !layer.lockFiles.isEmpty { parts.append("\(layer.lockFiles.count) lock files") }
        return parts
    }

    static func describe(_ change: StackDiff.PackageChange) -> String {
        switch change {
        case .added(let name, let version, let installed):
            "+ \(name) \(version)" + (installed ? "" : " (from a lower layer)")
        case .removed(let name, let version, let installed):
            "- \(name) \(version)" + (installed ? "" : " (from a lower layer)")
        case .versionChanged(let name, let old, let new): "\(name) \(old) -> \(new)"
        case .movedToLower(let name, let version): "\(name) \(version): now from a lower layer (was installed here)"
        case .movedToLayer(let name, let version):
            "\(name) \(version): now installed here (was from a lower layer): likely a mistake, the layer no longer shares the lower copy"
        }
    }

    /// `22.8 MB -> 23.0 MB (+213,000 bytes, +0.9%)`.
    static func sizeChange(_ size: (old: Int, new: Int)) -> String {
        let delta = size.new - size.old
        let percent = size.old == 0 ? "" : String(format: ", %+.1f%%", Double(delta) * 100 / Double(size.old))
        return "\(StatusText.size(Int64(size.old))) -> \(StatusText.size(Int64(size.new))) "
            + "(\(delta >= 0 ? "+" : "")\(delta) bytes\(percent))"
    }
}

/// The Markdown form of a ``StackDiff``, for a pull-request comment: a summary table, then each
/// changed layer's details (the text form) in a collapsible section.
enum DiffMarkdown {
    static func render(_ diff: StackDiff) -> String {
        var lines = ["### venvstacks diff: \(diff.kind.rawValue)s", ""]
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
        for layer in diff.changedLayers {
            var single = diff
            single.changedLayers = [layer]
            single.addedLayers = []
            single.removedLayers = []
            let details = DiffText.render(single).split(separator: "\n").dropFirst(3).dropLast()
            lines +=
                [
                    "", "<details><summary><code>\(layer.layer)</code></summary>", "", "```text",
                ] + details.map(String.init) + ["```", "", "</details>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text for a table cell: `|` escaped, "-" when empty.
    static func cell(_ text: String) -> String {
        text.isEmpty ? "-" : text.replacingOccurrences(of: "|", with: "\\|")
    }
}
