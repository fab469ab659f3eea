/// Which layers a command works on, from `--include` patterns (docs/behaviour.md#layer-selection).
public enum LayerSelection {
    /// Build names of enabled layers matching any pattern, and the patterns that matched nothing.
    public static func filter(
        _ patterns: [String], in spec: StackSpec
    ) -> (matches: [String], unmatched: [String]) {
        var matches: [String] = []
        var unmatched: [String] = []
        let names = spec.enabledLayers.map(\.buildName)
        for pattern in patterns {
            let hits = names.filter { Glob.fnmatch($0, pattern) }
            if hits.isEmpty { unmatched.append(pattern) }
            for hit in hits where !matches.contains(hit) { matches.append(hit) }
        }
        return (names.filter(matches.contains), unmatched)
    }

    /// The build names `show --include` displays: the included layers, every layer they
    /// depend on (runtime and linearised frameworks) and every layer derived from them.
    public static func shown(including included: [String], in spec: StackSpec) -> Set<String> {
        let related = related(to: Set(included), in: spec)
        return Set(included).union(related.dependencies).union(related.derived)
    }

    /// The layers the `included` ones depend on (not included themselves), and the layers
    /// derived from them (building on at least one included layer).
    public static func related(to included: Set<String>, in spec: StackSpec)
        -> (dependencies: Set<String>, derived: Set<String>)
    {
        var dependencies = Set<String>()
        var derived = Set<String>()
        for layer in spec.enabledLayers where layer.kind != .runtime {
            let below = dependencyBuildNames(of: layer, in: spec)
            if included.contains(layer.buildName) {
                dependencies.formUnion(below.filter { !included.contains($0) })
            } else if below.contains(where: included.contains) {
                derived.insert(layer.buildName)
            }
        }
        return (dependencies, derived)
    }

    /// Runtime and linearised framework build names of `layer`.
    public static func dependencyBuildNames(of layer: LayerSpec, in spec: StackSpec) -> [String] {
        guard layer.kind != .runtime else { return [] }
        // Build names follow from base names (no lookup, no copy of each layer: this runs once
        // per dependency of every layer, so it must stay cheap for long framework chains).
        return layer.frameworks.filter { spec.hasFramework(named: $0) }.map { LayerKind.framework.buildPrefix + $0 }
            + (spec.hasRuntime(named: layer.runtime) ? [layer.runtime] : [])
    }
}

/// Python `fnmatch`-style patterns: `*`, `?`, `[seq]`, `[!seq]`; case-sensitive.
public enum Glob {
    public static func fnmatch(_ name: String, _ pattern: String) -> Bool {
        match(Array(name.unicodeScalars), 0, Array(pattern.unicodeScalars), 0)
    }

    private static func match(_ s: [Unicode.Scalar], _ si: Int, _ p: [Unicode.Scalar], _ pi: Int) -> Bool {
        var si = si, pi = pi
        while pi < p.count {
            switch p[pi] {
            case "*":
                while pi < p.count && p[pi] == "*" { pi += 1 }
                if pi == p.count { return true }
                for start in si...s.count where match(s, start, p, pi) { return true }
                return false
            case "?":
                guard si < s.count else { return false }
                si += 1
                pi += 1
            case "[":
                guard let (matched, next) = bracket(p, pi, si < s.count ? s[si] : nil) else {
                    guard si < s.count, s[si] == "[" else { return false }
                    si += 1
                    pi += 1
                    continue
                }
                guard si < s.count, matched else { return false }
                si += 1
                pi = next
            default:
                guard si < s.count, s[si] == p[pi] else { return false }
                si += 1
                pi += 1
            }
        }
        return si == s.count
    }

    /// Matches a `[...]` class at `p[start]`; nil when the bracket is not closed (then it is literal).
    private static func bracket(_ p: [Unicode.Scalar], _ start: Int, _ char: Unicode.Scalar?) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count && p[i] == "!" { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count && (p[i] != "]" || first) {
            first = false
            if i + 2 < p.count && p[i + 1] == "-" && p[i + 2] != "]" {
                if let c = char, p[i] <= c && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if let c = char, c == p[i] { matched = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (matched != negate, i + 1)
    }
}
