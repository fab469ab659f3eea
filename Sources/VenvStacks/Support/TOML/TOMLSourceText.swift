/// Maps byte offsets of a validated UTF-8 document to lines and columns, and quotes
/// short excerpts of it for error messages.
struct TOMLSourceText {
    let bytes: [UInt8]

    /// The 1-based line and column (in Unicode scalars) of a byte offset.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == TOMLByte.lineFeed {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return (line, column)
    }

    /// The 1-based line of a byte offset.
    func line(of offset: Int) -> Int { position(of: offset).line }

    /// A syntax error at a byte offset.
    func error(_ message: String, at offset: Int) -> TOMLSyntaxError {
        let (line, column) = position(of: offset)
        return TOMLSyntaxError(message: message, line: line, column: column)
    }

    /// A backtick-quoted excerpt of the bytes in `range`.
    func quote(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return "`" + Self.excerpt(bytes[lower..<upper]) + "`"
    }

    /// Describes the character at `offset` for "found ..." messages.
    func describeCharacter(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        switch bytes[offset] {
        case TOMLByte.lineFeed, TOMLByte.carriageReturn: return "the end of the line"
        default:
            var end = offset + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            return quote(offset..<end)
        }
    }

    /// At most `TOMLLimits.maxExcerptLength` characters of UTF-8 `text`, with control characters
    /// escaped (`\u0000`) and `…` when cut. Reads only as much of `text` as it shows.
    static func excerpt(_ text: some Sequence<UInt8>) -> String {
        var output = ""
        var count = 0
        var iterator = text.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            let scalar: Unicode.Scalar
            switch decoder.decode(&iterator) {
            case .scalarValue(let decoded): scalar = decoded
            case .emptyInput: break decoding
            case .error: scalar = "\u{FFFD}"
            }
            if count == TOMLLimits.maxExcerptLength {
                output += "…"
                break
            }
            count += 1
            output += escaped(scalar)
        }
        return output
    }

    /// A backtick-quoted excerpt of a string (a key or value).
    static func quote(_ text: String) -> String { "`" + excerpt(text.utf8) + "`" }

    /// A scalar as shown in messages: control characters, line and paragraph separators and the
    /// byte-order mark as `\uXXXX`, others as themselves.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        let isInvisible =
            value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 || value == 0xFEFF
        guard isInvisible else { return String(scalar) }
        return "\\u" + hex(value, digits: 4)
    }

    /// `value` in upper-case hexadecimal, zero-padded to `digits`.
    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
