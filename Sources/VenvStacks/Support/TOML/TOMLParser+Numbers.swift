extension TOMLParser {
    /// Parses a decimal, hexadecimal, octal or binary integer or a float from a token.
    func parseNumber(_ token: Range<Int>) throws(TOMLSyntaxError) -> TOMLNode {
        func invalid(_ reason: String) -> TOMLSyntaxError {
            error("invalid number \(source.quote(token)): \(reason)", at: token.lowerBound)
        }
        let end = token.upperBound
        var index = token.lowerBound
        let hasSign = bytes[index] == TOMLByte.plus || bytes[index] == TOMLByte.minus
        let isNegative = bytes[index] == TOMLByte.minus
        if hasSign { index += 1 }
        if byte(at: index) == TOMLByte.zero && index + 1 < end {
            let radix: Int? =
                switch bytes[index + 1] {
                case UInt8(ascii: "x"): 16
                case UInt8(ascii: "o"): 8
                case UInt8(ascii: "b"): 2
                default: nil
                }
            if let radix {
                if hasSign { throw invalid("a hexadecimal, octal or binary integer cannot have a sign") }
                return .int(try parseInteger(index + 2..<end, radix: radix, isNegative: false, invalid))
            }
        }
        if byte(at: index) == TOMLByte.dot {
            throw invalid("a decimal point must have digits on both sides")
        }
        guard let integerEnd = scanDigits(from: index, to: end, radix: 10) else {
            throw invalid(digitProblem(in: index..<end, radix: 10))
        }
        if integerEnd - index > 1 && bytes[index] == TOMLByte.zero {
            throw invalid("leading zeros are not allowed")
        }
        var cursor = integerEnd
        var isFloat = false
        if cursor < end && bytes[cursor] == TOMLByte.dot {
            isFloat = true
            guard let fractionEnd = scanDigits(from: cursor + 1, to: end, radix: 10) else {
                throw invalid("a decimal point must have digits on both sides")
            }
            cursor = fractionEnd
        }
        if cursor < end && bytes[cursor] | 0x20 == UInt8(ascii: "e") {
            isFloat = true
            cursor += 1
            if cursor < end && (bytes[cursor] == TOMLByte.plus || bytes[cursor] == TOMLByte.minus) { cursor += 1 }
            guard let exponentEnd = scanDigits(from: cursor, to: end, radix: 10) else {
                throw invalid("the exponent needs digits (e.g. 1e6, 2.5E-3)")
            }
            cursor = exponentEnd
        }
        guard cursor == end else {
            if bytes[cursor] == TOMLByte.underscore || bytes[cursor - 1] == TOMLByte.underscore {
                throw invalid("each underscore must be between two digits")
            }
            throw invalid("unexpected \(source.describeCharacter(at: cursor))")
        }
        guard isFloat else {
            return .int(try parseInteger(index..<end, radix: 10, isNegative: isNegative, invalid))
        }
        let text = String(decoding: bytes[token].lazy.filter { $0 != TOMLByte.underscore }, as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw invalid("it is too large for a 64-bit float")
        }
        return .double(value)
    }

    /// The value of the digits (with single underscores between them) in `range`.
    private func parseInteger(
        _ range: Range<Int>, radix: Int, isNegative: Bool, _ invalid: (String) -> TOMLSyntaxError
    ) throws(TOMLSyntaxError) -> Int {
        guard scanDigits(from: range.lowerBound, to: range.upperBound, radix: radix) == range.upperBound else {
            throw invalid(digitProblem(in: range, radix: radix))
        }
        var value = 0
        for byte in bytes[range] where byte != TOMLByte.underscore {
            let digit = Int(TOMLByte.hexValue(byte))
            var overflow: Bool
            (value, overflow) = value.multipliedReportingOverflow(by: radix)
            var overflowAdding = false
            if isNegative {
                (value, overflowAdding) = value.subtractingReportingOverflow(digit)
            } else {
                (value, overflowAdding) = value.addingReportingOverflow(digit)
            }
            overflow = overflow || overflowAdding
            if overflow {
                throw invalid("it does not fit in a 64-bit integer (\(Int.min) to \(Int.max))")
            }
        }
        return value
    }

    /// The end of a run of `radix` digits with single underscores between digits starting at
    /// `start`, or nil when no digit starts there or an underscore is misplaced.
    private func scanDigits(from start: Int, to end: Int, radix: Int) -> Int? {
        func isDigit(_ byte: UInt8) -> Bool {
            switch radix {
            case 16: TOMLByte.isHexDigit(byte)
            case 8: byte &- TOMLByte.zero < 8
            case 2: byte &- TOMLByte.zero < 2
            default: TOMLByte.isDigit(byte)
            }
        }
        guard start < end, isDigit(bytes[start]) else { return nil }
        var index = start + 1
        while index < end {
            if isDigit(bytes[index]) {
                index += 1
            } else if bytes[index] == TOMLByte.underscore {
                guard index + 1 < end, isDigit(bytes[index + 1]) else { return nil }
                index += 2
            } else {
                break
            }
        }
        return index
    }

    /// Why the digits in `range` are not a valid run, for messages.
    private func digitProblem(in range: Range<Int>, radix: Int) -> String {
        let name = [16: "hexadecimal", 8: "octal", 2: "binary"][radix] ?? "decimal"
        guard !range.isEmpty else { return "\(name) digits are missing" }
        if bytes[range].contains(TOMLByte.underscore) && bytes[range].allSatisfy(TOMLByte.isBareKey) {
            return "each underscore must be between two digits"
        }
        return "expected \(name) digits"
    }
}
