import Testing

@testable import VenvStacks

/// A table node from ordered key/value pairs.
func tomlTable(_ pairs: KeyValuePairs<String, TOMLNode>) -> TOMLNode {
    .table(pairs.map { TOMLEntry(key: $0.key, value: $0.value) })
}

/// The error `TOMLDocument.parse` throws for `text`, or nil when it parses.
func tomlParseError(_ text: String) -> TOMLSyntaxError? {
    do {
        _ = try TOMLDocument.parse(text)
        return nil
    } catch {
        return error
    }
}

/// The error `TOMLDocument.parse(bytes:)` throws for `bytes`, or nil when they parse.
func tomlParseError(bytes: [UInt8]) -> TOMLSyntaxError? {
    do {
        _ = try TOMLDocument.parse(bytes: bytes)
        return nil
    } catch {
        return error
    }
}

/// A document that should parse to `expected`.
struct TOMLValidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var toml: String
    var expected: TOMLNode

    init(_ name: String, _ toml: String, _ expected: TOMLNode) {
        self.name = name
        self.toml = toml
        self.expected = expected
    }

    var testDescription: String { name }
}

/// A document that should fail with a message containing `message`, at `line`:`column` if given.
struct TOMLInvalidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var toml: String
    var message: String
    var line: Int?
    var column: Int?

    init(_ name: String, _ toml: String, _ message: String, at line: Int? = nil, _ column: Int? = nil) {
        self.name = name
        self.toml = toml
        self.message = message
        self.line = line
        self.column = column
    }

    var testDescription: String { name }
}

/// Checks an invalid case (shared by the invalid-document test suites).
func tomlCheckInvalid(_ testCase: TOMLInvalidCase, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error = tomlParseError(testCase.toml) else {
        Issue.record("expected an error containing \"\(testCase.message)\"", sourceLocation: sourceLocation)
        return
    }
    #expect(error.message.contains(testCase.message), "\(error.message)", sourceLocation: sourceLocation)
    if let line = testCase.line {
        #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
    }
    if let column = testCase.column {
        #expect(error.column == column, "\(error)", sourceLocation: sourceLocation)
    }
    #expect(error.line >= 1 && error.column >= 1, sourceLocation: sourceLocation)
}
