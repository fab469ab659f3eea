// A hand-written scanner for the PEP 440 version grammar, shared by `Version` (which keeps
// the parsed pieces) and the specifier grammar (which only needs to know how far a valid
// version runs). Each optional part is matched greedily and never given back, which is how
// packaging's regular expressions behave on these inputs.

/// The raw pieces of one scanned version, as digit strings and spellings from the input.
struct VersionScan {
    /// Index just past the last scalar that belongs to the version.
    var end: Int
    var epoch: String?
    var release: [String] = []
    /// `true` when the release was followed by `.*` (only when wildcards are allowed).
    var isWildcard = false
    /// Pre-release spelling (e.g. "alpha", "RC") and its digits, if any.
    var pre: (label: String, number: String?)?
    /// Post-release: `label` is nil for the implicit `-N` form.
    var post: (label: String?, number: String?)?
    var dev: (label: String, number: String?)?
    /// Local segments as written, without the separators.
    var local: [String]?
}

/// What the specifier grammar allows after a given operator.
struct VersionGrammarOptions {
    var allowWildcard = false
    var allowLocal = true
    var minimumReleaseCount = 1
}

enum VersionGrammar {
    static let preLabels = ["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]
    static let postLabels = ["post", "rev", "r"]

    /// Scans a version (optionally prefixed by `v`) starting at `start`.
    /// Returns nil if no release segment can be found there.
    static func scan(
        _ text: [Unicode.Scalar], from start: Int, options: VersionGrammarOptions = .init()
    ) -> VersionScan? {
        var index = start
        var result = VersionScan(end: start)
        if index < text.count, text[index] == "v" || text[index] == "V" {
            index += 1
        }
        // Epoch: digits followed by "!".
        let epochDigits = digitRun(text, from: index)
        if epochDigits > 0, index + epochDigits < text.count, text[index + epochDigits] == "!" {
            result.epoch = makeString(text[index..<(index + epochDigits)])
            index += epochDigits + 1
        }
        // Release: digits ("." digits)*.
        let first = digitRun(text, from: index)
        guard first > 0 else { return nil }
        result.release.append(makeString(text[index..<(index + first)]))
        index += first
        while index + 1 < text.count, text[index] == "." {
            let count = digitRun(text, from: index + 1)
            if count == 0 { break }
            result.release.append(makeString(text[(index + 1)..<(index + 1 + count)]))
            index += 1 + count
        }
        guard result.release.count >= options.minimumReleaseCount else { return nil }
        if options.allowWildcard, index + 1 < text.count, text[index] == ".", text[index + 1] == "*" {
            result.isWildcard = true
            result.end = index + 2
            return result
        }
        if let (next, label, number) = scanLabelled(text, from: index, labels: preLabels) {
            result.pre = (label, number)
            index = next
        }
        if index + 1 < text.count, text[index] == "-", text[index + 1].isASCIIDigit {
            let count = digitRun(text, from: index + 1)
            result.post = (nil, makeString(text[(index + 1)..<(index + 1 + count)]))
            index += 1 + count
        } else if let (next, label, number) = scanLabelled(text, from: index, labels: postLabels) {
            result.post = (label, number)
            index = next
        }
        if let (next, label, number) = scanLabelled(text, from: index, labels: ["dev"]) {
            result.dev = (label, number)
            index = next
        }
        if options.allowLocal, let (next, segments) = scanLocal(text, from: index) {
            result.local = segments
            index = next
        }
        result.end = index
        return result
    }

    /// Number of consecutive ASCII digits starting at `start`.
    static func digitRun(_ text: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < text.count, text[index].isASCIIDigit { index += 1 }
        return index - start
    }

    /// Matches `[-_.]? label [-_.]? digits*` for the longest label in `labels`, case-insensitively.
    static func scanLabelled(
        _ text: [Unicode.Scalar], from start: Int, labels: [String]
    ) -> (Int, String, String?)? {
        var index = start
        if index < text.count, text[index].isVersionSeparator { index += 1 }
        var best: Int?
        for label in labels {
            let length = label.unicodeScalars.count
            guard index + length <= text.count else { continue }
            let candidate = text[index..<(index + length)].map(\.asciiLowercased)
            if candidate.elementsEqual(label.unicodeScalars), length > (best ?? 0) {
                best = length
            }
        }
        guard let length = best else { return nil }
        let label = makeString(text[index..<(index + length)])
        index += length
        if index < text.count, text[index].isVersionSeparator { index += 1 }
        let digits = digitRun(text, from: index)
        let number = digits > 0 ? makeString(text[index..<(index + digits)]) : nil
        return (index + digits, label, number)
    }

    /// Matches `+ [a-z0-9]+ ([-_.][a-z0-9]+)*`, case-insensitively.
    static func scanLocal(_ text: [Unicode.Scalar], from start: Int) -> (Int, [String])? {
        guard start < text.count, text[start] == "+" else { return nil }
        func alnumRun(_ from: Int) -> Int {
            var index = from
            while index < text.count, text[index].isASCIIAlphanumeric { index += 1 }
            return index - from
        }
        var index = start + 1
        let first = alnumRun(index)
        guard first > 0 else { return nil }
        var segments = [makeString(text[index..<(index + first)])]
        index += first
        while index < text.count, text[index].isVersionSeparator {
            let count = alnumRun(index + 1)
            if count == 0 { break }
            segments.append(makeString(text[(index + 1)..<(index + 1 + count)]))
            index += 1 + count
        }
        return (index, segments)
    }
}
