/// A parsed TOML value as a Sendable value tree.
public indirect enum TOMLNode: Equatable, Sendable {
    /// A string (never containing U+0000); multi-line strings use `\n` line endings.
    case string(String)
    /// A 64-bit integer (decimal, hexadecimal, octal or binary in the source).
    case int(Int)
    /// A float, including `inf`, `-inf` and `nan`.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// A date, time or date-time, kept in a normalised TOML text form
    /// (see `TOMLDocument` for the exact format).
    case datetime(String)
    /// An array (items may have mixed types) or an array of tables.
    case array([TOMLNode])
    /// Keys in document order (the order in which each key was first defined).
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
