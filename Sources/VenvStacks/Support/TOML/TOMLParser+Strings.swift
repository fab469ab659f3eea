/// Whether a string being parsed is a key or a value, for messages.
enum TOMLStringRole {
    case key
    case value

    var noun: String {
        switch self {
        case .key: "key"
        case .value: "string"
        }
    }
}

extension TOMLParser {
    /// Parses a string value at a `"` or `'`: basic, literal, or their multi-line forms.
    mutating func parseString() throws(TOMLSyntaxError) -> String {
        let delimiter = current
        let isMultiline = byte(at: position + 1) == delimiter && byte(at: position + 2) == delimiter
        switch (delimiter == TOMLByte.quote, isMultiline) {
        case (true, false): return try parseBasicString(role: .value)
        case (false, false): return try parseLiteralString()
        case (true, true): return try parseMultilineString(escapes: true)
        case (false, true): return try parseMultilineString(escapes: false)
        }
    }

    /// Parses a single-line basic string `"..."` with escapes.
    mutating func parseBasicString(role: TOMLStringRole) throws(TOMLSyntaxError) -> String {
        position += 1
        var segmentStart = position
        var buffer: [UInt8] = []
        var hasEscapes = false
        while true {
            let byte = current
            if byte == TOMLByte.quote { break }
            if byte == TOMLByte.backslash {
                buffer.append(contentsOf: bytes[segmentStart..<position])
                try appendEscape(to: &buffer, role: role)
                hasEscapes = true
                segmentStart = position
            } else if byte == TOMLByte.lineFeed || byte == TOMLByte.carriageReturn || isAtEnd {
                throw error(
                    "unterminated string: add the closing `\"` before the end of the line "
                        + "(use `\"\"\"` for a multi-line string)", at: position)
            } else {
                position += 1
            }
        }
        let text: String
        if hasEscapes {
            buffer.append(contentsOf: bytes[segmentStart..<position])
            text = String(decoding: buffer, as: UTF8.self)
        } else {
            text = String(decoding: bytes[segmentStart..<position], as: UTF8.self)
        }
        position += 1
        return text
    }

    /// Parses a single-line literal string `'...'` (no escapes).
    mutating func parseLiteralString() throws(TOMLSyntaxError) -> String {
        position += 1
        let contentStart = position
        while current != TOMLByte.apostrophe {
            if isAtLineEnd {
                throw error(
                    "unterminated literal string: add the closing `'` before the end of the line "
                        + "(use `'''` for a multi-line string)", at: position)
            }
            position += 1
        }
        let text = String(decoding: bytes[contentStart..<position], as: UTF8.self)
        position += 1
        return text
    }

    /// Parses `"""..."""` (with escapes) or `'''...'''`.
    ///
    /// A line ending right after the opening delimiter is dropped, `\r\n` becomes `\n`, and up
    /// to two quotes may directly precede the closing delimiter.
    mutating func parseMultilineString(escapes: Bool) throws(TOMLSyntaxError) -> String {
        let start = position
        let delimiter = current
        position += 3
        skipNewline()
        var buffer: [UInt8] = []
        var segmentStart = position
        while true {
            let byte = current
            if byte == delimiter {
                var run = 1
                while self.byte(at: position + run) == delimiter { run += 1 }
                if run < 3 {
                    position += run
                    continue
                }
                if run > 5 {
                    throw error(
                        "a multi-line string cannot contain three or more `\(Unicode.Scalar(delimiter))` in a row"
                            + (escapes ? " (escape one of them as `\\\"`)" : " (use a multi-line basic string)"),
                        at: position)
                }
                buffer.append(contentsOf: bytes[segmentStart..<(position + run - 3)])
                position += run
                return String(decoding: buffer, as: UTF8.self)
            } else if byte == TOMLByte.backslash && escapes {
                buffer.append(contentsOf: bytes[segmentStart..<position])
                if !skipLineEndingBackslash() {
                    try appendEscape(to: &buffer, role: .value)
                }
                segmentStart = position
            } else if byte == TOMLByte.carriageReturn {
                buffer.append(contentsOf: bytes[segmentStart..<position])
                buffer.append(TOMLByte.lineFeed)
                position += 2
                segmentStart = position
            } else if isAtEnd {
                throw error(
                    "unterminated multi-line string (it starts at line \(source.line(of: start)))", at: position)
            } else {
                position += 1
            }
        }
    }

    /// At a backslash followed only by whitespace up to the line end, skips the backslash and all
    /// whitespace and line endings after it, and returns true.
    private mutating func skipLineEndingBackslash() -> Bool {
        var offset = position + 1
        while TOMLByte.isWhitespace(byte(at: offset)) { offset += 1 }
        let next = byte(at: offset)
        guard next == TOMLByte.lineFeed || next == TOMLByte.carriageReturn else { return false }
        position = offset
        skipWhitespaceAndNewlines()
        return true
    }

    private mutating func skipWhitespaceAndNewlines() {
        while true {
            switch current {
            case TOMLByte.space, TOMLByte.tab, TOMLByte.lineFeed: position += 1
            case TOMLByte.carriageReturn: position += 2
            default: return
            }
        }
    }

    /// Decodes the escape at a backslash into `buffer` as UTF-8.
    private mutating func appendEscape(to buffer: inout [UInt8], role: TOMLStringRole) throws(TOMLSyntaxError) {
        let start = position
        let code = byte(at: position + 1)
        let simple: UInt8? =
            switch code {
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "t"): 0x09
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "r"): 0x0D
            case TOMLByte.quote: TOMLByte.quote
            case TOMLByte.backslash: TOMLByte.backslash
            default: nil
            }
        if let simple {
            buffer.append(simple)
            position += 2
            return
        }
        guard code == UInt8(ascii: "u") || code == UInt8(ascii: "U") else {
            if code == TOMLByte.lineFeed || code == TOMLByte.carriageReturn || start + 1 >= bytes.count {
                throw error(
                    "a backslash at the end of a line is only allowed in a multi-line basic string (`\"\"\"`)",
                    at: start)
            }
            var end = start + 2
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            throw error(
                "invalid escape \(source.quote(start..<end)) (TOML 1.0 allows \\b \\t \\n \\f \\r \\\" \\\\ "
                    + "\\uXXXX and \\UXXXXXXXX; write a backslash as \\\\)", at: start)
        }
        let digits = code == UInt8(ascii: "u") ? 4 : 8
        var value: UInt32 = 0
        var end = start + 2
        while end < start + 2 + digits && TOMLByte.isHexDigit(byte(at: end)) {
            value = value << 4 | TOMLByte.hexValue(byte(at: end))
            end += 1
        }
        guard end == start + 2 + digits else {
            throw error("the escape \(source.quote(start..<end)) needs \(digits) hexadecimal digits", at: start)
        }
        guard let scalar = Unicode.Scalar(value) else {
            let problem = (0xD800...0xDFFF).contains(value) ? "a UTF-16 surrogate" : "beyond U+10FFFF"
            throw error("the escape \(source.quote(start..<end)) is \(problem), not a Unicode scalar value", at: start)
        }
        if value == 0 {
            throw error("the \(role.noun) contains a NUL character (\\u0000), which is not allowed here", at: start)
        }
        UTF8.encode(scalar) { buffer.append($0) }
        position = end
    }
}
