/// A comma-separated set of PEP 440 specifier clauses, e.g. `>=2.3.0,<2.3.4`.
///
/// ``specifiers`` keeps the clauses in the order they were written; ``description`` prints
/// them the way packaging 25 does: sorted by their text, duplicates (by canonical form)
/// removed, joined with `,` and no spaces.
public struct SpecifierSet: Sendable, CustomStringConvertible {
    /// The clauses, in the order given.
    public var specifiers: [Specifier]

    /// Parses a comma-separated list of clauses. The empty string gives the empty set,
    /// and empty pieces (as in `">=1.0,"`) are skipped, as packaging does.
    public init(_ text: String) throws(PackagingError) {
        var clauses: [Specifier] = []
        var offset = 0
        for piece in text.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false) {
            defer { offset += piece.count + 1 }
            let clause = makeString(piece)
            if pythonStrip(clause).isEmpty { continue }
            do {
                clauses.append(try Specifier(clause))
            } catch {
                let (problem, column) = SpecifierGrammar.diagnose(Array(clause.unicodeScalars))
                throw PackagingError(
                    kind: "specifier set", input: text,
                    problem: "clause \(quoteForMessage(pythonStrip(clause))): \(problem)",
                    column: offset + column
                )
            }
        }
        self.specifiers = clauses
    }

    /// The empty set, which every version satisfies.
    public init() {
        self.specifiers = []
    }

    /// A set made of already-parsed clauses.
    public init(_ specifiers: [Specifier]) {
        self.specifiers = specifiers
    }

    /// `true` when there are no clauses.
    public var isEmpty: Bool { specifiers.isEmpty }

    /// The clauses with canonical duplicates removed (the first one written is kept, as
    /// packaging 25's frozenset keeps it), sorted by their text.
    public var canonicalSpecifiers: [Specifier] {
        var unique: [Specifier] = []
        for clause in specifiers where !unique.contains(clause) {
            unique.append(clause)
        }
        return unique.sorted { pythonLess($0.description, $1.description) }
    }

    /// Exactly `str(SpecifierSet)` of packaging 25, e.g. `"<2.3.4,>=2.3.0"`.
    public var description: String {
        canonicalSpecifiers.map(\.description).joined(separator: ",")
    }

    /// Whether `version` satisfies every clause. Pre-releases are rejected only when
    /// `prereleases` is `false`; with `nil` only when a clause names a pre-release (packaging 25).
    public func contains(_ version: Version, prereleases: Bool? = nil) -> Bool {
        if !(prereleases ?? (self.prereleases ?? false)), version.isPrerelease { return false }
        return specifiers.allSatisfy { $0.matches(version) }
    }

    /// Whether any clause implies pre-releases are wanted (`nil` when none does).
    public var prereleases: Bool? {
        specifiers.contains { $0.prereleases == true } ? true : nil
    }

    /// The versions that satisfy the set, in their original order, with PEP 440's
    /// pre-release rule: with `prereleases == nil`, pre-releases are only kept when no
    /// final release matches (or when a clause itself names a pre-release).
    public func filter(_ versions: [Version], prereleases: Bool? = nil) -> [Version] {
        let policy = prereleases ?? self.prereleases
        let matching = versions.filter { candidate in
            if policy == false, candidate.isPrerelease { return false }
            return specifiers.allSatisfy { $0.matches(candidate) }
        }
        if policy != nil { return matching }
        let finals = matching.filter { !$0.isPrerelease }
        return finals.isEmpty ? matching : finals
    }
}

extension SpecifierSet: Hashable {
    /// Equal when the canonical clause lists agree (order and duplicates do not matter).
    public static func == (lhs: SpecifierSet, rhs: SpecifierSet) -> Bool {
        lhs.canonicalSpecifiers == rhs.canonicalSpecifiers
    }

    /// Hashes the canonical clause list, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalSpecifiers)
    }
}
