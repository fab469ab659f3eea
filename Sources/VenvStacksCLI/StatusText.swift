import Foundation
import VenvStacks

/// The text form of a ``StackReport``: a table with one row per layer, then one line per
/// reason (an invalid lock, a stale build or archive).
enum StatusText {
    static func render(_ report: StackReport) -> String {
        let header = ["layer", "lock", "build", "published", "added", "environment", "archive", "packages"]
        var rows = [header]
        var notes: [String] = []
        for layer in report.layers {
            let name = layer.deployedName == layer.name ? layer.name : "\(layer.name) -> \(layer.deployedName)"
            rows.append([
                name, lockCell(layer.lock), buildCell(layer.build), publicationCell(layer.publication),
                size(layer.addedSize), size(layer.environmentSize), size(layer.archiveSize), packages(layer),
            ])
            notes += self.notes(layer)
        }
        var lines = [
            report.specPath, "build folder: \(report.buildDirectory)", "output folder: \(report.outputDirectory)", "",
        ]
        lines += table(rows, rightAligned: [4, 5, 6])
        if !notes.isEmpty { lines += [""] + notes }
        if report.layers.isEmpty { lines.append("(no layers selected)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func lockCell(_ lock: LayerReport.Lock) -> String {
        switch lock {
        case .valid: "valid"
        case .invalid: "invalid"
        }
    }

    static func buildCell(_ build: LayerReport.Build) -> String {
        switch build {
        case .current: "current"
        case .notBuilt: "not built"
        case .otherPlatforms: "other platforms"
        case .stale(let causes, _): "stale (\(causes.map(\.rawValue).joined(separator: ", ")))"
        }
    }

    static func publicationCell(_ publication: LayerReport.Publication) -> String {
        switch publication {
        case .current: "current"
        case .stale: "stale"
        case .absent: "absent"
        }
    }

    static func packages(_ layer: LayerReport) -> String {
        guard let installed = layer.installedPackages, let inherited = layer.inheritedPackages else { return "-" }
        return "\(installed) own, \(inherited) lower"
    }

    /// One line per thing that needs doing, naming the layer.
    static func notes(_ layer: LayerReport) -> [String] {
        var notes: [String] = []
        if case .invalid(let reason) = layer.lock { notes.append("\(layer.name): lock not valid: \(reason)") }
        if case .stale(let causes, let fields) = layer.build {
            let what = fields.isEmpty ? causes.map(\.rawValue).joined(separator: ", ") : fields.joined(separator: ", ")
            notes.append("\(layer.name): build is stale (changed: \(what))")
        }
        if case .stale(let archive, let reason) = layer.publication {
            notes.append("\(layer.name): archive \(archive) is stale (\(reason))")
        }
        return notes
    }

    /// Bytes in decimal units, one decimal place ("121.3 MB"); "-" when unknown.
    static func size(_ bytes: Int64?) -> String {
        guard let bytes else { return "-" }
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// Columns padded to their widest cell (the `rightAligned` ones on the left).
    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
