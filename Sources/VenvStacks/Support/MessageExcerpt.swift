/// Quotes user-supplied text for an error message: control characters escaped and the text
/// cut to a short excerpt, so a message stays one readable line whatever the input holds
/// (a 5 MB string becomes its first few dozen characters and its length).
public enum MessageExcerpt {
    /// The longest excerpt kept, in Unicode scalars.
    public static let limit = 60

    /// `'text'` escaped; longer text becomes `'first 60 characters…' (N characters)`.
    public static func quote(_ text: String, limit: Int = limit) -> String {
        let (escaped, cut) = escape(text, limit: limit)
        return cut ? "'\(escaped)…' (\(text.unicodeScalars.count) characters)" : "'\(escaped)'"
    }

    /// The longest path quoted whole, in Unicode scalars: far beyond real project paths, short
    /// enough that a message stays readable when a spec holds a runaway value.
    public static let pathLimit = 1000

    /// A file path quoted for a message: escaped like `quote`, but whole, since a path cut
    /// short names the wrong file. A path longer than `pathLimit` keeps its start and its
    /// end (the file name) around a `…`, with its full length.
    public static func quotePath(_ path: String) -> String {
        "'\(escapePath(path))'"
    }

    /// `quotePath` without the quotes.
    public static func escapePath(_ path: String) -> String {
        let scalars = Array(path.unicodeScalars)
        guard scalars.count > pathLimit else { return escape(path, limit: pathLimit).text }
        let keep = pathLimit / 2
        let head = escape(String(String.UnicodeScalarView(scalars[..<keep])), limit: keep).text
        let tail = escape(String(String.UnicodeScalarView(scalars[(scalars.count - keep)...])), limit: keep).text
        return "\(head)…\(tail) (\(scalars.count) characters)"
    }

    /// The escaped text, cut to `limit` scalars; `cut` says whether anything was left out.
    public static func escape(_ text: String, limit: Int = limit) -> (text: String, cut: Bool) {
        var out = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == limit { return (out, true) }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            default:
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned:
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return (out, false)
    }
}
