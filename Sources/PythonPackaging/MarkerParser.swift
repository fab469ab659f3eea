// Recursive-descent parser for marker expressions (PEP 508), used on its own by `Marker`
// and after the `;` of a requirement:
//
//   marker      = marker_atom (BOOLOP marker_atom)*
//   marker_atom = WS? '(' WS? marker WS? ')' WS? | WS? marker_item WS?
//   marker_item = WS? marker_var WS? marker_op WS? marker_var WS?
//   marker_var  = VARIABLE | QUOTED_STRING
//   marker_op   = 'in' | 'not' WS 'in' | '<=' | '<' | '!=' | '==' | '>=' | '>' | '~=' | '==='

struct MarkerParser {
    var tokenizer: Tokenizer

    /// `marker`: atoms joined by `and` / `or`, always returned as a group.
    mutating func parseMarker() throws(PackagingError) -> Marker {
        let head = try parseAtom()
        var rest: [MarkerClause] = []
        while true {
            let joiner: MarkerBooleanOperator
            if tokenizer.matchWord("and") {
                joiner = .and
            } else if tokenizer.matchWord("or") {
                joiner = .or
            } else {
                break
            }
            rest.append(MarkerClause(joiner, try parseAtom()))
        }
        return .group(head, rest)
    }

    /// `marker_atom`: a parenthesised marker or a single comparison.
    mutating func parseAtom() throws(PackagingError) -> Marker {
        tokenizer.skipWhitespace()
        let atom: Marker
        if tokenizer.peek() == "(" {
            tokenizer.position += 1
            tokenizer.skipWhitespace()
            atom = try parseMarker()
            tokenizer.skipWhitespace()
            guard tokenizer.match(")") else {
                throw tokenizer.error("expected ')' to close a parenthesised marker")
            }
        } else {
            atom = try parseItem()
        }
        tokenizer.skipWhitespace()
        return atom
    }

    /// `marker_item`: `operand operator operand`.
    mutating func parseItem() throws(PackagingError) -> Marker {
        tokenizer.skipWhitespace()
        let lhs = try parseOperand()
        tokenizer.skipWhitespace()
        let op = try parseOperator()
        tokenizer.skipWhitespace()
        let rhs = try parseOperand()
        tokenizer.skipWhitespace()
        return .comparison(lhs, op, rhs)
    }

    mutating func parseOperand() throws(PackagingError) -> MarkerOperand {
        if let name = tokenizer.matchVariable() {
            let canonical = name.replacingDots()
            if canonical == "python_implementation" {
                return .variable("platform_python_implementation")
            }
            return .variable(canonical)
        }
        let start = tokenizer.position
        if let token = tokenizer.matchQuotedString() {
            switch PythonStringLiteral.decode(token) {
            case .success(let value):
                return .value(value)
            case .failure(let failure):
                throw tokenizer.error(failure.message, at: start)
            }
        }
        if let quote = tokenizer.peek(), quote == "'" || quote == "\"" {
            throw tokenizer.error("unterminated quoted string")
        }
        throw tokenizer.error("expected a marker variable (such as sys_platform) or a quoted string")
    }

    mutating func parseOperator() throws(PackagingError) -> MarkerOperator {
        if tokenizer.matchWord("in") {
            return .in
        }
        if tokenizer.matchWord("not") {
            guard tokenizer.skipWhitespace() else {
                throw tokenizer.error("expected whitespace after 'not'")
            }
            guard tokenizer.matchWord("in") else {
                throw tokenizer.error("expected 'in' after 'not'")
            }
            return .notIn
        }
        if let op = tokenizer.matchComparisonOperator(), let parsed = MarkerOperator(rawValue: op) {
            return parsed
        }
        throw tokenizer.error("expected a marker operator (one of <=, <, !=, ==, >=, >, ~=, ===, in, not in)")
    }
}

extension String {
    /// `os.name` -> `os_name`.
    func replacingDots() -> String {
        makeString(unicodeScalars.map { $0 == "." ? "_" : $0 })
    }
}
