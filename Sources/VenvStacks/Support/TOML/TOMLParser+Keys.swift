/// One part of a dotted key, with the offset where it starts.
struct TOMLKeyPart {
    var name: String
    var offset: Int
}

extension TOMLParser {
    /// Parses a bare, quoted or dotted key (`a`, `"a b"`, `a . 'b' . c`).
    ///
    /// `context` names where the key is, for messages. Stops with an error once the key has
    /// more than `TOMLLimits.maxKeyParts` parts.
    mutating func parseKey(in context: String) throws(TOMLSyntaxError) -> [TOMLKeyPart] {
        var parts: [TOMLKeyPart] = []
        while true {
            guard let part = try parseSimpleKey() else {
                if !parts.isEmpty {
                    throw error("expected a key after `\(Self.display(parts)).`, found \(found)", at: position)
                }
                throw error("expected a key in \(context), found \(found)", at: position)
            }
            parts.append(part)
            if parts.count > TOMLLimits.maxKeyParts {
                throw error(
                    "the key has more than \(TOMLLimits.maxKeyParts) dotted parts, which is not supported",
                    at: part.offset)
            }
            let afterPart = position
            skipWhitespace()
            guard current == TOMLByte.dot else {
                position = afterPart
                return parts
            }
            position += 1
            skipWhitespace()
        }
    }

    /// Parses one bare or quoted key, or returns nil when none starts here.
    private mutating func parseSimpleKey() throws(TOMLSyntaxError) -> TOMLKeyPart? {
        let start = position
        switch current {
        case TOMLByte.quote, TOMLByte.apostrophe:
            let delimiter = current
            if byte(at: position + 1) == delimiter && byte(at: position + 2) == delimiter {
                throw error("a key cannot be a multi-line string", at: start)
            }
            let name =
                delimiter == TOMLByte.quote
                ? try parseBasicString(role: .key) : try parseLiteralString()
            return TOMLKeyPart(name: name, offset: start)
        default:
            while TOMLByte.isBareKey(current) { position += 1 }
            guard position > start else { return nil }
            return TOMLKeyPart(name: String(decoding: bytes[start..<position], as: UTF8.self), offset: start)
        }
    }

    /// A dotted key as written in messages (quoted parts where needed), escaped and cut
    /// to at most `TOMLLimits.maxExcerptLength` characters.
    static func display(_ key: some Collection<TOMLKeyPart>) -> String {
        var text = ""
        for (index, part) in key.enumerated() {
            if index > 0 { text += "." }
            let isBare = !part.name.isEmpty && part.name.utf8.allSatisfy(TOMLByte.isBareKey)
            if isBare {
                text += part.name.utf8.count > 200 ? String(part.name.utf8.prefix(200))! : part.name
            } else {
                text += "\"" + TOMLSourceText.excerpt(part.name.utf8) + "\""
            }
            if text.utf8.count > 200 { break }
        }
        return TOMLSourceText.excerpt(text.utf8)
    }
}
