/// An array or inline table whose closing bracket has not been read yet.
private enum TOMLOpenContainer {
    /// The array's items so far are `pendingItems[firstItem...]`; `depth` is its own nesting level.
    case array(firstItem: Int, start: Int, depth: Int)
    /// The arena table being filled and the key whose value is being parsed.
    case inlineTable(table: Int, start: Int, depth: Int, key: [TOMLKeyPart])

    /// The nesting level a container value parsed next would have.
    var childDepth: Int {
        switch self {
        case .array(_, _, let depth): depth + 1
        case .inlineTable(_, _, let depth, let key): depth + key.count
        }
    }
}

extension TOMLParser {
    /// Parses one value of any type; `depth` is the nesting level it has if it is an array or
    /// inline table.
    ///
    /// Arrays and inline tables are parsed with an explicit stack rather than recursion, so
    /// deeply nested input cannot exhaust the call stack; `TOMLLimits.maxDepth` bounds the stack.
    mutating func parseValue(depth: Int) throws(TOMLSyntaxError) -> TOMLNode {
        var stack: [TOMLOpenContainer] = []
        // The items of all open arrays, innermost last, so appending never copies an array.
        var pendingItems: [TOMLNode] = []
        while true {
            if isAtEnd, case .array(_, let arrayStart, _)? = stack.last {
                throw arrayError(startingAt: arrayStart)
            }
            var value: TOMLNode
            let valueDepth = stack.last?.childDepth ?? depth
            let start = position
            switch current {
            case TOMLByte.openBracket:
                try checkDepth(valueDepth, at: start)
                position += 1
                skipFiller()
                guard current == TOMLByte.closeBracket else {
                    stack.append(.array(firstItem: pendingItems.count, start: start, depth: valueDepth))
                    continue
                }
                position += 1
                value = .array([])
            case TOMLByte.openBrace:
                try checkDepth(valueDepth, at: start)
                position += 1
                skipWhitespace()
                guard current == TOMLByte.closeBrace else {
                    let table = arena.newTable(kind: .inline, offset: start)
                    let key = try parseInlineKey(depth: valueDepth)
                    stack.append(.inlineTable(table: table, start: start, depth: valueDepth, key: key))
                    continue
                }
                position += 1
                value = .table([])
            default:
                value = try parseScalar()
            }
            // Hand the finished value to the innermost open container, closing containers
            // whose last value it was.
            while let container = stack.popLast() {
                switch container {
                case .array(let firstItem, let arrayStart, let arrayDepth):
                    pendingItems.append(value)
                    skipFiller()
                    if current == TOMLByte.comma {
                        position += 1
                        skipFiller()
                    } else if current != TOMLByte.closeBracket {
                        throw arrayError(startingAt: arrayStart)
                    }
                    if current == TOMLByte.closeBracket {
                        position += 1
                        value = .array(Array(pendingItems[firstItem...]))
                        pendingItems.removeSubrange(firstItem...)
                        continue
                    }
                    stack.append(.array(firstItem: firstItem, start: arrayStart, depth: arrayDepth))
                case .inlineTable(let table, let tableStart, let tableDepth, let key):
                    try insert(value, at: key, into: table)
                    skipWhitespace()
                    if current == TOMLByte.closeBrace {
                        position += 1
                        value = arena.closeInline(table)
                        continue
                    }
                    guard current == TOMLByte.comma else { throw inlineTableError(startingAt: tableStart) }
                    position += 1
                    skipWhitespace()
                    if current == TOMLByte.closeBrace {
                        throw error("an inline table cannot have a trailing comma (TOML 1.0)", at: position)
                    }
                    let nextKey = try parseInlineKey(depth: tableDepth)
                    stack.append(.inlineTable(table: table, start: tableStart, depth: tableDepth, key: nextKey))
                }
                break
            }
            if stack.isEmpty { return value }
        }
    }

    /// Parses `key =` inside an inline table, leaving the position at the value.
    private mutating func parseInlineKey(depth: Int) throws(TOMLSyntaxError) -> [TOMLKeyPart] {
        if isAtLineEnd {
            throw error(
                "an inline table must be on a single line (TOML 1.0); use a [table] header for longer tables",
                at: position)
        }
        let key = try parseKey(in: "an inline table")
        skipWhitespace()
        guard current == TOMLByte.equals else {
            throw error(
                "expected `=` after the key `\(Self.display(key))` in the inline table, found \(found)", at: position)
        }
        position += 1
        skipWhitespace()
        if isAtLineEnd {
            throw error(
                "missing value after `=` for the key `\(Self.display(key))` (an inline table must be on a single line)",
                at: position)
        }
        try checkDepth(depth + key.count - 1, at: key[0].offset)
        return key
    }

    /// The error after an array item not followed by `,` or `]`.
    private func arrayError(startingAt start: Int) -> TOMLSyntaxError {
        if isAtEnd {
            return error("unterminated array (it starts at line \(source.line(of: start)))", at: position)
        }
        return error("expected `,` or `]` after the array item, found \(found)", at: position)
    }

    /// The error after an inline table value not followed by `,` or `}`.
    private func inlineTableError(startingAt start: Int) -> TOMLSyntaxError {
        if isAtEnd {
            return error("unterminated inline table (it starts at line \(source.line(of: start)))", at: position)
        }
        if isAtLineEnd || current == TOMLByte.hash {
            return error(
                "an inline table must be on a single line (TOML 1.0); close it with `}` before the line ends",
                at: position)
        }
        return error("expected `,` or `}` after the value in the inline table, found \(found)", at: position)
    }
}
