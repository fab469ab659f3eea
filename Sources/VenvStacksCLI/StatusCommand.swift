import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks status`: where each layer stands (lock, build, published archive, sizes, packages).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether each layer is locked, built and published, and how big it is.",
        discussion: """
            One row per layer: its lock (valid or not), its build environment (current, stale and why, or not built), its archive in the output folder \
            (current, stale or absent), its size on disk (what the layer adds, and with every layer below it), its archive's size, and the packages its \
            lock installs and takes from lower layers. Reasons follow the table. Reads only: nothing is locked, built, run or written.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecArgument
    @OptionGroup var query: StatusQuery

    func run() async throws { try await answering(global, spec, query) }
}
