import Foundation

/// ISO 8601 timestamps as venvstacks writes and reads them (`locked_at`, `exclude-newer`).
public enum Timestamp {
    /// Python's `datetime.isoformat()` of a UTC time: `2025-08-27T00:00:00+00:00`, with
    /// `.ffffff` microseconds when the time has any.
    public static func isoFormat(_ date: Date) -> String {
        var seconds = date.timeIntervalSince1970
        var micros = Int64((seconds * 1_000_000).rounded(.down)) % 1_000_000
        if micros < 0 { micros += 1_000_000 }
        seconds = (seconds - Double(micros) / 1_000_000).rounded(.down)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        if micros != 0 { text += String(format: ".%06d", Int(micros)) }
        return text + "+00:00"
    }

    /// Parses `YYYY-MM-DD[(T| )HH:MM[:SS[.f…]]][Z|±HH:MM]`. A time without an offset and a
    /// bare date are taken as UTC (a bare date means its midnight).
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= chars.count else { return nil }
            let digits = chars[index..<(index + count)]
            guard digits.allSatisfy(\.isASCIIDigit) else { return nil }
            index += count
            return Int(String(digits))
        }
        func expect(_ char: Character) -> Bool {
            guard index < chars.count, chars[index] == char else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else {
            return nil
        }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        if index < chars.count, chars[index] == "T" || chars[index] == "t" || chars[index] == " " {
            index += 1
            guard let h = number(2), expect(":"), let m = number(2) else { return nil }
            hour = h
            minute = m
            if expect(":") {
                guard let s = number(2) else { return nil }
                second = s
                if expect(".") {
                    let start = index
                    while index < chars.count, chars[index].isASCIIDigit { index += 1 }
                    guard index > start else { return nil }
                    fraction = Double("0." + String(chars[start..<index])) ?? 0
                }
            }
            if index < chars.count {
                if chars[index] == "Z" || chars[index] == "z" {
                    index += 1
                } else if chars[index] == "+" || chars[index] == "-" {
                    let sign = chars[index] == "-" ? -1 : 1
                    index += 1
                    guard let oh = number(2), expect(":"), let om = number(2) else { return nil }
                    offsetSeconds = sign * (oh * 3600 + om * 60)
                }
            }
        }
        guard index == chars.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epoch = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epoch - offsetSeconds) + fraction)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
