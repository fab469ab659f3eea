import TOMLKit

/// A parsed TOML value as a Sendable value tree (the only place that touches TOMLKit).
public indirect enum TOMLNode: Equatable, Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// A date, time or date-time, kept in its TOML text form.
    case datetime(String)
    case array([TOMLNode])
    /// Keys in the order the parser reports them.
    case table([TOMLEntry])

    /// The TOML type name used in error messages ("string", "array", ...).
    public var typeName: String {
        switch self {
        case .string: "string"
        case .int: "integer"
        case .double: "float"
        case .bool: "boolean"
        case .datetime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The value of `key` when this is a table.
    public subscript(key: String) -> TOMLNode? {
        guard case .table(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The entries of a table, or `nil` for other types.
    public var entries: [TOMLEntry]? {
        if case .table(let entries) = self { return entries }
        return nil
    }
}

/// One key/value pair of a TOML table.
public struct TOMLEntry: Equatable, Sendable {
    public var key: String
    public var value: TOMLNode
    public init(key: String, value: TOMLNode) {
        self.key = key
        self.value = value
    }
}

/// A TOML syntax error with its position.
public struct TOMLSyntaxError: Error, Equatable, Sendable {
    public var message: String
    public var line: Int
    public var column: Int
}

/// Parses TOML text into a `TOMLNode` table.
public enum TOMLDocument {
    /// Parses `text`; a syntax error reports the line and column.
    public static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLNode {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw TOMLSyntaxError(
                message: error.description, line: error.source.begin.line,
                column: error.source.begin.column)
        } catch {
            throw TOMLSyntaxError(message: "\(error)", line: 0, column: 0)
        }
        return convert(table)
    }

    private static func convert(_ value: TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .int(value.int ?? 0)
        case .double: return .double(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .date: return .datetime(value.date.map { "\($0.debugDescription)" } ?? "")
        case .time: return .datetime(value.time.map { "\($0.debugDescription)" } ?? "")
        case .dateTime: return .datetime(value.dateTime.map { "\($0.debugDescription)" } ?? "")
        case .array: return .array((value.array ?? TOMLArray()).map { convert($0) })
        case .table:
            guard let table = value.table else { return .table([]) }
            return convert(table)
        }
    }

    private static func convert(_ table: TOMLTable) -> TOMLNode {
        .table(
            table.keys.compactMap { key in
                table[key].map { TOMLEntry(key: key, value: convert($0)) }
            })
    }
}
