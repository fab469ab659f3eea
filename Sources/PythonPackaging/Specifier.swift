/// One PEP 440 specifier clause such as `>=1.0`, `==3.11.*`, `~=2.2` or `===foo`.
///
/// The operator and version are kept exactly as written (surrounding whitespace removed),
/// so ``description`` prints `>=v1.0` for `>= v1.0`, just as packaging does. Equality and
/// hashing use the canonical form (`==1.0` equals `==1.0.0`).
public struct Specifier: Sendable, CustomStringConvertible {
    /// The operator: one of `==`, `!=`, `<=`, `>=`, `<`, `>`, `~=`, `===`.
    public let op: String
    /// The version text after the operator, as written (may end in `.*` for `==`/`!=`).
    public let version: String
    /// The parsed version, absent for wildcards and for `===` with a non-PEP 440 string.
    let parsedVersion: Version?

    /// Parses one clause, e.g. `" >= 1.0 "`. Throws for anything PEP 440 does not allow,
    /// such as `=1.0`, `~=1`, `>=1.0.*` or `>1.0+local`.
    public init(_ text: String) throws(PackagingError) {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        while start < scalars.count, scalars[start].isPythonWhitespace { start += 1 }
        var valid = false
        if let end = SpecifierGrammar.match(scalars, from: start) {
            valid = scalars[end...].allSatisfy(\.isPythonWhitespace)
        }
        guard valid, let op = SpecifierGrammar.matchOperator(scalars, from: start) else {
            let (problem, column) = SpecifierGrammar.diagnose(scalars)
            throw PackagingError(kind: "specifier", input: text, problem: problem, column: column)
        }
        let rest = makeString(scalars[(start + op.unicodeScalars.count)...])
        self.op = op
        self.version = pythonStrip(rest)
        if op == "===" || self.version.hasSuffix(".*") {
            self.parsedVersion = try? Version(self.version)
        } else {
            self.parsedVersion = try Version(self.version)
        }
    }

    /// `op` followed by `version`, e.g. `"==3.11.*"`.
    public var description: String { op + version }

    /// Whether this clause on its own implies that pre-releases are wanted, as packaging's
    /// `Specifier.prereleases` reports: `false` for `!=` and wildcards, `nil` for an
    /// arbitrary `===` string, otherwise whether the version is a pre-release.
    public var prereleases: Bool? {
        if op == "!=" { return false }
        if op == "==", version.hasSuffix(".*") { return false }
        guard let parsedVersion = (op == "===" ? parsedVersion : try? Version(version)) else { return nil }
        return parsedVersion.isPrerelease
    }

    /// Whether `version` satisfies this clause. With `prereleases == nil` a pre-release is
    /// only accepted when the clause itself names one (packaging 25's default).
    public func contains(_ version: Version, prereleases: Bool? = nil) -> Bool {
        if !(prereleases ?? (self.prereleases ?? false)), version.isPrerelease { return false }
        return matches(version)
    }

    /// The canonical `(operator, version)` pair used for equality.
    var canonicalKey: [String] {
        if op == "===" || version.hasSuffix(".*") { return [op, version] }
        guard let parsedVersion else { return [op, version] }
        return [op, canonicalizeVersion(parsedVersion, stripTrailingZero: op != "~=")]
    }
}

extension Specifier: Hashable {
    /// Equal when operator and canonical version agree (`==1.0` equals `==1.0.0`).
    public static func == (lhs: Specifier, rhs: Specifier) -> Bool {
        lhs.canonicalKey == rhs.canonicalKey
    }

    /// Hashes the canonical form, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalKey)
    }
}
