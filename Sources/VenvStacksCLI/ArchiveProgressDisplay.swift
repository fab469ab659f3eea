import DeterministicArchive
import Foundation
import Synchronization
import VenvStacks

/// Shows publish and export progress on stderr: on a terminal, the byte-code count of a
/// precompiled layer, then a bar per archive with bytes and entries, redrawn in place;
/// otherwise one summary line per archive.
final class ArchiveProgressDisplay: PublishObserver, Sendable {
    private let verbosity: Int
    private let interactive: Bool
    /// "Archived" or "Exported".
    private let verb: String
    private let status = Mutex(Status())

    private struct Status {
        var current: (name: String, started: Date)?
        var lastDraw = Date.distantPast
    }

    init(verbosity: Int, verb: String) {
        self.verbosity = verbosity
        self.verb = verb
        interactive = Console.showsProgress(verbosity: verbosity)
    }

    func handle(_ event: PublishEvent) {
        switch event {
        case .rebuildingDamaged(_, let archive):
            guard verbosity >= 0 else { return }
            status.withLock { _ in
                write("\(archive): rebuilding (the file on disk does not match its recorded size/SHA-256)\n")
            }
        case .started(_, let name):
            status.withLock { $0.current = (name, Date()) }
        case .compiling(let layer, let done, let total):
            guard interactive else { return }
            status.withLock { status in
                let now = Date()
                guard done == 0 || done == total || now.timeIntervalSince(status.lastDraw) >= 0.1 else { return }
                status.lastDraw = now
                let seconds = status.current.map { now.timeIntervalSince($0.started) } ?? 0
                write("\r\u{1B}[K" + Self.compiling(layer, done: done, total: total, seconds: seconds))
            }
        case .progress(_, let progress):
            guard interactive else { return }
            status.withLock { status in
                let now = Date()
                guard let current = status.current,
                    now.timeIntervalSince(status.lastDraw) >= 0.1 || progress.bytesDone == progress.totalBytes
                else { return }
                status.lastDraw = now
                write("\r\u{1B}[K" + Self.bar(current.name, progress, seconds: now.timeIntervalSince(current.started)))
            }
        case .finished(let published):
            guard verbosity >= 0 else { return }
            status.withLock { status in
                if interactive { write("\r\u{1B}[K") }
                status.current = nil
                let name = published.archive.lastPathComponent
                if published.built {
                    let size =
                        published.metadata.archive?.size.map {
                            String(format: " (%.1f MB)", Self.megabytes(Int64($0)))
                        } ?? ""
                    write(
                        "\(verb) \(name)\(size) in \(String(format: "%.1f", published.seconds))s\n")
                } else if verbosity >= 1 || !interactive {
                    write("\(name): unchanged\n")
                }
            }
        }
    }

    /// Clears a bar left on the terminal.
    func finish() {
        if interactive { status.withLock { if $0.current != nil { write("\r\u{1B}[K") } } }
    }

    /// `framework-scipy: compiling byte code 400/962 files 3s`
    static func compiling(_ layer: String, done: Int, total: Int, seconds: Double) -> String {
        "\(layer): compiling byte code \(done)/\(total) files \(Int(seconds))s"
    }

    /// `framework-scipy.tar.xz [#######-----------------]  28% 37.1/133.0 MB 1200/5230 entries 12s`
    static func bar(_ name: String, _ progress: ArchiveProgress, seconds: Double) -> String {
        let fraction = progress.totalBytes > 0 ? Double(progress.bytesDone) / Double(progress.totalBytes) : 1
        let cells = 24
        let filled = min(cells, Int(fraction * Double(cells)))
        return "\(name) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: cells - filled)
            + "] "
            + String(
                format: "%3d%% %.1f/%.1f MB %d/%d entries %ds", Int(fraction * 100), megabytes(progress.bytesDone),
                megabytes(progress.totalBytes), progress.entriesDone, progress.totalEntries, Int(seconds))
    }

    private static func megabytes(_ bytes: Int64) -> Double { Double(bytes) / 1_000_000 }

    private func write(_ text: String) {
        Console.write(text, to: .standardError)
    }
}
