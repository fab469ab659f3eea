extension TOMLParser {
    /// Parses a string, boolean, number or date-time at the current position.
    mutating func parseScalar() throws(TOMLSyntaxError) -> TOMLNode {
        let first = current
        if first == TOMLByte.quote || first == TOMLByte.apostrophe {
            return .string(try parseString())
        }
        guard TOMLByte.isToken(first) else {
            throw error("expected a value, found \(found)", at: position)
        }
        let token = scanToken()
        let text = bytes[token]
        switch text.count {
        case 3, 4, 5:
            if text.elementsEqual("true".utf8) { return .bool(true) }
            if text.elementsEqual("false".utf8) { return .bool(false) }
            if text.elementsEqual("inf".utf8) || text.elementsEqual("+inf".utf8) { return .double(.infinity) }
            if text.elementsEqual("-inf".utf8) { return .double(-.infinity) }
            if text.elementsEqual("nan".utf8) || text.elementsEqual("+nan".utf8) { return .double(.nan) }
            if text.elementsEqual("-nan".utf8) { return .double(-Double.nan) }
        default: break
        }
        if TOMLDateTimeFormat.looksLikeDateOrTime(text) {
            do throws(TOMLDateTimeProblem) {
                return .datetime(try TOMLDateTimeFormat.normalise(Array(text)))
            } catch {
                throw self.error("invalid date or time \(source.quote(token)): \(error.reason)", at: token.lowerBound)
            }
        }
        if TOMLByte.isDigit(first) || first == TOMLByte.plus || first == TOMLByte.minus || first == TOMLByte.dot
            || first == TOMLByte.underscore
        {
            return try parseNumber(token)
        }
        throw error(
            "invalid value \(source.quote(token)) (strings must be quoted; booleans are `true` or `false`)",
            at: token.lowerBound)
    }

    /// Consumes the run of number, boolean or date-time characters at the current position,
    /// including the space of a date-time such as `1979-05-27 07:32:00`.
    private mutating func scanToken() -> Range<Int> {
        let start = position
        var end = position
        while TOMLByte.isToken(byte(at: end)) { end += 1 }
        let isDate = end - start == 10 && TOMLDateTimeFormat.looksLikeDateOrTime(bytes[start..<end])
        if isDate && byte(at: end) == TOMLByte.space && TOMLByte.isDigit(byte(at: end + 1))
            && TOMLByte.isDigit(byte(at: end + 2)) && byte(at: end + 3) == TOMLByte.colon
        {
            end += 1
            while TOMLByte.isToken(byte(at: end)) { end += 1 }
        }
        position = end
        return start..<end
    }
}
