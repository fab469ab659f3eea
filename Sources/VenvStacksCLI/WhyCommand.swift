import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks why PACKAGE SPEC`: how a package gets into each layer that has it.
struct WhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract:
            "Explain why a package is in the stack: in which layers, installed or from below, and through which requirements.",
        discussion: """
            For each layer whose lock lists PACKAGE: its version, whether the layer installs it or takes it from a lower layer, the target platforms that \
            need it, and for each of the layer's declared requirements that leads to it a shortest chain of packages (with versions and the markers of the \
            requirements on the way). The chains come from the resolve projects `lock` leaves in the build \
            folder, else from the installed metadata of a built layer; without either only direct requirements are shown, and the output says so. Reads only.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var query: WhyQuery
    @OptionGroup var spec: SpecArgument

    func run() async throws { try await answering(global, spec, query) }
}

/// The text form of ``PackageOrigins``.
enum WhyText {
    static func render(_ origins: PackageOrigins) -> String {
        var lines: [String] = []
        for presence in origins.layers {
            let placement = presence.installed ? "installed in this layer" : "provided by a lower layer"
            lines.append(
                "\(presence.layer): \(origins.package) \(presence.version), \(placement) "
                    + "(platforms: \(presence.platforms.joined(separator: ", ")))")
            for chain in presence.chains {
                let steps = chain.links.map { link in
                    link.name + (link.version.map { " " + $0 } ?? "") + (link.marker.map { " ; \($0)" } ?? "")
                }
                lines.append("  \(chain.declared) (declared) -> " + steps.joined(separator: " -> "))
            }
            switch presence.source {
            case .resolveProject(let path):
                if presence.chains.isEmpty { lines.append("  no declared requirement of this layer leads to it") }
                lines.append("  (dependency edges from \(path))")
            case .installedMetadata(let path):
                if presence.chains.isEmpty { lines.append("  no declared requirement of this layer leads to it") }
                lines.append("  (dependency edges from the installed metadata in \(path); on this platform)")
            case .locksOnly:
                if presence.chains.isEmpty { lines.append("  not declared by this layer: required by another package") }
                lines.append(
                    "  (from the committed lock only: run 'venvstacks lock' on this machine for the chain of requirements)"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
