import Foundation
import Synchronization
import VenvStacks

/// Shows how far `diff` has read the archives it compares, on a terminal only (redrawn in
/// place on stderr); nothing in a CI log.
final class DiffProgressDisplay: Sendable {
    private let interactive: Bool
    private let lastDraw = Mutex((layer: "", time: Date.distantPast, drawn: false))

    init(verbosity: Int) {
        interactive = Console.showsProgress(verbosity: verbosity)
    }

    func handle(_ progress: DiffProgress) {
        guard interactive else { return }
        lastDraw.withLock { last in
            let now = Date()
            guard progress.layer != last.layer || now.timeIntervalSince(last.time) >= 0.1 else { return }
            last = (progress.layer, now, true)
            let percent = progress.totalBytes > 0 ? Int(progress.bytesRead * 100 / progress.totalBytes) : 100
            Console.write(
                "\r\u{1B}[Kcomparing the archives of \(progress.layer): \(min(percent, 100))%", to: .standardError)
        }
    }

    /// Clears the line left on the terminal.
    func finish() {
        lastDraw.withLock { last in
            if last.drawn { Console.write("\r\u{1B}[K", to: .standardError) }
            last.drawn = false
        }
    }
}
