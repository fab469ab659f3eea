// The operator semantics of PEP 440 as packaging 26 implements them, including the
// string-based prefix matching used for `==X.*` and `~=`.

extension Specifier {
    /// Whether `candidate` satisfies the operator, ignoring pre-release policy.
    func matches(_ candidate: Version) -> Bool {
        switch op {
        case "===":
            return candidate.description.lowercased() == version.lowercased()
        case "==":
            return equalMatch(candidate)
        case "!=":
            return !equalMatch(candidate)
        case "~=":
            return compatibleMatch(candidate)
        default:
            guard let spec = parsedVersion else { return false }
            switch op {
            case "<=": return candidate.publicVersion <= spec
            case ">=": return candidate.publicVersion >= spec
            case "<": return lessThanMatch(candidate, spec)
            case ">": return greaterThanMatch(candidate, spec)
            default: return false
            }
        }
    }

    /// Marker-style matching of an arbitrary string: `===` compares the text itself,
    /// every other operator needs the text to be a valid version.
    func matches(rawText text: String) -> Bool {
        if op == "===" {
            return text.lowercased() == version.lowercased()
        }
        guard let candidate = try? Version(text) else { return false }
        return matches(candidate)
    }

    private func equalMatch(_ candidate: Version) -> Bool {
        if version.hasSuffix(".*") {
            return Specifier.prefixMatch(candidate, prefix: String(version.dropLast(2)))
        }
        guard let spec = parsedVersion else { return false }
        return (spec.local == nil ? candidate.publicVersion : candidate) == spec
    }

    private func compatibleMatch(_ candidate: Version) -> Bool {
        guard let spec = parsedVersion, candidate.publicVersion >= spec else { return false }
        let suffixes = ["dev", "a", "b", "rc", "post"]
        var parts = Array(
            Specifier.versionSplit(version).prefix { part in
                !suffixes.contains { part.hasPrefix($0) }
            })
        guard parts.count >= 2 else { return false }
        parts.removeLast()
        let prefix = parts[0] + "!" + parts.dropFirst().joined(separator: ".")
        return Specifier.prefixMatch(candidate, prefix: prefix)
    }

    private func lessThanMatch(_ candidate: Version, _ spec: Version) -> Bool {
        guard candidate < spec else { return false }
        // `<V` must not admit pre-releases of V itself unless V is a pre-release.
        if !spec.isPrerelease, candidate.isPrerelease {
            let earliest = Version(
                epoch: spec.epoch, release: spec.release, pre: spec.pre, post: spec.post, dev: 0, local: nil
            )
            if candidate >= earliest { return false }
        }
        return true
    }

    private func greaterThanMatch(_ candidate: Version, _ spec: Version) -> Bool {
        guard candidate > spec else { return false }
        // `>V` must not admit post-releases of V unless V is a post-release.
        if !spec.isPostrelease, candidate.isPostrelease {
            let base = Version(
                epoch: candidate.epoch, release: candidate.release, pre: candidate.pre, post: nil, dev: nil, local: nil
            )
            if base == spec { return false }
        }
        // `>V` must not admit local versions of V's base release (packaging 25 compares
        // base versions here, so `>1.0a1` rejects `1.0a2+local`).
        if candidate.localSegments != nil, candidate.baseVersion == spec.baseVersion { return false }
        return true
    }

    /// `==prefix.*` matching: compare the split prefix against the candidate's public
    /// version split the same way, zero-padding the candidate's release as needed.
    static func prefixMatch(_ candidate: Version, prefix: String) -> Bool {
        let specParts = versionSplit(canonicalizeVersion(prefix, stripTrailingZero: false))
        let numericCount = numericPrefixCount(specParts)
        var candidateParts = versionSplit(candidate.publicVersion.description)
        let candidateNumeric = numericPrefixCount(candidateParts)
        if candidateNumeric < numericCount {
            candidateParts.insert(
                contentsOf: Array(repeating: "0", count: numericCount - candidateNumeric), at: candidateNumeric
            )
        }
        return Array(candidateParts.prefix(specParts.count)) == specParts
    }

    /// Splits a version string into `[epoch, part, part, ...]`, also splitting a release
    /// number glued to a pre-release (`"0rc1"` becomes `"0"`, `"rc1"`).
    static func versionSplit(_ text: String) -> [String] {
        var epoch = ""
        var rest = Substring(text)
        if let bang = text.lastIndex(of: "!") {
            epoch = String(text[..<bang])
            rest = text[text.index(after: bang)...]
        }
        var result = [epoch.isEmpty ? "0" : epoch]
        for item in rest.split(separator: ".", omittingEmptySubsequences: false) {
            if let (number, pre) = splitGluedPreRelease(item) {
                result.append(number)
                result.append(pre)
            } else {
                result.append(String(item))
            }
        }
        return result
    }

    /// `"0rc1"` -> `("0", "rc1")` when the whole item is digits, a/b/c/rc, digits.
    private static func splitGluedPreRelease(_ item: Substring) -> (String, String)? {
        let scalars = Array(item.unicodeScalars)
        let digits = VersionGrammar.digitRun(scalars, from: 0)
        guard digits > 0, digits < scalars.count else { return nil }
        var index = digits
        if scalars[index] == "r", index + 1 < scalars.count, scalars[index + 1] == "c" {
            index += 2
        } else if ["a", "b", "c"].contains(scalars[index]) {
            index += 1
        } else {
            return nil
        }
        let tail = VersionGrammar.digitRun(scalars, from: index)
        guard tail > 0, index + tail == scalars.count else { return nil }
        return (makeString(scalars[..<digits]), makeString(scalars[digits...]))
    }

    private static func numericPrefixCount(_ parts: [String]) -> Int {
        parts.prefix { !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isASCIIDigit) }.count
    }
}
