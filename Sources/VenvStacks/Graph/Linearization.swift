/// C3 linearisation of framework dependencies (docs/behaviour.md#framework-linearisation).
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
    ///
    /// Runs in time linear in the total length of the sequences (times the number of declared
    /// frameworks): each sequence is read through a moving start index, and a count of each
    /// name's appearances in sequence *tails* answers "is this head in any tail?" at once. A
    /// chain of 3,000 frameworks therefore loads in well under a second.
    public static func c3(
        declared: [String], linearized: (String) -> [String]
    ) throws(Conflict) -> [String] {
        // One declared framework: the merge of [D, D's linearisation] and [D] is that list.
        if declared.count == 1 { return declared + linearized(declared[0]) }
        let sequences = declared.map { [$0] + linearized($0) } + [declared]
        var starts = [Int](repeating: 0, count: sequences.count)
        var inTails: [String: Int] = [:]
        for sequence in sequences { for name in sequence.dropFirst() { inTails[name, default: 0] += 1 } }
        var result: [String] = []
        while true {
            var head: String?
            var anyLeft = false
            for (index, sequence) in sequences.enumerated() where starts[index] < sequence.count {
                anyLeft = true
                let candidate = sequence[starts[index]]
                if inTails[candidate, default: 0] == 0 {
                    head = candidate
                    break
                }
            }
            guard anyLeft else { return result }
            guard let head else {
                throw Conflict(
                    remaining: sequences.indices.compactMap { index in
                        starts[index] < sequences[index].count ? Array(sequences[index][starts[index]...]) : nil
                    })
            }
            result.append(head)
            for index in sequences.indices where starts[index] < sequences[index].count {
                guard sequences[index][starts[index]] == head else { continue }
                starts[index] += 1
                // The next name moves from this sequence's tail to its head.
                if starts[index] < sequences[index].count { inTails[sequences[index][starts[index]], default: 0] -= 1 }
            }
        }
    }
}
