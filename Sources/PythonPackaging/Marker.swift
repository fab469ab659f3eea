/// One side of a marker comparison.
public enum MarkerOperand: Hashable, Sendable {
    /// An environment variable such as `sys_platform` (always the canonical spelling).
    case variable(String)
    /// A quoted literal, already decoded (escapes interpreted, quotes removed).
    case value(String)

    /// The variable name or the literal text.
    public var text: String {
        switch self {
        case .variable(let name), .value(let name): name
        }
    }

    /// Serialised as packaging prints it: variables bare, literals in double quotes.
    var serialized: String {
        switch self {
        case .variable(let name): name
        case .value(let text): "\"\(text)\""
        }
    }
}

/// A marker comparison operator.
public enum MarkerOperator: String, Hashable, Sendable, CaseIterable {
    /// `<=`
    case lessThanOrEqual = "<="
    /// `<`
    case lessThan = "<"
    /// `!=`
    case notEqual = "!="
    /// `==`
    case equal = "=="
    /// `>=`
    case greaterThanOrEqual = ">="
    /// `>`
    case greaterThan = ">"
    /// `~=` (only meaningful for version variables)
    case compatible = "~="
    /// `===` (only meaningful for version variables)
    case arbitraryEqual = "==="
    /// `in`: substring (or set membership for `extras` / `dependency_groups`)
    case `in` = "in"
    /// `not in`
    case notIn = "not in"
}

/// The boolean operators joining markers; `and` binds tighter than `or`.
public enum MarkerBooleanOperator: String, Hashable, Sendable {
    /// `and`
    case and
    /// `or`
    case or
}

/// A marker following a boolean operator inside a ``Marker/group(_:_:)``.
public struct MarkerClause: Hashable, Sendable {
    /// How this clause joins what precedes it.
    public var joiner: MarkerBooleanOperator
    /// The clause itself: a comparison or a parenthesised group.
    public var marker: Marker

    /// Creates a clause.
    public init(_ joiner: MarkerBooleanOperator, _ marker: Marker) {
        self.joiner = joiner
        self.marker = marker
    }
}

/// A parsed PEP 508 environment marker, e.g. `sys_platform == "win32" and python_version < "3.12"`.
///
/// The structure mirrors what packaging keeps: a whole marker (and every parenthesised part of
/// it) is a ``group(_:_:)`` listing its items in written order, which is what lets
/// ``description`` reproduce packaging's output exactly, parentheses included. Two markers are
/// equal when they print the same, as in packaging.
public indirect enum Marker: Sendable, CustomStringConvertible {
    /// `lhs op rhs`.
    case comparison(MarkerOperand, MarkerOperator, MarkerOperand)
    /// A sequence of markers joined by `and` / `or`, in written order.
    case group(Marker, [MarkerClause])

    /// Parses a marker expression. Unknown variables, missing operands, unbalanced
    /// parentheses and trailing text all throw.
    public init(_ text: String) throws(PackagingError) {
        var parser = MarkerParser(tokenizer: Tokenizer(kind: "marker", source: text))
        let marker = try parser.parseMarker()
        guard parser.tokenizer.atEnd else {
            throw parser.tokenizer.error("expected 'and', 'or' or the end of the marker")
        }
        self = marker.normalizingExtras()
    }

    /// Exactly `str(packaging.markers.Marker(text))` of packaging 25 (double-quoted literals).
    public var description: String {
        format(first: true)
    }

    /// ``description`` with every double quote turned into a single quote, the form
    /// venvstacks writes in lock files.
    public var singleQuoted: String {
        makeString(description.unicodeScalars.map { $0 == "\"" ? "'" : $0 })
    }

    /// `self and other`, printed as packaging's `Marker.__and__` would print it.
    public func and(_ other: Marker) -> Marker {
        .group(asGroup, [MarkerClause(.and, other.asGroup)])
    }

    /// `self or other`, printed as packaging's `Marker.__or__` would print it.
    public func or(_ other: Marker) -> Marker {
        .group(asGroup, [MarkerClause(.or, other.asGroup)])
    }

    /// Every comparison in the marker, left to right.
    public var comparisons: [(lhs: MarkerOperand, op: MarkerOperator, rhs: MarkerOperand)] {
        switch self {
        case let .comparison(lhs, op, rhs):
            return [(lhs, op, rhs)]
        case let .group(first, rest):
            return first.comparisons + rest.flatMap(\.marker.comparisons)
        }
    }

    /// A top-level marker is always a group; a bare comparison is wrapped in one.
    var asGroup: Marker {
        if case .comparison = self { return .group(self, []) }
        return self
    }

    /// packaging's formatter: a single-item group prints its item without parentheses,
    /// nested multi-item groups are parenthesised, the outermost never is.
    func format(first: Bool) -> String {
        switch self {
        case let .comparison(lhs, op, rhs):
            return "\(lhs.serialized) \(op.rawValue) \(rhs.serialized)"
        case let .group(head, rest):
            if rest.isEmpty {
                return head.format(first: true)
            }
            var parts = [head.format(first: false)]
            for clause in rest {
                parts.append(clause.joiner.rawValue)
                parts.append(clause.marker.format(first: false))
            }
            let joined = parts.joined(separator: " ")
            return first ? joined : "(\(joined))"
        }
    }

    /// packaging 25 canonicalises the literal compared with `extra` only when that
    /// comparison is the first item of the top-level list (not inside parentheses).
    func normalizingExtras() -> Marker {
        func normalize(_ marker: Marker) -> Marker {
            guard case let .comparison(lhs, op, rhs) = marker else { return marker }
            if lhs == .variable("extra") {
                return .comparison(lhs, op, .value(canonicalizeName(rhs.text)))
            }
            if rhs == .variable("extra") {
                return .comparison(.value(canonicalizeName(lhs.text)), op, rhs)
            }
            return marker
        }
        switch self {
        case .comparison:
            return normalize(self)
        case let .group(head, rest):
            return .group(normalize(head), rest)
        }
    }
}

extension Marker: Hashable {
    /// Markers are equal when they print the same (as in packaging).
    public static func == (lhs: Marker, rhs: Marker) -> Bool {
        lhs.description == rhs.description
    }

    /// Hashes the printed form, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }
}
