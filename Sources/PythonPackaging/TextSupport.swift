// Internal helpers that reproduce the character classes and string semantics of Python,
// which the packaging grammars are defined in terms of. Parsers work on arrays of
// Unicode scalars so that positions match Python's code-point indices.

extension Unicode.Scalar {
    /// Python's `str.isspace()` / regex `\s` for `str` patterns (close approximation).
    var isPythonWhitespace: Bool {
        if properties.isWhitespace { return true }
        // File/group/record/unit separators count as whitespace in Python.
        return (0x1C...0x1F).contains(value)
    }

    /// Python's regex `\w` for `str` patterns: alphanumeric in Unicode, or underscore.
    var isPythonWordCharacter: Bool {
        if self == "_" { return true }
        if properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return false
        }
    }

    /// `[0-9]`.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }

    /// `[a-zA-Z]`.
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }

    /// `[a-zA-Z0-9]`.
    var isASCIIAlphanumeric: Bool { isASCIIDigit || isASCIILetter }

    /// The scalar with ASCII upper-case letters mapped to lower case.
    var asciiLowercased: Unicode.Scalar {
        if ("A"..."Z").contains(self), let lower = Unicode.Scalar(value + 32) {
            return lower
        }
        return self
    }

    /// `[-_.]`, the separator class used throughout PEP 440.
    var isVersionSeparator: Bool { self == "-" || self == "_" || self == "." }
}

/// Builds a `String` from a slice of scalars.
func makeString<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
    var result = ""
    result.unicodeScalars.append(contentsOf: scalars)
    return result
}

/// Python's `str.strip()` with no arguments.
func pythonStrip(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    var start = 0
    var end = scalars.count
    while start < end, scalars[start].isPythonWhitespace { start += 1 }
    while end > start, scalars[end - 1].isPythonWhitespace { end -= 1 }
    return makeString(scalars[start..<end])
}

/// Code-point equality, as Python compares strings (Swift's `==` uses canonical equivalence).
func pythonEqual(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.elementsEqual(rhs.unicodeScalars)
}

/// Code-point ordering, as Python's `<` on `str` (used by `sorted()`).
func pythonLess(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars) { $0.value < $1.value }
}

/// Python's `needle in haystack` for strings: code-point substring search.
func pythonContains(_ haystack: String, _ needle: String) -> Bool {
    let hay = Array(haystack.unicodeScalars)
    let pin = Array(needle.unicodeScalars)
    if pin.isEmpty { return true }
    if pin.count > hay.count { return false }
    for start in 0...(hay.count - pin.count) where hay[start] == pin[0] {
        if hay[start..<(start + pin.count)].elementsEqual(pin) { return true }
    }
    return false
}
