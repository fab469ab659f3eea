import Foundation
import VenvStacks

/// Shows lock and build progress: on a terminal, one status line that is redrawn in place
/// (each active layer with its step and the seconds spent on it, and how many layers are
/// done); in logs, nothing unless `-v`, then one line per step and per layer.
final class ProgressDisplay: LockObserver, BuildObserver, @unchecked Sendable {
    private let verbosity: Int
    private let interactive: Bool
    private let lock = NSLock()
    /// Active layers in start order, with their current step and when it started.
    private var active: [(layer: String, step: String, started: Date)] = []
    private var done = 0
    private var ticking = false

    init(verbosity: Int) {
        self.verbosity = verbosity
        interactive = Console.showsProgress(verbosity: verbosity)
    }

    func handle(_ event: LockEvent) {
        switch event {
        case .step(let layer, let description): step(layer, description)
        case .finished(let locked, let seconds): finished(locked.buildName, Self.describe(locked), seconds: seconds)
        case .detail(let message): if verbosity >= 1 { line(message) }
        }
    }

    func handle(_ event: BuildEvent) {
        switch event {
        case .step(let layer, let description): step(layer, description)
        case .finished(let built, let seconds):
            finished(built.buildName, Self.describe(built), seconds: seconds)
            if verbosity >= 2 {
                for entry in built.sysPath { line("  sys.path: \(entry)") }
            }
        case .detail(let message): if verbosity >= 1 { line(message) }
        }
    }

    private func step(_ layer: String, _ description: String) {
        if verbosity >= 1 { line("\(layer): \(description)") }
        guard interactive else { return }
        lock.withLock {
            active.removeAll { $0.layer == layer }
            active.append((layer, description, Date()))
        }
        startTicking()
        redraw()
    }

    private func finished(_ layer: String, _ summary: String, seconds: Double) {
        if interactive {
            lock.withLock {
                active.removeAll { $0.layer == layer }
                done += 1
            }
            redraw()
        }
        if verbosity >= 1 { line("\(layer): \(summary) (\(String(format: "%.1f", seconds))s)") }
    }

    /// Removes the status line (call before printing results).
    func finish() {
        if interactive { clear() }
        lock.withLock {
            ticking = false
            done = 0
        }
    }

    static func describe(_ locked: LockedLayer) -> String {
        let what: String =
            switch locked.action {
            case .resolved(let changed): changed ? "locked (lock file updated)" : "locked (lock file unchanged)"
            case .metadataRefreshed: "lock metadata refreshed"
            case .kept: "existing lock kept"
            }
        return what + (locked.metadataWritten ? ", metadata written" : "")
    }

    static func describe(_ built: BuiltLayer) -> String {
        switch built.action {
        case .built(let reason): "built (\(reason))"
        case .reused: "up to date"
        }
    }

    /// Redraws the status line four times a second (so the seconds count up) until `finish`.
    private func startTicking() {
        let start = lock.withLock { () -> Bool in
            defer { ticking = true }
            return !ticking
        }
        guard start else { return }
        Task.detached { [self] in
            while lock.withLock({ ticking }) {
                try? await Task.sleep(for: .milliseconds(250))
                redraw()
            }
        }
    }

    private func redraw() {
        lock.withLock {
            guard !active.isEmpty else {
                write("\r\u{1B}[K")
                return
            }
            let now = Date()
            let parts = active.map { "\($0.layer): \($0.step) … \(Int(now.timeIntervalSince($0.started)))s" }
            write("\r\u{1B}[K" + (done > 0 ? "[\(done) done] " : "") + parts.joined(separator: " | "))
        }
    }

    private func clear() {
        lock.withLock {
            if !active.isEmpty || done > 0 { write("\r\u{1B}[K") }
            active = []
        }
    }

    private func line(_ text: String) {
        lock.withLock {
            if interactive && !active.isEmpty { write("\r\u{1B}[K") }
            write(text + "\n")
        }
    }

    private func write(_ text: String) {
        Console.write(text, to: .standardError)
    }
}
