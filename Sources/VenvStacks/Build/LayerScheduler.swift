import Foundation

/// Runs one piece of work per layer, each only after the layers it depends on, with at
/// most `limit` running at once. After a failure nothing new starts; the error of the
/// first failed layer (in `order`) is thrown once the running ones have finished.
enum LayerScheduler {
    static func run<T: Sendable>(
        order: [String], dependencies: [String: Set<String>], limit: Int,
        work: @escaping @Sendable (String) throws(BuildError) -> T
    ) throws(BuildError) -> [String: T] {
        if limit <= 1 {
            var results: [String: T] = [:]
            for name in order { results[name] = try work(name) }
            return results
        }
        let state = SchedulerState<T>()
        state.condition.lock()
        while true {
            if state.failures.isEmpty {
                for name in order where state.running.count < limit && !state.started.contains(name) {
                    guard dependencies[name, default: []].isSubset(of: state.finished) else { continue }
                    state.started.insert(name)
                    state.running.insert(name)
                    Thread.detachNewThread {
                        let outcome = Result { () throws(BuildError) -> T in try work(name) }
                        state.condition.lock()
                        state.running.remove(name)
                        switch outcome {
                        case .success(let value):
                            state.results[name] = value
                            state.finished.insert(name)
                        case .failure(let error):
                            state.failures[name] = error
                        }
                        state.condition.signal()
                        state.condition.unlock()
                    }
                }
            }
            if state.running.isEmpty { break }
            state.condition.wait()
        }
        let results = state.results
        let failure = order.lazy.compactMap { state.failures[$0] }.first
        let unstarted = order.filter { !state.started.contains($0) }
        state.condition.unlock()
        if let failure { throw failure }
        guard unstarted.isEmpty else {
            throw BuildError("cannot order the layers \(unstarted.joined(separator: ", ")) (a dependency cycle?)")
        }
        return results
    }
}

/// The scheduler's shared state, guarded by `condition`.
private final class SchedulerState<T: Sendable>: @unchecked Sendable {
    let condition = NSCondition()
    var started = Set<String>()
    var running = Set<String>()
    var finished = Set<String>()
    var results: [String: T] = [:]
    var failures: [String: BuildError] = [:]
}
