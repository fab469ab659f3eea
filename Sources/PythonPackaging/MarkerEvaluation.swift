/// The variable values a marker is evaluated against, e.g.
/// `["sys_platform": "linux", "python_version": "3.11", ...]`.
///
/// `extra` defaults to the empty string when absent (packaging's "metadata" context).
/// For `extras` and `dependency_groups`, which packaging treats as sets, give a
/// comma-separated list of names.
public struct MarkerEnvironment: Hashable, Sendable {
    /// Variable name to value.
    public var values: [String: String]

    /// Creates an environment from variable values.
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The value packaging would use for `key`, after its normalisations.
    func lookup(_ key: String) -> String? {
        switch key {
        case "extra":
            let extra = values["extra"] ?? ""
            return extra.isEmpty ? "" : canonicalizeName(extra)
        case "python_full_version":
            guard let version = values[key] else { return nil }
            return version.hasSuffix("+") ? version + "local" : version
        default:
            return values[key]
        }
    }
}

/// Variables that hold sets of names.
let setMarkerVariables: Set<String> = ["extras", "dependency_groups"]

extension Marker {
    /// Evaluates the marker as packaging 25 does: `and` binds tighter than `or`; a comparison
    /// whose operator and right-hand value form a valid PEP 440 specifier is decided by that
    /// specifier (pre-releases allowed), every other comparison by Python string rules (`in`
    /// is substring, `<`, `<=`, `>`, `>=` compare code points). `extra` values are compared
    /// after PEP 503 normalisation. Where packaging raises (a missing variable, `~=` or `===`
    /// on non-versions, a non-version compared with a version specifier) the comparison is
    /// `false` here.
    public func evaluate(_ environment: MarkerEnvironment) -> Bool {
        switch self {
        case let .comparison(lhs, op, rhs):
            return Marker.evaluateComparison(lhs, op, rhs, environment)
        case let .group(head, rest):
            // Any of the `or`-separated runs must have all its items true.
            var anyRun = false
            var currentRun = head.evaluate(environment)
            for clause in rest {
                let value = clause.marker.evaluate(environment)
                if clause.joiner == .or {
                    anyRun = anyRun || currentRun
                    currentRun = value
                } else {
                    currentRun = currentRun && value
                }
            }
            return anyRun || currentRun
        }
    }

    static func evaluateComparison(
        _ lhs: MarkerOperand, _ op: MarkerOperator, _ rhs: MarkerOperand, _ environment: MarkerEnvironment
    ) -> Bool {
        // The variable is looked up on whichever side is a variable (the left one first);
        // the other side is used as written.
        let key: String
        let left: String
        let right: String
        if case .variable(let name) = lhs {
            key = name
            guard let value = environment.lookup(name) else { return false }
            // packaging asserts the left value is a plain string, which fails for sets.
            if setMarkerVariables.contains(key) { return false }
            left = value
            right = rhs.text
        } else {
            key = rhs.text
            guard let value = environment.lookup(key) else { return false }
            left = lhs.text
            right = value
        }
        if setMarkerVariables.contains(key) {
            return evaluateSetComparison(canonicalizeName(left), op, right)
        }
        var (left2, right2) = (left, right)
        if key == "extra" {
            (left2, right2) = (canonicalizeName(left), canonicalizeName(right))
        }
        if let specifier = try? Specifier(op.rawValue + right2) {
            // packaging raises when the left side is not a version, even for `===`.
            guard (try? Version(left2)) != nil else { return false }
            return specifier.matches(rawText: left2)
        }
        switch op {
        case .in: return pythonContains(right2, left2)
        case .notIn: return !pythonContains(right2, left2)
        case .equal: return pythonEqual(left2, right2)
        case .notEqual: return !pythonEqual(left2, right2)
        case .lessThan: return pythonLess(left2, right2)
        case .lessThanOrEqual: return !pythonLess(right2, left2)
        case .greaterThan: return pythonLess(right2, left2)
        case .greaterThanOrEqual: return !pythonLess(left2, right2)
        case .compatible, .arbitraryEqual: return false
        }
    }

    /// `name in extras` and friends: the environment value is a comma-separated set.
    static func evaluateSetComparison(_ name: String, _ op: MarkerOperator, _ list: String) -> Bool {
        let members = list.split(separator: ",").map { canonicalizeName(pythonStrip(String($0))) }
        let isMember = members.contains { pythonEqual($0, name) }
        switch op {
        case .in: return isMember
        case .notIn: return !isMember
        case .notEqual: return true
        default: return false
        }
    }
}
