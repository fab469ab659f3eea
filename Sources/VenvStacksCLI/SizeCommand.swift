import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks size SPEC`: what makes the built layers big, and what could go.
struct SizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size",
        abstract: "Show what makes each built layer big, packages an application gets twice, and possible savings.",
        discussion: """
            For each built layer: its size, its largest packages (the files each distribution's RECORD lists) and what no package owns. Then the \
            distributions installed in two layers that one application sees (the first copy on its path is used, the others only take space), and \
            measured, advisory savings: test folders, C headers, static libraries and __pycache__ folders. Reads only: delete nothing on its word \
            without checking that your applications do not need it.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument
    @OptionGroup var query: SizeQuery

    func run() async throws { try await answering(global, spec, query) }
}

/// The text form of a ``SizeReport``.
enum SizeText {
    static func render(_ report: SizeReport) -> String {
        let size = StatusText.size
        var lines: [String] = []
        for layer in report.layers {
            lines.append("\(layer.layer): \(size(layer.total)) (\(layer.packageCount) packages)")
            for package in layer.largest {
                lines.append("  \(size(package.bytes).leftPadded(to: 9))  \(package.name) \(package.version)")
            }
            lines.append("  \(size(layer.unowned).leftPadded(to: 9))  (files no package lists)")
        }
        if !report.notBuilt.isEmpty {
            lines.append("not built (not measured): \(report.notBuilt.joined(separator: ", "))")
        }
        if !report.duplicates.isEmpty {
            lines += ["", "Installed in more than one layer an application sees (the first copy is used):"]
            for duplicate in report.duplicates {
                let copies = duplicate.copies.map { "\($0.layer) \($0.version) (\(size($0.bytes)))" }
                lines.append("  \(duplicate.application): \(duplicate.package) in " + copies.joined(separator: ", "))
            }
        }
        if !report.savings.isEmpty {
            lines += ["", "Possible savings (advisory: check that your applications do not need them):"]
            for saving in report.savings {
                lines.append(
                    "  \(saving.layer): \(saving.kind.rawValue): \(size(saving.bytes)) in \(saving.files) files, "
                        + "e.g. \(saving.examples.joined(separator: ", "))")
            }
        }
        if lines.isEmpty { lines.append("no built layers to measure") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
