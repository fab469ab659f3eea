/// Why a date-time token is invalid (a message fragment).
struct TOMLDateTimeProblem: Error {
    var reason: String
}

/// Validates TOML 1.0 (RFC 3339) dates and times and renders them in a normalised text form.
///
/// The form is the one TOMLKit 0.6.0 (toml++) prints, so values round-trip unchanged:
/// - local date: `1979-05-27`
/// - local time: `07:32:00`, with a fraction truncated to nanoseconds and trailing zeros
///   dropped (`07:32:00.5`; `.000` is dropped entirely)
/// - local date-time: `1979-05-27T07:32:00` (the separator `t` or space becomes `T`)
/// - offset date-time: `1979-05-27T07:32:00Z` or `…-07:00` (`z`, `+00:00` and `-00:00` become `Z`).
///
/// Unlike TOMLKit, a local date-time gets no `Z` (TOMLKit adds one, changing its meaning).
/// Seconds are required (TOML 1.0); second 60 (a leap second) is rejected as toml++ does.
enum TOMLDateTimeFormat {
    /// True when `token` starts like a date (`dddd-`) or a time (`dd:`).
    static func looksLikeDateOrTime(_ token: ArraySlice<UInt8>) -> Bool {
        var digits = 0
        for byte in token {
            if TOMLByte.isDigit(byte) {
                digits += 1
                if digits > 4 { return false }
            } else {
                return (digits == 4 && byte == TOMLByte.minus) || (digits == 2 && byte == TOMLByte.colon)
            }
        }
        return false
    }

    /// The normalised text of a date, time or date-time token.
    static func normalise(_ token: [UInt8]) throws(TOMLDateTimeProblem) -> String {
        var reader = TOMLDateTimeReader(token: token)
        let isDate = token.count > 4 && token[4] == TOMLByte.minus
        if isDate {
            try reader.readDate()
            if !reader.isAtEnd {
                let separator = reader.next()
                guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == TOMLByte.space
                else {
                    throw TOMLDateTimeProblem(reason: "expected `T` or a space between the date and the time")
                }
                reader.output.append(UInt8(ascii: "T"))
                try reader.readTime()
                if !reader.isAtEnd { try reader.readOffset() }
            }
        } else {
            try reader.readTime()
        }
        guard reader.isAtEnd else {
            let hint = isDate ? "" : " (a local time has no date and no time zone offset)"
            throw TOMLDateTimeProblem(reason: "unexpected text after the time\(hint)")
        }
        return String(decoding: reader.output, as: UTF8.self)
    }
}

/// Reads the fields of a date-time token and writes their normalised text to `output`.
private struct TOMLDateTimeReader {
    let token: [UInt8]
    var index = 0
    var output: [UInt8] = []

    init(token: [UInt8]) {
        self.token = token
        output.reserveCapacity(32)
    }

    var isAtEnd: Bool { index >= token.count }

    mutating func next() -> UInt8 {
        defer { index += 1 }
        return index < token.count ? token[index] : 0
    }

    /// Reads exactly `count` digits.
    mutating func number(_ count: Int, _ field: String) throws(TOMLDateTimeProblem) -> Int {
        var value = 0
        for _ in 0..<count {
            guard index < token.count, TOMLByte.isDigit(token[index]) else {
                throw TOMLDateTimeProblem(reason: "the \(field) must have \(count) digits")
            }
            value = value * 10 + Int(token[index] - TOMLByte.zero)
            index += 1
        }
        return value
    }

    mutating func expect(_ byte: UInt8, _ reason: String) throws(TOMLDateTimeProblem) {
        guard index < token.count, token[index] == byte else { throw TOMLDateTimeProblem(reason: reason) }
        index += 1
    }

    /// Appends `value` as `width` zero-padded digits (values never exceed `width` digits).
    mutating func write(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            output.append(TOMLByte.zero + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// `YYYY-MM-DD`, checking the month and the day against the month's length.
    mutating func readDate() throws(TOMLDateTimeProblem) {
        let year = try number(4, "year")
        try expect(TOMLByte.minus, "expected `-` after the year")
        let month = try number(2, "month")
        try expect(TOMLByte.minus, "expected `-` after the month")
        let day = try number(2, "day")
        guard (1...12).contains(month) else { throw TOMLDateTimeProblem(reason: "the month must be 01 to 12") }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length = month == 2 ? (isLeap ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31)
        guard (1...length).contains(day) else {
            throw TOMLDateTimeProblem(reason: "the day must be 01 to \(length) in that month")
        }
        write(year, width: 4)
        output.append(TOMLByte.minus)
        write(month, width: 2)
        output.append(TOMLByte.minus)
        write(day, width: 2)
    }

    /// `HH:MM:SS` with an optional fraction, truncated to nanoseconds without trailing zeros.
    mutating func readTime() throws(TOMLDateTimeProblem) {
        let hour = try number(2, "hour")
        try expect(TOMLByte.colon, "expected `:` after the hour")
        let minute = try number(2, "minute")
        try expect(TOMLByte.colon, "seconds are required in TOML 1.0 (e.g. 07:32:00)")
        let second = try number(2, "second")
        guard hour <= 23 else { throw TOMLDateTimeProblem(reason: "the hour must be 00 to 23") }
        guard minute <= 59 else { throw TOMLDateTimeProblem(reason: "the minute must be 00 to 59") }
        guard second <= 59 else { throw TOMLDateTimeProblem(reason: "the second must be 00 to 59") }
        write(hour, width: 2)
        output.append(TOMLByte.colon)
        write(minute, width: 2)
        output.append(TOMLByte.colon)
        write(second, width: 2)
        guard index < token.count, token[index] == TOMLByte.dot else { return }
        index += 1
        let start = index
        while index < token.count && TOMLByte.isDigit(token[index]) { index += 1 }
        guard index > start else {
            throw TOMLDateTimeProblem(reason: "the fraction of a second needs digits after `.`")
        }
        var fraction = token[start..<min(index, start + 9)]
        while fraction.last == TOMLByte.zero { fraction.removeLast() }
        if !fraction.isEmpty {
            output.append(TOMLByte.dot)
            output.append(contentsOf: fraction)
        }
    }

    /// `Z`, `z` or `±HH:MM`; a zero offset becomes `Z`.
    mutating func readOffset() throws(TOMLDateTimeProblem) {
        let sign = next()
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            output.append(UInt8(ascii: "Z"))
            return
        }
        guard sign == TOMLByte.plus || sign == TOMLByte.minus else {
            throw TOMLDateTimeProblem(reason: "expected a time zone offset (`Z`, `+HH:MM` or `-HH:MM`) after the time")
        }
        let hours = try number(2, "offset hour")
        try expect(TOMLByte.colon, "expected `:` in the time zone offset")
        let minutes = try number(2, "offset minute")
        guard hours <= 23, minutes <= 59 else {
            throw TOMLDateTimeProblem(reason: "the time zone offset must be between -23:59 and +23:59")
        }
        if hours == 0 && minutes == 0 {
            output.append(UInt8(ascii: "Z"))
            return
        }
        output.append(sign)
        write(hours, width: 2)
        output.append(TOMLByte.colon)
        write(minutes, width: 2)
    }
}
