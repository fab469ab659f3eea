/// A one-pass TOML 1.0 parser over validated UTF-8 bytes.
///
/// Every loop advances `position`, so parsing is linear in the input. Nothing recurses on
/// the input's nesting: arrays and inline tables use an explicit stack (see
/// `TOMLParser+Values.swift`) and tables live in a flat `TOMLTableArena`.
struct TOMLParser {
    let bytes: [UInt8]
    let source: TOMLSourceText
    /// The offset of the next unread byte.
    var position = 0
    var arena = TOMLTableArena()

    /// `bytes` must have passed `TOMLEncodingCheck.validate`.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.source = TOMLSourceText(bytes: bytes)
    }

    /// The byte at `offset`, or 0 past the end (validated input holds no NUL byte).
    @inline(__always)
    func byte(at offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    /// The next unread byte, or 0 at the end.
    @inline(__always)
    var current: UInt8 { byte(at: position) }

    var isAtEnd: Bool { position >= bytes.count }

    /// True at a line feed, a carriage return (always part of `\r\n`) or the end of the input.
    var isAtLineEnd: Bool {
        let byte = current
        return byte == TOMLByte.lineFeed || byte == TOMLByte.carriageReturn || isAtEnd
    }

    /// A syntax error at a byte offset.
    func error(_ message: String, at offset: Int) -> TOMLSyntaxError { source.error(message, at: offset) }

    /// Describes the next character for "found ..." messages.
    var found: String { source.describeCharacter(at: position) }

    /// Skips spaces and tabs.
    @inline(__always)
    mutating func skipWhitespace() {
        while TOMLByte.isWhitespace(current) { position += 1 }
    }

    /// Skips a `#` comment up to (not including) the end of its line.
    mutating func skipComment() {
        while !isAtLineEnd { position += 1 }
    }

    /// Skips one line ending if there is one.
    mutating func skipNewline() {
        if current == TOMLByte.lineFeed {
            position += 1
        } else if current == TOMLByte.carriageReturn {
            position += 2
        }
    }

    /// Skips whitespace, comments and line endings (the filler allowed between array items).
    mutating func skipFiller() {
        while true {
            switch current {
            case TOMLByte.space, TOMLByte.tab, TOMLByte.lineFeed: position += 1
            case TOMLByte.carriageReturn: position += 2
            case TOMLByte.hash: skipComment()
            default: return
            }
        }
    }

    /// Skips trailing whitespace and a comment, then requires the end of the line.
    mutating func expectLineEnd(after what: @autoclosure () -> String) throws(TOMLSyntaxError) {
        skipWhitespace()
        if current == TOMLByte.hash { skipComment() }
        guard isAtLineEnd else {
            throw error("expected the end of the line after \(what()), found \(found)", at: position)
        }
        skipNewline()
    }

    /// Parses the whole document into its root table.
    mutating func parseDocument() throws(TOMLSyntaxError) -> TOMLNode {
        let root = arena.newTable(kind: .root, offset: 0)
        var table = root
        var depth = 0
        while true {
            skipWhitespace()
            if isAtEnd { break }
            switch current {
            case TOMLByte.lineFeed, TOMLByte.carriageReturn:
                skipNewline()
            case TOMLByte.hash:
                skipComment()
                skipNewline()
            case TOMLByte.openBracket:
                let header = try parseHeader()
                (table, depth) = (header.table, header.key.count)
                try expectLineEnd(after: "the table header \(Self.headerText(header.key, isArray: header.isArray))")
            default:
                let key = try parseKeyValue(into: table, depth: depth)
                try expectLineEnd(after: "the value of `\(Self.display(key))`")
            }
        }
        return arena.node(root)
    }

    /// Parses `[key]` or `[[key]]` and opens its table.
    mutating func parseHeader() throws(TOMLSyntaxError) -> (table: Int, key: [TOMLKeyPart], isArray: Bool) {
        let start = position
        let isArray = byte(at: position + 1) == TOMLByte.openBracket
        position += isArray ? 2 : 1
        skipWhitespace()
        let key = try parseKey(in: isArray ? "an array-of-tables header" : "a table header")
        skipWhitespace()
        if isArray {
            guard current == TOMLByte.closeBracket && byte(at: position + 1) == TOMLByte.closeBracket else {
                throw error(
                    "expected `]]` to close the array-of-tables header \(Self.headerText(key, isArray: true)), found \(found)",
                    at: position)
            }
            position += 2
        } else {
            guard current == TOMLByte.closeBracket else {
                throw error(
                    "expected `]` to close the table header \(Self.headerText(key, isArray: false)), found \(found)",
                    at: position)
            }
            position += 1
        }
        let table = try openHeader(key, isArray: isArray, at: start)
        return (table, key, isArray)
    }

    /// `[key]` or `[[key]]` as shown in messages.
    static func headerText(_ key: [TOMLKeyPart], isArray: Bool) -> String {
        isArray ? "[[\(display(key))]]" : "[\(display(key))]"
    }

    /// Parses `key = value` and stores it in `table`; returns the key.
    mutating func parseKeyValue(into table: Int, depth: Int) throws(TOMLSyntaxError) -> [TOMLKeyPart] {
        let key = try parseKey(in: "a key/value pair")
        skipWhitespace()
        guard current == TOMLByte.equals else {
            throw error("expected `=` after the key `\(Self.display(key))`, found \(found)", at: position)
        }
        position += 1
        skipWhitespace()
        if isAtLineEnd || current == TOMLByte.hash {
            throw error("missing value after `=` for the key `\(Self.display(key))`", at: position)
        }
        try checkDepth(depth + key.count - 1, at: key[0].offset)
        let value = try parseValue(depth: depth + key.count)
        try insert(value, at: key, into: table)
        return key
    }

    /// Throws when a table or array would be nested deeper than `TOMLLimits.maxDepth`.
    func checkDepth(_ depth: Int, at offset: Int) throws(TOMLSyntaxError) {
        guard depth > TOMLLimits.maxDepth else { return }
        throw error(
            "tables and arrays are nested more than \(TOMLLimits.maxDepth) levels deep here "
                + "(counting header and dotted key parts, arrays and inline tables)", at: offset)
    }
}
