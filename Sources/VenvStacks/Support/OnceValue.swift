import Foundation

/// A value worked out on first use and then kept, safe to share between threads.
final class OnceValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    /// The kept value, or `make()`'s result (kept) on the first call.
    func get(_ make: () -> Value) -> Value {
        lock.withLock {
            if let value { return value }
            let made = make()
            value = made
            return made
        }
    }
}
