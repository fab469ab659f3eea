import Foundation

/// A JSON value with deterministic serialisation: sorted keys, 2-space indent,
/// LF line endings and a final newline (the style of every file venvstacks writes).
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The canonical text, ending with a newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out.append("\n")
        return out
    }

    /// The canonical text on one line (no indentation, `", "` and `": "` between items), ending
    /// with a newline: one document per line, for JSON-lines output.
    public func renderedLine() -> String {
        var out = ""
        writeLine(into: &out)
        out.append("\n")
        return out
    }

    private func writeLine(into out: inout String) {
        switch self {
        case .array(let items):
            out.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(", ") }
                item.writeLine(into: &out)
            }
            out.append("]")
        case .object(let members):
            out.append("{")
            for (index, key) in members.keys.sorted(by: bytewise).enumerated() {
                if index > 0 { out.append(", ") }
                JSONValue.appendQuoted(key, to: &out)
                out.append(": ")
                members[key]!.writeLine(into: &out)
            }
            out.append("}")
        default:
            write(into: &out, indent: 0)
        }
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.append(String(value))
        case .string(let value): JSONValue.appendQuoted(value, to: &out)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (index, item) in items.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                item.write(into: &out, indent: indent + 2)
                out.append(index + 1 < items.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent) + "]")
        case .object(let members):
            if members.isEmpty { out.append("{}"); return }
            out.append("{\n")
            let keys = members.keys.sorted(by: bytewise)
            for (index, key) in keys.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                JSONValue.appendQuoted(key, to: &out)
                out.append(": ")
                members[key]!.write(into: &out, indent: indent + 2)
                out.append(index + 1 < keys.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent) + "}")
        }
    }

    /// Quotes a string the way Python's `json.dumps` does with its defaults
    /// (`ensure_ascii=True`), so files match byte for byte.
    static func appendQuoted(_ value: String, to out: inout String) {
        out.append("\"")
        for unit in value.utf16 {
            switch unit {
            case 0x22: out.append("\\\"")
            case 0x5c: out.append("\\\\")
            case 0x0a: out.append("\\n")
            case 0x0d: out.append("\\r")
            case 0x09: out.append("\\t")
            case 0x08: out.append("\\b")
            case 0x0c: out.append("\\f")
            case 0x20..<0x7f: out.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: out.append(String(format: "\\u%04x", unit))
            }
        }
        out.append("\"")
    }
}

extension JSONValue: Decodable {
    /// Parses JSON text into a `JSONValue` (numbers must be integers).
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

extension JSONValue {
    /// The member `key` of an object, if this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array, if this is an array that long.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer payload, if this is an integer.
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }
}
