// The grammar of one specifier clause (`op version`), shared by `Specifier` and the
// requirement tokenizer. It mirrors packaging's specifier regular expression: the operator
// decides which version forms are allowed (wildcards and local labels only after `==`/`!=`,
// at least two release numbers after `~=`, anything but whitespace, `;` and `)` after `===`).

/// The operators of PEP 440, longest spelling first.
let specifierOperators = ["===", "==", "!=", "~=", "<=", ">=", "<", ">"]

enum SpecifierGrammar {
    /// The operator spelled at `start`, if any.
    static func matchOperator(_ text: [Unicode.Scalar], from start: Int) -> String? {
        for candidate in specifierOperators {
            let length = candidate.unicodeScalars.count
            if start + length <= text.count, text[start..<(start + length)].elementsEqual(candidate.unicodeScalars) {
                return candidate
            }
        }
        return nil
    }

    /// Index just past the longest specifier clause starting at `start`, or nil if none.
    /// Whitespace is allowed between the operator and the version.
    static func match(_ text: [Unicode.Scalar], from start: Int) -> Int? {
        guard let op = matchOperator(text, from: start) else { return nil }
        var index = start + op.unicodeScalars.count
        while index < text.count, text[index].isPythonWhitespace { index += 1 }
        if op == "===" {
            while index < text.count, !text[index].isPythonWhitespace, text[index] != ";", text[index] != ")" {
                index += 1
            }
            return index
        }
        var options = VersionGrammarOptions()
        switch op {
        case "==", "!=":
            options.allowWildcard = true
        case "~=":
            options.allowLocal = false
            options.minimumReleaseCount = 2
        default:
            options.allowLocal = false
        }
        return VersionGrammar.scan(text, from: index, options: options)?.end
    }

    /// Why a `.*` suffix is not allowed after a clause with operator `op`.
    static func wildcardProblem(_ op: String) -> String {
        if op == "==" || op == "!=" {
            return "a '.*' suffix must follow the release numbers directly (no pre-, post-, dev- or local part)"
        }
        return "a '.*' suffix is only allowed with '==' and '!='"
    }

    /// Describes why `text` (a whole specifier, already known not to match) is invalid,
    /// with a 1-based column.
    static func diagnose(_ text: [Unicode.Scalar]) -> (String, Int) {
        var index = 0
        while index < text.count, text[index].isPythonWhitespace { index += 1 }
        guard index < text.count else { return ("the specifier is empty", index + 1) }
        guard let op = matchOperator(text, from: index) else {
            return ("expected an operator (one of ==, !=, <=, >=, <, >, ~=, ===)", index + 1)
        }
        let versionStart = index + op.unicodeScalars.count
        var versionIndex = versionStart
        while versionIndex < text.count, text[versionIndex].isPythonWhitespace { versionIndex += 1 }
        guard let end = match(text, from: index) else {
            if op == "~=", let scan = VersionGrammar.scan(text, from: versionIndex), scan.release.count < 2 {
                return ("'~=' needs a version with at least two release numbers", versionIndex + 1)
            }
            return ("expected a version after '\(op)'", versionIndex + 1)
        }
        var junk = end
        while junk < text.count, text[junk].isPythonWhitespace { junk += 1 }
        let rest = makeString(text[junk...])
        if rest.hasPrefix(".*") {
            return (wildcardProblem(op), junk + 1)
        }
        if rest.hasPrefix("+"), op != "==", op != "!=" {
            return ("a local version label is only allowed with '==' and '!='", junk + 1)
        }
        return ("unexpected \(quoteForMessage(pythonStrip(rest))) after the version", junk + 1)
    }
}
