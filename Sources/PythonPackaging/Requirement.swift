/// A PEP 508 dependency specifier such as `requests[security]>=2.8.1; python_version < "3.12"`
/// or `name @ https://example.com/name.whl`.
public struct Requirement: Sendable, CustomStringConvertible {
    /// The project name as written (see ``canonicalName``).
    public let name: String
    /// The extras as packaging keeps them: spelled as written, duplicates removed,
    /// sorted by code point (the order `str()` prints them in).
    public let extras: [String]
    /// The version specifiers (empty when there are none or a URL is given).
    public let specifier: SpecifierSet
    /// The direct reference after `@`, if any.
    public let url: String?
    /// The environment marker after `;`, if any.
    public let marker: Marker?

    /// Parses a requirement. Throws for anything PEP 508 rejects (and, unlike packaging 26,
    /// for a trailing comma after the last version clause).
    public init(_ text: String) throws(PackagingError) {
        var parser = RequirementParser(text)
        let parsed = try parser.parse()
        let specifier: SpecifierSet
        do {
            specifier = try SpecifierSet(parsed.specifier)
        } catch {
            throw PackagingError(
                kind: "requirement", input: text, problem: "bad version specifier: \(error.description)"
            )
        }
        self.init(
            name: parsed.name, extras: parsed.extras, specifier: specifier, url: parsed.url, marker: parsed.marker
        )
    }

    /// Builds a requirement from parts without validating them. `extras` are deduplicated
    /// and sorted as packaging does.
    public init(
        name: String, extras: [String] = [], specifier: SpecifierSet = SpecifierSet(),
        url: String? = nil, marker: Marker? = nil
    ) {
        var unique: [String] = []
        for extra in extras where !unique.contains(where: { pythonEqual($0, extra) }) {
            unique.append(extra)
        }
        self.name = name
        self.extras = unique.sorted(by: pythonLess)
        self.specifier = specifier
        self.url = url
        self.marker = marker
    }

    /// The PEP 503 normalised name, e.g. `scikit-learn` for `Scikit_Learn`.
    public var canonicalName: String { canonicalizeName(name) }

    /// Exactly `str(packaging.requirements.Requirement(text))` of packaging 25 (the version
    /// venvstacks 0.8 hashes with): name, `[extras]`, specifiers, `@ url` with no space before
    /// the `@` (plus a space before `;` when a marker follows),
    /// then `; marker` with double-quoted literals.
    public var description: String {
        format(name: name)
    }

    func format(name: String) -> String {
        var text = name
        if !extras.isEmpty {
            text += "[" + extras.joined(separator: ",") + "]"
        }
        if !specifier.isEmpty {
            text += specifier.description
        }
        if let url {
            text += "@ " + url
            if marker != nil { text += " " }
        }
        if let marker {
            text += "; " + marker.description
        }
        return text
    }
}

extension Requirement: Hashable {
    /// Equal when the canonical names, extras, specifiers, URLs and markers agree.
    public static func == (lhs: Requirement, rhs: Requirement) -> Bool {
        lhs.canonicalName == rhs.canonicalName
            && Set(lhs.extras) == Set(rhs.extras)
            && lhs.specifier == rhs.specifier
            && lhs.url == rhs.url
            && lhs.marker == rhs.marker
    }

    /// Hashes the same parts `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalName)
        hasher.combine(Set(extras))
        hasher.combine(specifier)
        hasher.combine(url)
        hasher.combine(marker)
    }
}
