/// The single error type of this module.
///
/// Every parser in `PythonPackaging` throws a `PackagingError` for input it cannot accept;
/// nothing in the module traps on bad input. The ``description`` is one readable line that
/// quotes the offending input and says what is wrong and where, for example
/// `invalid requirement 'name<>': expected ';' or the end of the requirement after the name at column 5`.
public struct PackagingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One human-readable line describing the problem.
    public let description: String

    /// Creates an error with a ready-made description.
    public init(_ description: String) {
        self.description = description
    }

    /// Builds the standard message shape: `invalid <kind> '<input>': <problem>[ at column N]`.
    ///
    /// - Parameters:
    ///   - kind: what was being parsed ("version", "specifier", "requirement", ...).
    ///   - input: the full text given to the parser.
    ///   - problem: what is wrong, starting lower-case.
    ///   - column: 1-based column (in Unicode scalars) where the problem was found, if known.
    init(kind: String, input: String, problem: String, column: Int? = nil) {
        var text = "invalid \(kind) \(quoteForMessage(input)): \(problem)"
        if let column {
            text += " at column \(column)"
        }
        self.description = text
    }
}

/// Quotes `text` for an error message, escaping anything that would break the one-line format.
/// Text longer than `limit` scalars is cut (`'first part…' (N characters)`), so a huge input
/// never turns into a huge message.
func quoteForMessage(_ text: String, limit: Int = 80) -> String {
    // Like Python's repr(): single quotes unless the text contains only the other kind.
    let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var out = String(Character(quote))
    for (count, scalar) in text.unicodeScalars.enumerated() {
        if count == limit {
            return out + "…" + String(Character(quote)) + " (\(text.unicodeScalars.count) characters)"
        }
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case quote: out += "\\" + String(Character(quote))
        case "\\": out += "\\\\"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + String(Character(quote))
}
