import Foundation
import Synchronization
import VenvStacks

/// Shows lock and build progress: on a terminal, one status line that is redrawn in place
/// (each active layer with its step and the seconds spent on it, and how many layers are
/// done); in logs, nothing unless `-v`, then one line per step and per layer.
final class ProgressDisplay: LockObserver, BuildObserver, Sendable {
    private let verbosity: Int
    private let interactive: Bool
    private let state = Mutex(State())

    private struct State {
        /// Active layers in start order, with their current step and when it started.
        var active: [(layer: String, step: String, started: Date)] = []
        var done = 0
        var ticking = false
    }

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
        state.withLock {
            $0.active.removeAll { $0.layer == layer }
            $0.active.append((layer, description, Date()))
        }
        startTicking()
        redraw()
    }

    private func finished(_ layer: String, _ summary: String, seconds: Double) {
        if interactive {
            state.withLock {
                $0.active.removeAll { $0.layer == layer }
                $0.done += 1
            }
            redraw()
        }
        if verbosity >= 1 { line("\(layer): \(summary) (\(String(format: "%.1f", seconds))s)") }
    }

    /// Removes the status line (call before printing results).
    func finish() {
        if interactive { clear() }
        state.withLock {
            $0.ticking = false
            $0.done = 0
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
        let start = state.withLock { state -> Bool in
            defer { state.ticking = true }
            return !state.ticking
        }
        guard start else { return }
        Task.detached { [self] in
            while state.withLock({ $0.ticking }) {
                try? await Task.sleep(for: .milliseconds(250))
                redraw()
            }
        }
    }

    private func redraw() {
        state.withLock { state in
            guard !state.active.isEmpty else {
                write("\r\u{1B}[K")
                return
            }
            let now = Date()
            let parts = state.active.map { "\($0.layer): \($0.step) … \(Int(now.timeIntervalSince($0.started)))s" }
            write("\r\u{1B}[K" + (state.done > 0 ? "[\(state.done) done] " : "") + parts.joined(separator: " | "))
        }
    }

    private func clear() {
        state.withLock { state in
            if !state.active.isEmpty || state.done > 0 { write("\r\u{1B}[K") }
            state.active = []
        }
    }

    private func line(_ text: String) {
        state.withLock { state in
            if interactive && !state.active.isEmpty { write("\r\u{1B}[K") }
            write(text + "\n")
        }
    }

    private func write(_ text: String) {
        Console.write(text, to: .standardError)
    }
}
