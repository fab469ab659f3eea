import Foundation
import VenvStacks

/// The gates a `diff --fail-on` run checked and why they tripped.
typealias DiffGates = (gates: [DiffGate], trips: [GateTrip])

/// The text and JSON forms of a ``StackDiff`` (docs/diffing.md).
enum DiffText {
    /// Changed members listed one by one per layer before the rest is only counted.
    static let memberLimit = 40

    static func render(_ diff: StackDiff, _ gated: DiffGates? = nil) -> String {
        var lines = ["Comparing \(diff.kind.rawValue)s", "  old: \(diff.old)", "  new: \(diff.new)"]
        if diff.isEmpty {
            lines.append("no differences")
        } else {
            lines += diff.changedLayers.flatMap(layerLines)
            if !diff.addedLayers.isEmpty { lines.append("only in new: \(diff.addedLayers.joined(separator: ", "))") }
            if !diff.removedLayers.isEmpty {
                lines.append("only in old: \(diff.removedLayers.joined(separator: ", "))")
            }
            lines.append("\(diff.changedLayers.count) changed, \(diff.unchangedLayers) unchanged")
        }
        if let reason = diff.archivesNotCompared { lines.append("archives not compared: \(reason)") }
        lines += gateLines(gated)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One changed layer: its metadata, packages, lock files, archive members and likely causes.
    static func layerLines(_ layer: StackDiff.LayerChanges) -> [String] {
        var lines = ["\(layer.layer):"]
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
        if let archive = layer.archive { lines += archiveLines(archive).map { "  " + $0 } }
        for cause in layer.likelyCauses
        where !layer.lockFiles.contains(where: { $0.lines.contains("likely cause: \(cause)") }) {
            lines.append("  likely cause: \(cause)")
        }
        return lines
    }

    /// The member-by-member comparison of one layer's archives.
    static func archiveLines(_ archive: ArchiveDiff) -> [String] {
        let names = archive.old == archive.new ? archive.new : "\(archive.old) -> \(archive.new)"
        var lines = ["archive members (\(names)): \(archive.unchangedMembers) unchanged"]
        lines += archive.damage.map { "  damaged: \($0)" }
        if archive.unreached > 0 {
            lines.append("  \(archive.unreached) members not compared: the damaged side ends before them")
        }
        for fact in archive.facts {
            lines.append("  \(fact.field): \(fact.old ?? "(absent)") -> \(fact.new ?? "(absent)")")
        }
        for package in archive.packages {
            lines.append("  " + packageLine(package))
            lines += package.recordDiff.map { "      " + $0 }
        }
        for member in archive.members.prefix(memberLimit) {
            lines.append("  " + memberLine(member))
            lines += member.textDiff.map { "      " + $0 }
        }
        if archive.members.count > memberLimit {
            lines.append("  … \(archive.members.count - memberLimit) more changed members (see --json)")
        }
        return lines
    }

    /// `numpy 2.3.2 -> 2.3.1: 40 added, 38 removed, 812 changed (content, size)`.
    static func packageLine(_ package: ArchiveDiff.PackageMembers) -> String {
        let version: String
        switch (package.oldVersion, package.newVersion) {
        case (let a?, let b?): version = a == b ? a : "\(a) -> \(b)"
        case (nil, let b?): version = "\(b) (new in this layer)"
        case (let a?, nil): version = "\(a) (gone from this layer)"
        case (nil, nil): version = "(no .dist-info on either side)"
        }
        var counts: [String] = []
        if !package.added.isEmpty { counts.append("\(package.added.count) added") }
        if !package.removed.isEmpty { counts.append("\(package.removed.count) removed") }
        if !package.changed.isEmpty {
            counts.append("\(package.changed.count) changed [\(package.attributes.joined(separator: ", "))]")
        }
        let total = package.added.count + package.removed.count + package.changed.count
        let flag = package.sameVersionDifferentBytes ? ": same version, different bytes" : ""
        return "\(package.name) \(version): \(total) \(total == 1 ? "member" : "members") "
            + "(\(counts.joined(separator: ", ")))\(flag)"
    }

    /// `+ path`, `- path`, `~ path: mode 0644 -> 0755, content`.
    static func memberLine(_ member: ArchiveDiff.MemberChange) -> String {
        switch member.change {
        case .added: return "+ \(member.path)"
        case .removed: return "- \(member.path)"
        case .changed:
            let parts = member.attributes.map { change in
                change.field == "content" && !(change.old ?? "").hasPrefix("unreadable")
                    && !(change.new ?? "").hasPrefix("unreadable")
                    ? "content" : "\(change.field) \(change.old ?? "(none)") -> \(change.new ?? "(none)")"
            }
            return "~ \(member.path): " + parts.joined(separator: ", ")
        }
    }

    static func gateLines(_ gated: DiffGates?) -> [String] {
        guard let gated else { return [] }
        let checked = gated.gates.map(\.description).joined(separator: ", ")
        guard !gated.trips.isEmpty else { return ["fail-on (\(checked)): nothing tripped"] }
        return ["fail-on (\(checked)): \(gated.trips.count) tripped"]
            + gated.trips.map { trip in "  \(trip.gate): " + (trip.layer.map { "\($0): " } ?? "") + trip.detail }
    }

    static func summary(_ diff: StackDiff, _ gated: DiffGates? = nil) -> String {
        var lines = diff.changedLayers.map { layer in "\(layer.layer): " + parts(layer).joined(separator: ", ") }
        lines += diff.addedLayers.map { "\($0): only in new" } + diff.removedLayers.map { "\($0): only in old" }
        if lines.isEmpty { lines = ["no differences"] }
        if let reason = diff.archivesNotCompared { lines.append("archives not compared: \(reason)") }
        lines += gateLines(gated)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON form, with the gates when `--fail-on` was given.
    static func json(_ diff: StackDiff, _ gated: DiffGates?) -> JSONValue {
        guard let gated, case .object(var fields) = diff.json else { return diff.json }
        fields["fail_on"] = .object([
            "gates": .array(gated.gates.map { .string($0.description) }),
            "tripped": .array(gated.trips.map(\.json)),
        ])
        return .object(fields)
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
        if let archive = layer.archive {
            let members =
                archive.packages.reduce(0) { $0 + $1.added.count + $1.removed.count + $1.changed.count }
                + archive.members.count
            if members > 0 { parts.append("\(members) archive \(members == 1 ? "member" : "members")") }
            let same = archive.sameVersionDifferentBytes.map(\.name)
            if !same.isEmpty { parts.append("same version, different bytes: " + same.joined(separator: ", ")) }
            if !archive.damage.isEmpty { parts.append("damaged archive") }
            if !archive.facts.isEmpty {
                parts.append("archive format: " + archive.facts.map(\.field).joined(separator: ", "))
            }
        }
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
