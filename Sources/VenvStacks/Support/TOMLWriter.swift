/// Writes TOML text for `TOMLNode` values (the inverse of `TOMLDocument.parse` for the
/// value shapes this tool writes: scalars, arrays and inline tables).
public enum TOMLWriter {
    /// A key, bare when it only holds `A-Za-z0-9_-`, otherwise a quoted string.
    public static func key(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCII && isBareKeyCharacter($0) }
        return bare ? key : string(key)
    }

    /// A basic (double-quoted) string with TOML escapes.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A value on one line: arrays as `[a, b]`, tables as inline tables `{ k = v }`.
    public static func inline(_ node: TOMLNode) -> String {
        switch node {
        case .string(let text): return string(text)
        case .int(let value): return String(value)
        case .double(let value):
            return value.isFinite ? String(value) : (value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"))
        case .bool(let value): return value ? "true" : "false"
        case .datetime(let text): return text
        case .array(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .table(let entries):
            guard !entries.isEmpty else { return "{}" }
            return "{ " + entries.map { "\(key($0.key)) = \(inline($0.value))" }.joined(separator: ", ") + " }"
        }
    }

    /// `key = value` on one line.
    public static func assignment(_ entry: TOMLEntry) -> String {
        "\(key(entry.key)) = \(inline(entry.value))"
    }

    /// An array of strings with one item per line (the style of `dependencies` lists).
    public static func multilineStringArray(_ items: [String]) -> String {
        guard !items.isEmpty else { return "[]" }
        return "[\n" + items.map { "    \(string($0)),\n" }.joined() + "]"
    }

    private static func isBareKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
        default: false
        }
    }
}
