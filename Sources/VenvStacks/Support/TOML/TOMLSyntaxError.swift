/// A TOML syntax error with its position.
///
/// `message` says what is wrong without the position (callers add it, e.g.
/// "invalid TOML at line 3, column 7: duplicate key `name` (first defined at line 2)").
/// Any offending text is quoted as a short, escaped excerpt of at most
/// `TOMLLimits.maxExcerptLength` characters.
public struct TOMLSyntaxError: Error, Equatable, Sendable {
    /// What is wrong, e.g. "expected `=` after the key `name`".
    public var message: String
    /// The 1-based line of the error; lines end at a line feed (`\n` or `\r\n`).
    public var line: Int
    /// The 1-based column of the error, counted in Unicode scalars from the start of the line
    /// (a tab counts as one column, a UTF-8 byte-order mark is not counted).
    public var column: Int

    /// Creates an error at a 1-based line and column.
    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }
}
