/// The closest known names to a name that matched nothing, for "did you mean" hints.
public enum NameSuggestions {
    /// Up to `limit` of `candidates` within a small edit distance of `name` (case ignored),
    /// closest first; candidates containing `name` (or contained in it) count as close too.
    public static func closest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let wanted = name.lowercased()
        let scored = candidates.map { candidate -> (String, Int) in
            let lower = candidate.lowercased()
            var distance = editDistance(Array(wanted.unicodeScalars), Array(lower.unicodeScalars))
            if !wanted.isEmpty && (lower.contains(wanted) || wanted.contains(lower)) { distance = min(distance, 1) }
            return (candidate, distance)
        }
        let allowed = max(2, wanted.count / 3)
        return scored.filter { $0.1 <= allowed }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// "; did you mean a or b?" when there are close names, else "; known: a, b, c" (the first
    /// few of `candidates`).
    public static func hint(for name: String, in candidates: [String], what: String) -> String {
        let close = closest(to: name, in: candidates)
        if !close.isEmpty { return "did you mean \(close.joined(separator: " or "))?" }
        let shown = candidates.prefix(8).joined(separator: ", ")
        return candidates.isEmpty
            ? "the stack has no \(what)s" : "the \(what)s are \(shown)\(candidates.count > 8 ? ", ..." : "")"
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension StackSpec {
    /// Build names of the enabled layers matching any of `patterns` (fnmatch); a pattern
    /// that matches nothing is an error naming the closest layers.
    public func layers(matching patterns: [String]) throws(StackError) -> Set<String> {
        let names = enabledLayers.map(\.buildName)
        var selected = Set<String>()
        for pattern in patterns {
            let hits = names.filter { Glob.fnmatch($0, pattern) }
            guard !hits.isEmpty else {
                throw StackError(
                    "no layer matches '\(pattern)'", hint: NameSuggestions.hint(for: pattern, in: names, what: "layer"))
            }
            selected.formUnion(hits)
        }
        return selected
    }
}
