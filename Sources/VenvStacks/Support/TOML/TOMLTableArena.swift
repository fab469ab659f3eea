/// How a table came to exist; decides what may later define or extend it.
enum TOMLTableKind {
    /// The document's root table.
    case root
    /// Created as a parent by a header (`[a.b]` creates `a`); one header may still define it.
    case implicit
    /// Defined by a `[table]` header or as an `[[array]]` element; dotted keys cannot extend it.
    case header
    /// Created by a dotted key (`a.b = 1` creates `a`); headers cannot define it.
    case dotted
    /// An inline table being parsed; immutable once closed.
    case inline
}

/// What a key of a table holds.
enum TOMLSlot {
    /// A finished value (inline tables and arrays included); `offset` is where its key starts.
    case value(TOMLNode, offset: Int)
    /// A table still open to headers or dotted keys (an index into `TOMLTableArena.tables`).
    case table(Int)
    /// An array of tables (an index into `TOMLTableArena.tableArrays`), created at `offset`.
    case tableArray(Int, offset: Int)
}

/// A key compared by its Unicode scalars, not by `String`'s canonical equivalence, so keys
/// such as `"\u00E9"` and `"e\u0301"` stay different as TOML requires.
struct TOMLKeyName: Hashable {
    var text: String

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if hashed == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }
}

/// One table under construction: keys in first-definition order.
struct TOMLTableState {
    var kind: TOMLTableKind
    /// Where the table was created or defined (for "first defined at line N" messages).
    var offset: Int
    var keys: [String] = []
    var slots: [TOMLSlot] = []
    /// Key positions, built once the table has more keys than a linear search handles well.
    var lookup: [TOMLKeyName: Int] = [:]
}

/// All tables of a document in one flat array, so building never recurses on nesting and
/// nested mutation happens in place.
struct TOMLTableArena {
    static let linearSearchLimit = 12

    var tables: [TOMLTableState] = []
    var tableArrays: [[Int]] = []

    /// Adds an empty table and returns its index.
    mutating func newTable(kind: TOMLTableKind, offset: Int) -> Int {
        tables.append(TOMLTableState(kind: kind, offset: offset))
        return tables.count - 1
    }

    /// The slot index of `key` in `table`.
    func find(_ key: String, in table: Int) -> Int? {
        if tables[table].keys.count <= Self.linearSearchLimit {
            return tables[table].keys.firstIndex { $0.utf8.elementsEqual(key.utf8) }
        }
        return tables[table].lookup[TOMLKeyName(text: key)]
    }

    /// Appends a new key (callers check it is not there yet).
    mutating func append(_ key: String, _ slot: TOMLSlot, to table: Int) {
        let index = tables[table].keys.count
        tables[table].keys.append(key)
        tables[table].slots.append(slot)
        if index == Self.linearSearchLimit {
            for (position, existing) in tables[table].keys.enumerated() {
                tables[table].lookup[TOMLKeyName(text: existing)] = position
            }
        } else if index > Self.linearSearchLimit {
            tables[table].lookup[TOMLKeyName(text: key)] = index
        }
    }

    /// The finished value of a table (recursion is bounded by `TOMLLimits.maxDepth`).
    func node(_ table: Int) -> TOMLNode {
        let state = tables[table]
        var entries: [TOMLEntry] = []
        entries.reserveCapacity(state.keys.count)
        for (key, slot) in zip(state.keys, state.slots) {
            let value: TOMLNode
            switch slot {
            case .value(let node, _): value = node
            case .table(let child): value = node(child)
            case .tableArray(let list, _): value = .array(tableArrays[list].map { node($0) })
            }
            entries.append(TOMLEntry(key: key, value: value))
        }
        return .table(entries)
    }

    /// Finishes an inline table and frees it and every table created after it (its dotted
    /// sub-tables), since inline tables close in the reverse order they open.
    mutating func closeInline(_ table: Int) -> TOMLNode {
        let value = node(table)
        tables.removeSubrange(table...)
        return value
    }
}
