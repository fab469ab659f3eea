/// Byte-level checks done before parsing: the document's encoding and its raw characters.
///
/// After `validate` succeeds the bytes are valid UTF-8 and hold no control character except
/// tab, line feed and a carriage return directly followed by a line feed, so the parser
/// never meets a NUL byte (it uses 0 as its end-of-input marker).
enum TOMLEncodingCheck {
    /// The number of leading bytes to skip (3 for a UTF-8 byte-order mark, otherwise 0).
    ///
    /// Throws when a byte-order mark or the NUL-byte pattern of ASCII text shows the document
    /// is UTF-16 or UTF-32.
    static func bodyStart(of bytes: [UInt8]) throws(TOMLSyntaxError) -> Int {
        func fail(_ encoding: String, _ how: String) -> TOMLSyntaxError {
            TOMLSyntaxError(
                message: "the file is \(encoding) encoded\(how); save it as UTF-8", line: 1, column: 1)
        }
        let count = bytes.count
        func at(_ index: Int) -> UInt8? { index < count ? bytes[index] : nil }
        switch (at(0), at(1), at(2), at(3)) {
        case (0x00, 0x00, 0xFE, 0xFF): throw fail("UTF-32 (big-endian)", "")
        case (0xFF, 0xFE, 0x00, 0x00): throw fail("UTF-32 (little-endian)", "")
        case (0xFE, 0xFF, _, _): throw fail("UTF-16 (big-endian)", "")
        case (0xFF, 0xFE, _, _): throw fail("UTF-16 (little-endian)", "")
        case (0xEF, 0xBB, 0xBF, _): return 3
        default: break
        }
        let noMark = " (it has no byte-order mark, but NUL bytes between its characters)"
        if count >= 8 {
            let quads = (0..<2).map { Array(bytes[($0 * 4)..<($0 * 4 + 4)]) }
            if quads.allSatisfy({ $0[0] != 0 && $0[1] == 0 && $0[2] == 0 && $0[3] == 0 }) {
                throw fail("UTF-32 (little-endian)", noMark)
            }
            if quads.allSatisfy({ $0[0] == 0 && $0[1] == 0 && $0[2] == 0 && $0[3] != 0 }) {
                throw fail("UTF-32 (big-endian)", noMark)
            }
        }
        let pairs = min(count / 2, 8)
        if pairs > 0 {
            let indices = 0..<pairs
            if indices.allSatisfy({ bytes[2 * $0] != 0 && bytes[2 * $0 + 1] == 0 }) {
                throw fail("UTF-16 (little-endian)", noMark)
            }
            if indices.allSatisfy({ bytes[2 * $0] == 0 && bytes[2 * $0 + 1] != 0 }) {
                throw fail("UTF-16 (big-endian)", noMark)
            }
        }
        return 0
    }

    /// Checks that `bytes` are UTF-8 without raw characters TOML never allows.
    static func validate(_ bytes: [UInt8]) throws(TOMLSyntaxError) {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F || byte == TOMLByte.lineFeed || byte == TOMLByte.tab {
                index += 1
                continue
            }
            if byte < 0x80 {
                try checkControl(bytes, at: index)
                index += 2  // a carriage return followed by a line feed
                continue
            }
            index += try sequenceLength(bytes, at: index)
        }
    }

    /// Throws for a raw control character, unless it is the `\r` of a `\r\n`.
    private static func checkControl(_ bytes: [UInt8], at index: Int) throws(TOMLSyntaxError) {
        let byte = bytes[index]
        let source = TOMLSourceText(bytes: bytes)
        if byte == TOMLByte.carriageReturn {
            if index + 1 < bytes.count && bytes[index + 1] == TOMLByte.lineFeed { return }
            throw source.error("a carriage return (\\r) must be followed by a line feed (\\n)", at: index)
        }
        if byte == 0 {
            throw source.error(
                "the document contains a NUL character (\\u0000), which is not allowed here "
                    + "(is it a binary file?)", at: index)
        }
        let shown = TOMLSourceText.escaped(Unicode.Scalar(byte))
        throw source.error(
            "the control character \(shown) is not allowed in TOML text "
                + "(inside a basic string, write the escape \(shown))", at: index)
    }

    /// The length of the valid UTF-8 multi-byte sequence at `index`, or an error naming the problem.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) throws(TOMLSyntaxError) -> Int {
        let lead = bytes[index]
        func next(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        func fail(_ problem: String) -> TOMLSyntaxError {
            TOMLSourceText(bytes: bytes).error("the text is not valid UTF-8 (\(problem))", at: index)
        }
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x80...0xBF:
            throw fail("unexpected continuation byte 0x\(TOMLSourceText.hex(UInt32(lead), digits: 2))")
        case 0xC0, 0xC1: throw fail("overlong encoding starting with 0x\(TOMLSourceText.hex(UInt32(lead), digits: 2))")
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default: throw fail("byte 0x\(TOMLSourceText.hex(UInt32(lead), digits: 2)) never appears in UTF-8")
        }
        guard let second = next(1), second & 0xC0 == 0x80 else { throw fail("truncated multi-byte sequence") }
        guard secondRange.contains(second) else {
            switch lead {
            case 0xE0, 0xF0: throw fail("overlong encoding")
            case 0xED: throw fail("encoded UTF-16 surrogate")
            default: throw fail("code point beyond U+10FFFF")
            }
        }
        for offset in 2..<length {
            guard let byte = next(offset), byte & 0xC0 == 0x80 else {
                throw fail("truncated multi-byte sequence")
            }
        }
        return length
    }
}
