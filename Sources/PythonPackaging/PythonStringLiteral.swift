// Decoding of the quoted strings in markers. packaging evaluates them as Python string
// literals, so backslash escapes are interpreted; this reproduces the escapes Python
// supports in a plain (non-raw, non-bytes) literal.

enum PythonStringLiteral {
    /// Decodes `token` (including its surrounding quotes). Returns an error description
    /// when Python would reject the literal.
    static func decode(_ token: String) -> Result<String, LiteralError> {
        var scalars = Array(token.unicodeScalars)
        guard scalars.count >= 2 else { return .failure(LiteralError("unterminated string")) }
        scalars.removeFirst()
        scalars.removeLast()
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                return .failure(LiteralError("line break inside a quoted string"))
            }
            guard scalar == "\\" else {
                output.append(scalar)
                index += 1
                continue
            }
            guard index + 1 < scalars.count else {
                return .failure(LiteralError("quoted string ends with a backslash"))
            }
            let escape = scalars[index + 1]
            index += 2
            switch escape {
            case "\n": continue
            case "\\", "'", "\"": output.append(escape)
            case "a": output.append("\u{07}")
            case "b": output.append("\u{08}")
            case "f": output.append("\u{0C}")
            case "n": output.append("\n")
            case "r": output.append("\r")
            case "t": output.append("\t")
            case "v": output.append("\u{0B}")
            case "0"..."7":
                var value = escape.value - 0x30
                var digits = 1
                while digits < 3, index < scalars.count, ("0"..."7").contains(scalars[index]) {
                    value = value * 8 + scalars[index].value - 0x30
                    index += 1
                    digits += 1
                }
                guard let decoded = Unicode.Scalar(value) else {
                    return .failure(LiteralError("invalid octal escape"))
                }
                output.append(decoded)
            case "x", "u", "U":
                let width = escape == "x" ? 2 : (escape == "u" ? 4 : 8)
                guard index + width <= scalars.count,
                    let value = UInt32(makeString(scalars[index..<(index + width)]), radix: 16),
                    scalars[index..<(index + width)].allSatisfy(\.properties.isASCIIHexDigit)
                else {
                    return .failure(LiteralError("truncated \\\(escape) escape"))
                }
                guard let decoded = Unicode.Scalar(value) else {
                    return .failure(LiteralError("\\\(escape) escape is not a valid character"))
                }
                output.append(decoded)
                index += width
            case "N":
                return .failure(LiteralError("named \\N{...} escapes are not supported"))
            default:
                // Unknown escapes keep the backslash, as Python does.
                output.append("\\")
                output.append(escape)
            }
        }
        return .success(String(output))
    }

    struct LiteralError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
