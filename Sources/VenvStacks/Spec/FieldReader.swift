/// Collects spec problems and warnings while loading. Only the first
/// ``StackSpecError/shownLimit`` of each are kept; later ones are counted, and their
/// messages are never even built (so a spec of a million bad keys costs no edit distances).
struct SpecDiagnostics {
    private(set) var errors: [SpecProblem] = []
    private(set) var omittedErrors = 0
    private(set) var warnings: [SpecProblem] = []
    private(set) var omittedWarnings = 0

    var hasErrors: Bool { !errors.isEmpty }

    mutating func error(_ location: @autoclosure () -> SpecLocation, _ message: @autoclosure () -> String) {
        guard errors.count < StackSpecError.shownLimit else {
            omittedErrors += 1
            return
        }
        errors.append(SpecProblem(location(), message()))
    }

    mutating func warning(_ location: @autoclosure () -> SpecLocation, _ message: @autoclosure () -> String) {
        guard warnings.count < StackSpecError.shownLimit else {
            omittedWarnings += 1
            return
        }
        warnings.append(SpecProblem(location(), message()))
    }

    /// The errors found, as the error loading throws.
    var error: StackSpecError { StackSpecError(problems: errors, omitted: omittedErrors) }

    /// The warnings kept, then one that counts the rest.
    func warningsToShow(file: String) -> [SpecProblem] {
        guard omittedWarnings > 0 else { return warnings }
        return warnings + [SpecProblem(SpecLocation(file: file), "… and \(omittedWarnings) more warnings")]
    }
}

/// Typed access to the keys of one TOML table, reporting type mismatches and unknown keys.
struct FieldReader {
    let entries: [TOMLEntry]
    let location: SpecLocation

    init(_ entries: [TOMLEntry], location: SpecLocation) {
        self.entries = entries
        self.location = location
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    func value(_ key: String) -> TOMLNode? { entries.first { $0.key == key }?.value }

    func at(_ key: String) -> SpecLocation {
        SpecLocation(file: location.file, layer: location.layer, field: key)
    }

    /// Reports every key not in `allowed`, suggesting the closest valid key.
    func checkKnownKeys(
        _ allowed: [String], into diagnostics: inout SpecDiagnostics, hint: (String) -> String? = { _ in nil }
    ) {
        for entry in entries where !allowed.contains(entry.key) {
            // Built only for problems that are shown (SpecDiagnostics counts the rest).
            diagnostics.error(at(entry.key), Self.unknownKeyMessage(entry.key, allowed: allowed, hint: hint))
        }
    }

    private static func unknownKeyMessage(_ key: String, allowed: [String], hint: (String) -> String?) -> String {
        var message = "unknown key \(MessageExcerpt.quote(key))"
        if let special = hint(key) {
            message += " (\(special))"
        } else if let guess = closestMatch(to: key, in: allowed) {
            message += " (did you mean '\(guess)'?)"
        } else {
            message += " (valid keys: \(allowed.sorted().joined(separator: ", ")))"
        }
        return message
    }

    func string(_ key: String, _ diagnostics: inout SpecDiagnostics) -> String? {
        guard let node = value(key) else { return nil }
        if case .string(let text) = node { return text }
        diagnostics.error(at(key), "must be a string, not \(article(node.typeName))")
        return nil
    }

    func bool(_ key: String, _ diagnostics: inout SpecDiagnostics) -> Bool? {
        guard let node = value(key) else { return nil }
        if case .bool(let flag) = node { return flag }
        diagnostics.error(at(key), "must be true or false, not \(describe(node))")
        return nil
    }

    func stringArray(_ key: String, _ diagnostics: inout SpecDiagnostics) -> [String]? {
        guard let node = value(key) else { return nil }
        guard case .array(let items) = node else {
            diagnostics.error(
                at(key), "must be an array of strings, not \(describe(node)) (write [\(example(node))])")
            return nil
        }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                diagnostics.error(at(key), "item \(index + 1) must be a string, not \(article(item.typeName))")
                return nil
            }
            strings.append(text)
        }
        return strings
    }

    /// A table whose values are all strings, in key order.
    func stringTable(_ key: String, _ diagnostics: inout SpecDiagnostics) -> [(String, String)]? {
        guard let node = value(key) else { return nil }
        guard case .table(let members) = node else {
            diagnostics.error(at(key), "must be a table of strings, not \(article(node.typeName))")
            return nil
        }
        var pairs: [(String, String)] = []
        for member in members {
            guard case .string(let text) = member.value else {
                diagnostics.error(
                    at(key),
                    "entry \(MessageExcerpt.quote(member.key)) must be a string, not \(article(member.value.typeName))")
                return nil
            }
            pairs.append((member.key, text))
        }
        return pairs
    }

    private func describe(_ node: TOMLNode) -> String {
        if case .string(let text) = node {
            let (excerpt, cut) = MessageExcerpt.escape(text)
            return "the string \"\(excerpt)\(cut ? "…" : "")\""
        }
        return article(node.typeName)
    }

    private func example(_ node: TOMLNode) -> String {
        if case .string(let text) = node, text.unicodeScalars.count <= MessageExcerpt.limit {
            return TOMLWriter.string(text)
        }
        return "..."
    }
}

/// "an integer", "a string", ...
func article(_ noun: String) -> String {
    let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
    return (noun.first.map { vowels.contains($0) } ?? false ? "an " : "a ") + noun
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
func closestMatch(to word: String, in candidates: [String]) -> String? {
    // A typo is short: longer words are no key's misspelling (and would make the distance slow).
    guard word.count <= 64 else { return nil }
    let scored = candidates.map { ($0, editDistance(word, $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
    let limit = max(2, min(word.count, best.0.count) / 3)
    return best.1 <= limit ? best.0 : nil
}

/// Levenshtein distance between two strings.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs), b = Array(rhs)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        previous = current
    }
    return previous[b.count]
}
