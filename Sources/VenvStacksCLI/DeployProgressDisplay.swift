import Foundation
import Synchronization
import VenvStacks

/// Shows deploy progress on stderr: on a terminal, one line with every layer being
/// unpacked, compiled or post-installed, redrawn in place; otherwise one line per finished layer.
final class DeployProgressDisplay: DeployObserver, Sendable {
    private let verbosity: Int
    private let interactive: Bool
    private let started = Date()
    private let status = Mutex(Status())

    private struct Status {
        /// Layer → what it is doing ("unpacking 42%", "post-install"), in start order.
        var active: [(layer: String, state: String)] = []
        var lastDraw = Date.distantPast
    }

    init(verbosity: Int) {
        self.verbosity = verbosity
        interactive = Console.showsProgress(verbosity: verbosity)
    }

    func handle(_ event: DeployEvent) {
        status.withLock { status in
            switch event {
            case .waitingForLock(let folder, let lockFile):
                if verbosity >= 0 { line(FolderLockOptions.waitingMessage(folder: folder, lockFile: lockFile)) }
            case .verifying(let layer):
                if verbosity >= 1 { line("Checking the archive of \(layer)") }
            case .extracting(let layer, let read, let total):
                let percent = total > 0 ? Int(Double(read) / Double(total) * 100) : 100
                set(layer, "unpacking \(percent)%", &status)
            case .compiling(let layer, let done, let pieces):
                set(layer, done < pieces ? "compiling \(done)/\(pieces)" : "compiled", &status)
            case .postInstalling(let layer):
                set(layer, "post-install", &status)
                if verbosity >= 1 { line("Running the post-install script of \(layer)") }
            case .finished(let deployed):
                status.active.removeAll { $0.layer == deployed.layer.installTarget }
                guard verbosity >= 0 else { return }
                switch deployed.action {
                case .unchanged:
                    if verbosity >= 1 || !interactive { line("\(deployed.layer.installTarget): unchanged") }
                case .deployed(let replaced):
                    line(
                        "\(replaced ? "Replaced" : "Deployed") \(deployed.layer.installTarget) in "
                            + String(format: "%.1fs", deployed.seconds))
                }
                draw(force: true, &status)
            }
        }
    }

    /// Clears the status line.
    func finish() {
        if interactive { status.withLock { _ in write("\r\u{1B}[K") } }
    }

    private func set(_ layer: String, _ state: String, _ status: inout Status) {
        if let index = status.active.firstIndex(where: { $0.layer == layer }) {
            status.active[index].state = state
        } else {
            status.active.append((layer, state))
        }
        draw(force: false, &status)
    }

    private func draw(force: Bool, _ status: inout Status) {
        guard interactive, !status.active.isEmpty else { return }
        let now = Date()
        guard force || now.timeIntervalSince(status.lastDraw) >= 0.1 else { return }
        status.lastDraw = now
        let line = status.active.map { "\($0.layer) \($0.state)" }.joined(separator: ", ")
        write("\r\u{1B}[K" + "Deploying: \(line) (\(Int(now.timeIntervalSince(started)))s)")
    }

    /// A permanent line (above the status line on a terminal).
    private func line(_ text: String) {
        write((interactive ? "\r\u{1B}[K" : "") + text + "\n")
    }

    private func write(_ text: String) {
        Console.write(text, to: .standardError)
    }
}
