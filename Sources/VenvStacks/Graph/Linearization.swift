/// C3 linearisation of framework dependencies (reference §3.2).
///
/// The same merge Python uses for its MRO, except that the layer itself is not part
/// of the result (and runtimes never are).
public enum Linearization {
    /// The remaining sequences when no head can be chosen.
    public struct Conflict: Error, Equatable, Sendable {
        public var remaining: [[String]]
    }

    /// Linearises `declared` given each framework's own linearisation.
    ///
    /// - Parameters:
    ///   - declared: the layer's `frameworks` field, in order.
    ///   - linearized: maps each framework name to its own linearised dependencies.
    public static func c3(
        declared: [String], linearized: (String) -> [String]
    ) throws(Conflict) -> [String] {
        var sequences = declared.map { [$0] + linearized($0) } + [declared]
        var result: [String] = []
        while true {
            sequences.removeAll { $0.isEmpty }
            if sequences.isEmpty { return result }
            let candidate = sequences.lazy.map { $0[0] }.first { head in
                !sequences.contains { $0.dropFirst().contains(head) }
            }
            guard let head = candidate else { throw Conflict(remaining: sequences) }
            result.append(head)
            for index in sequences.indices where sequences[index].first == head {
                sequences[index].removeFirst()
            }
        }
    }
}
