extension TOMLParser {
    /// Opens the table of a `[key]` or `[[key]]` header (starting at `offset`) and returns it.
    ///
    /// Parents are walked through (the last element of an array of tables) or created as
    /// implicit tables. `[key]` may define an implicit table once; `[[key]]` appends an element.
    mutating func openHeader(_ key: [TOMLKeyPart], isArray: Bool, at offset: Int) throws(TOMLSyntaxError) -> Int {
        var table = 0
        for (index, part) in key.dropLast().enumerated() {
            guard let slot = arena.find(part.name, in: table) else {
                let child = arena.newTable(kind: .implicit, offset: offset)
                arena.append(part.name, .table(child), to: table)
                table = child
                continue
            }
            switch arena.tables[table].slots[slot] {
            case .table(let child):
                table = child
            case .tableArray(let list, _):
                table = arena.tableArrays[list][arena.tableArrays[list].count - 1]
            case .value(let value, let valueOffset):
                throw error(
                    "cannot define the table [\(Self.display(key))]: `\(Self.display(key[...index]))` is already "
                        + "\(Self.describe(value)) (defined at line \(source.line(of: valueOffset)))", at: part.offset)
            }
        }
        let last = key[key.count - 1]
        let shown = isArray ? "[[\(Self.display(key))]]" : "[\(Self.display(key))]"
        guard let slot = arena.find(last.name, in: table) else {
            let child = arena.newTable(kind: .header, offset: offset)
            if isArray {
                arena.tableArrays.append([child])
                arena.append(last.name, .tableArray(arena.tableArrays.count - 1, offset: offset), to: table)
            } else {
                arena.append(last.name, .table(child), to: table)
            }
            return child
        }
        switch arena.tables[table].slots[slot] {
        case .tableArray(let list, let listOffset):
            guard isArray else {
                throw error(
                    "table \(shown) conflicts with the array of tables [[\(Self.display(key))]] "
                        + "(first at line \(source.line(of: listOffset)))", at: offset)
            }
            let child = arena.newTable(kind: .header, offset: offset)
            arena.tableArrays[list].append(child)
            return child
        case .table(let child):
            let state = arena.tables[child]
            let line = source.line(of: state.offset)
            if isArray {
                throw error(
                    "cannot define the array of tables \(shown): [\(Self.display(key))] is already a table "
                        + "(first at line \(line))", at: offset)
            }
            switch state.kind {
            case .implicit:
                arena.tables[child].kind = .header
                arena.tables[child].offset = offset
                return child
            case .dotted:
                throw error(
                    "table \(shown) is already defined by dotted keys (at line \(line)); "
                        + "a header cannot define it again", at: offset)
            case .header, .root, .inline:
                throw error("table \(shown) is defined twice (first at line \(line))", at: offset)
            }
        case .value(let value, let valueOffset):
            let what = isArray ? "array of tables" : "table"
            throw error(
                "cannot define the \(what) \(shown): `\(Self.display(key))` is already \(Self.describe(value)) "
                    + "(defined at line \(source.line(of: valueOffset)))", at: offset)
        }
    }

    /// Stores `value` under a possibly dotted `key` in `table`, creating dotted sub-tables.
    ///
    /// Dotted keys may extend tables they created (or implicit header parents) but not tables
    /// defined by a header, arrays of tables, inline tables or other values.
    mutating func insert(_ value: TOMLNode, at key: [TOMLKeyPart], into start: Int) throws(TOMLSyntaxError) {
        var table = start
        for (index, part) in key.dropLast().enumerated() {
            guard let slot = arena.find(part.name, in: table) else {
                let child = arena.newTable(kind: .dotted, offset: part.offset)
                arena.append(part.name, .table(child), to: table)
                table = child
                continue
            }
            let prefix = "`\(Self.display(key[...index]))`"
            switch arena.tables[table].slots[slot] {
            case .table(let child):
                let state = arena.tables[child]
                switch state.kind {
                case .dotted:
                    table = child
                case .implicit:
                    arena.tables[child].kind = .dotted
                    table = child
                case .header, .root, .inline:
                    throw error(
                        "cannot add to the table \(prefix) with the dotted key `\(Self.display(key))`: it is "
                            + "defined by a header (at line \(source.line(of: state.offset))); add the key "
                            + "under that header instead", at: part.offset)
                }
            case .tableArray(_, let listOffset):
                throw error(
                    "cannot add to the array of tables \(prefix) with the dotted key `\(Self.display(key))` "
                        + "(it is defined at line \(source.line(of: listOffset)))", at: part.offset)
            case .value(let existing, let valueOffset):
                let sealed = existing.typeName == "table" ? ", and inline tables cannot be extended" : ""
                throw error(
                    "cannot use \(prefix) as a table in the key `\(Self.display(key))`: it is already "
                        + "\(Self.describe(existing)) (defined at line \(source.line(of: valueOffset)))\(sealed)",
                    at: part.offset)
            }
        }
        let last = key[key.count - 1]
        if let slot = arena.find(last.name, in: table) {
            let firstOffset: Int
            switch arena.tables[table].slots[slot] {
            case .value(_, let offset), .tableArray(_, let offset): firstOffset = offset
            case .table(let child): firstOffset = arena.tables[child].offset
            }
            throw error(
                "duplicate key `\(Self.display(key))` (first defined at line \(source.line(of: firstOffset)))",
                at: last.offset)
        }
        arena.append(last.name, .value(value, offset: last.offset), to: table)
    }

    /// "a string", "an inline table", ... for messages.
    static func describe(_ value: TOMLNode) -> String {
        switch value {
        case .table: "an inline table"
        case .array: "an array"
        case .int: "an integer"
        default: "a \(value.typeName)"
        }
    }
}
