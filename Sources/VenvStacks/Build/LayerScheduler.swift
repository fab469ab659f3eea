/// Runs one piece of work per layer, each only after the layers it depends on, with at
/// most `limit` running at once (child tasks of one task group). Of the pieces ready to
/// start, those with the highest `priority` start first (absent: 0), ties in `order`; with a
/// limit of one, `order` alone decides. After a failure nothing new starts; the error of the
/// first failed layer (in `order`) is thrown once the running ones have finished.
enum LayerScheduler {
    static func run<T: Sendable>(
        order: [String], dependencies: [String: Set<String>], limit: Int, priority: [String: Double] = [:],
        work: @escaping @Sendable (String) async throws(StackError) -> T
    ) async throws(StackError) -> [String: T] {
        let order = limit <= 1 || priority.isEmpty ? order : prioritised(order, priority)
        var results: [String: T] = [:]
        var failures: [String: StackError] = [:]
        var started = Set<String>()
        var finished = Set<String>()
        await withTaskGroup(of: (String, Result<T, StackError>).self) { group in
            var running = 0
            repeat {
                if failures.isEmpty {
                    for name in order where running < max(1, limit) && !started.contains(name) {
                        guard dependencies[name, default: []].isSubset(of: finished) else { continue }
                        started.insert(name)
                        running += 1
                        group.addTask {
                            do throws(StackError) {
                                return (name, .success(try await work(name)))
                            } catch {
                                return (name, .failure(error))
                            }
                        }
                    }
                }
                guard let (name, outcome) = await group.next() else { break }
                running -= 1
                switch outcome {
                case .success(let value):
                    results[name] = value
                    finished.insert(name)
                case .failure(let error):
                    failures[name] = error
                }
            } while true
        }
        if let failure = order.lazy.compactMap({ failures[$0] }).first { throw failure }
        let unstarted = order.filter { !started.contains($0) }
        guard unstarted.isEmpty else {
            throw StackError("cannot order the layers \(unstarted.joined(separator: ", ")) (a dependency cycle?)")
        }
        return results
    }

    /// `order` sorted by descending priority, keeping `order` among equals.
    static func prioritised(_ order: [String], _ priority: [String: Double]) -> [String] {
        order.enumerated().sorted { a, b in
            let (pa, pb) = (priority[a.element, default: 0], priority[b.element, default: 0])
            return pa != pb ? pa > pb : a.offset < b.offset
        }.map(\.element)
    }
}
