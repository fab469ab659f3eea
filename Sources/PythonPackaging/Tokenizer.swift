// A small context-sensitive tokenizer over Unicode scalars for the PEP 508 grammar.
// Each `match...` method looks for one kind of token at the current position and, if found,
// returns its text and advances; parsers decide which tokens are acceptable where.

struct Tokenizer {
    /// What is being parsed, for error messages ("requirement" or "marker").
    let kind: String
    let source: String
    let text: [Unicode.Scalar]
    var position = 0

    init(kind: String, source: String) {
        self.kind = kind
        self.source = source
        self.text = Array(source.unicodeScalars)
    }

    /// An error at `column` (0-based scalar index; defaults to the current position).
    func error(_ problem: String, at index: Int? = nil) -> PackagingError {
        PackagingError(kind: kind, input: source, problem: problem, column: (index ?? position) + 1)
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < text.count ? text[position + offset] : nil
    }

    /// `$` in Python: the end of the text, or just before a final newline.
    var atEnd: Bool {
        position == text.count || (position == text.count - 1 && text[position] == "\n")
    }

    /// Skips `[ \t]+`; returns whether anything was skipped.
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = position
        while let scalar = peek(), scalar == " " || scalar == "\t" { position += 1 }
        return position > start
    }

    /// Consumes `literal` if it is next.
    mutating func match(_ literal: Unicode.Scalar) -> Bool {
        guard peek() == literal else { return false }
        position += 1
        return true
    }

    /// Regex `\b` at `index`: a word character on exactly one side.
    func isWordBoundary(_ index: Int) -> Bool {
        let before = index > 0 && text[index - 1].isPythonWordCharacter
        let after = index < text.count && text[index].isPythonWordCharacter
        return before != after
    }

    /// Consumes the word `literal` when it stands on word boundaries at both ends.
    mutating func matchWord(_ literal: String) -> Bool {
        let scalars = Array(literal.unicodeScalars)
        let end = position + scalars.count
        guard end <= text.count, text[position..<end].elementsEqual(scalars),
            isWordBoundary(position), isWordBoundary(end)
        else { return false }
        position = end
        return true
    }

    /// A name or extra: `\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b`.
    mutating func matchIdentifier() -> String? {
        guard let first = peek(), first.isASCIIAlphanumeric, isWordBoundary(position) else { return nil }
        var end = position + 1
        while end < text.count, text[end].isASCIIAlphanumeric || text[end].isVersionSeparator { end += 1 }
        while end > position + 1, !isWordBoundary(end) { end -= 1 }
        guard isWordBoundary(end) else { return nil }
        defer { position = end }
        return makeString(text[position..<end])
    }

    /// One specifier clause (operator, optional whitespace, version).
    mutating func matchSpecifier() -> String? {
        guard let end = SpecifierGrammar.match(text, from: position) else { return nil }
        defer { position = end }
        return makeString(text[position..<end])
    }

    /// A URL: everything up to the next space or tab.
    mutating func matchURL() -> String? {
        var end = position
        while end < text.count, text[end] != " ", text[end] != "\t" { end += 1 }
        guard end > position else { return nil }
        defer { position = end }
        return makeString(text[position..<end])
    }

    /// A marker variable name, with the dotted and legacy spellings packaging accepts.
    mutating func matchVariable() -> String? {
        for spelling in markerVariableSpellings where matchWord(spelling) {
            return spelling
        }
        return nil
    }

    /// A marker comparison operator (not `in` / `not in`).
    mutating func matchComparisonOperator() -> String? {
        for op in specifierOperators {
            let scalars = Array(op.unicodeScalars)
            let end = position + scalars.count
            if end <= text.count, text[position..<end].elementsEqual(scalars) {
                position = end
                return op
            }
        }
        return nil
    }

    /// A single- or double-quoted string; returns the raw token including its quotes.
    mutating func matchQuotedString() -> String? {
        guard let quote = peek(), quote == "'" || quote == "\"" else { return nil }
        var end = position + 1
        while end < text.count, text[end] != quote { end += 1 }
        guard end < text.count else { return nil }
        defer { position = end + 1 }
        return makeString(text[position...end])
    }
}

/// Variable spellings accepted in markers (`.` forms are legacy aliases).
let markerVariableSpellings = [
    "python_version", "python_full_version",
    "os_name", "os.name", "sys_platform", "sys.platform",
    "platform_release", "platform_system",
    "platform_version", "platform.version", "platform_machine", "platform.machine",
    "platform_python_implementation", "platform.python_implementation", "python_implementation",
    "implementation_name", "implementation_version",
    "extras", "extra", "dependency_groups",
]
