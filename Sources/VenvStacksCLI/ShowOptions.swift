import ArgumentParser
import VenvStacks

/// `--show`, `--show-only` and `--json` on commands that change things.
struct ShowOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Print the selected layers and their operations, then carry on.")
    var show = false

    @Flag(name: .customLong("show-only"), inversion: .prefixedNo, help: "Print the selected layers and stop.")
    var showOnly = false

    @Flag(inversion: .prefixedNo, help: "Print the selection as JSON (without --show this implies --show-only).")
    var json = false

    var wantsStatus: Bool { show || showOnly || json }
    /// True when the command should stop after printing the status.
    var stopsAfterStatus: Bool { showOnly || (json && !show) }

    /// Prints the layers `plan` selects with their operations when asked; true when the
    /// command should stop there.
    func printStatus(_ workspace: StackWorkspace, plan: OperationPlan, console: Console) -> Bool {
        guard wantsStatus else { return false }
        let status = workspace.status(of: plan)
        console.output(json ? status.json.rendered() : status.renderTree())
        return stopsAfterStatus
    }
}
