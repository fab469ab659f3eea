// Recursive-descent parser for PEP 508 dependency specifiers:
//
//   requirement         = WS? IDENTIFIER WS? extras WS? requirement_details END
//   extras              = ('[' WS? (IDENTIFIER (WS? ',' WS? IDENTIFIER)*)? WS? ']')?
//   requirement_details = '@' WS? URL (WS (';' marker WS?)?)?
//                       | specifier WS? (';' marker WS?)?
//   specifier           = '(' WS? version_many WS? ')' | WS? version_many WS?
//   version_many        = (SPECIFIER (WS? ',' WS? SPECIFIER)*)?

struct ParsedRequirement {
    var name: String
    var extras: [String] = []
    var specifier = ""
    var url: String?
    var marker: Marker?
}

struct RequirementParser {
    var tokenizer: Tokenizer

    init(_ text: String) {
        tokenizer = Tokenizer(kind: "requirement", source: text)
    }

    mutating func parse() throws(PackagingError) -> ParsedRequirement {
        tokenizer.skipWhitespace()
        guard let name = tokenizer.matchIdentifier() else {
            throw tokenizer.error("expected a package name at the start")
        }
        var result = ParsedRequirement(name: name)
        tokenizer.skipWhitespace()
        result.extras = try parseExtras()
        tokenizer.skipWhitespace()
        try parseDetails(into: &result)
        guard tokenizer.atEnd else {
            throw tokenizer.error("unexpected text after the marker")
        }
        return result
    }

    mutating func parseExtras() throws(PackagingError) -> [String] {
        guard tokenizer.peek() == "[" else { return [] }
        tokenizer.position += 1
        tokenizer.skipWhitespace()
        var extras: [String] = []
        if let first = tokenizer.matchIdentifier() {
            extras.append(first)
            while true {
                tokenizer.skipWhitespace()
                let save = tokenizer.position
                if tokenizer.matchIdentifier() != nil {
                    throw tokenizer.error("expected ',' between extra names", at: save)
                }
                guard tokenizer.match(",") else { break }
                tokenizer.skipWhitespace()
                guard let extra = tokenizer.matchIdentifier() else {
                    throw tokenizer.error("expected an extra name after ','")
                }
                extras.append(extra)
            }
        }
        tokenizer.skipWhitespace()
        guard tokenizer.match("]") else {
            throw tokenizer.error("expected ']' to close the list of extras")
        }
        return extras
    }

    mutating func parseDetails(into result: inout ParsedRequirement) throws(PackagingError) {
        if tokenizer.match("@") {
            tokenizer.skipWhitespace()
            guard let url = tokenizer.matchURL() else {
                throw tokenizer.error("expected a URL after '@'")
            }
            result.url = url
            if tokenizer.atEnd { return }
            // A marker after a URL must be separated from it by whitespace.
            guard tokenizer.skipWhitespace() else {
                throw tokenizer.error("expected whitespace after the URL")
            }
            if tokenizer.atEnd { return }
            guard tokenizer.match(";") else {
                throw tokenizer.error("expected ';' or the end of the requirement after the URL")
            }
            result.marker = try parseMarker()
            return
        }
        result.specifier = try parseSpecifier()
        tokenizer.skipWhitespace()
        if tokenizer.atEnd { return }
        guard tokenizer.match(";") else {
            if result.specifier.isEmpty {
                throw tokenizer.error("expected a version specifier, ';' or the end of the requirement after the name")
            }
            // Point at the start of a word the specifier stopped inside ("-abc" in "==1.0-abc").
            var start = tokenizer.position
            if tokenizer.peek()?.isASCIILetter == true {
                while start > 0, tokenizer.text[start - 1].isASCIILetter { start -= 1 }
                if start > 0, tokenizer.text[start - 1].isVersionSeparator { start -= 1 }
            }
            throw tokenizer.error(
                "expected ',', ';' or the end of the requirement after the version specifier", at: start)
        }
        result.marker = try parseMarker()
    }

    mutating func parseMarker() throws(PackagingError) -> Marker {
        var markerParser = MarkerParser(tokenizer: tokenizer)
        let marker = try markerParser.parseMarker()
        tokenizer = markerParser.tokenizer
        tokenizer.skipWhitespace()
        return marker.normalizingExtras()
    }

    mutating func parseSpecifier() throws(PackagingError) -> String {
        let parenthesised = tokenizer.match("(")
        tokenizer.skipWhitespace()
        let text = try parseVersionMany()
        tokenizer.skipWhitespace()
        if parenthesised, !tokenizer.match(")") {
            throw tokenizer.error("expected ')' to close the parenthesised version specifier")
        }
        return text
    }

    mutating func parseVersionMany() throws(PackagingError) -> String {
        var clauseStart = tokenizer.position
        guard let first = tokenizer.matchSpecifier() else {
            // An operator without a usable version is reported here, where it is clearest.
            if SpecifierGrammar.matchOperator(tokenizer.text, from: clauseStart) != nil {
                let (problem, column) = SpecifierGrammar.diagnose(Array(tokenizer.text[clauseStart...]))
                throw tokenizer.error(problem, at: clauseStart + column - 1)
            }
            return ""
        }
        var text = first
        while true {
            try checkSpecifierTrailer(clauseStart: clauseStart)
            tokenizer.skipWhitespace()
            guard tokenizer.match(",") else { break }
            text += ","
            tokenizer.skipWhitespace()
            clauseStart = tokenizer.position
            guard let clause = tokenizer.matchSpecifier() else {
                if SpecifierGrammar.matchOperator(tokenizer.text, from: clauseStart) != nil {
                    let (problem, column) = SpecifierGrammar.diagnose(Array(tokenizer.text[clauseStart...]))
                    throw tokenizer.error(problem, at: clauseStart + column - 1)
                }
                throw tokenizer.error("expected a version specifier after ','")
            }
            text += clause
        }
        return text
    }

    /// `.*` or a local label right after a clause that does not allow them.
    func checkSpecifierTrailer(clauseStart: Int) throws(PackagingError) {
        let rest = tokenizer.text[tokenizer.position...]
        let op = SpecifierGrammar.matchOperator(tokenizer.text, from: clauseStart) ?? ""
        if rest.starts(with: [".", "*"]) {
            throw tokenizer.error(SpecifierGrammar.wildcardProblem(op))
        }
        if rest.first == "+", rest.dropFirst().first.map({ $0.isASCIIDigit || ("a"..."z").contains($0) }) == true {
            throw tokenizer.error("a local version label is only allowed with '==' and '!='")
        }
    }
}
