/// Parses TOML 1.0 documents into `TOMLNode` tables.
///
/// The parser is strict TOML 1.0 and hardened against hostile input: it never crashes, it
/// runs in time linear in the input, and nesting is bounded by `TOMLLimits`. Beyond the
/// specification it rejects documents that are not UTF-8 (including UTF-16 and UTF-32) and
/// strings or keys that would contain U+0000, so callers never receive a NUL character.
///
/// Tables keep their keys in document order. Dates and times are validated and returned as
/// `.datetime` text in the normalised form described at `TOMLDateTimeFormat` (the form
/// TOMLKit 0.6.0 printed), e.g. `1979-05-27T07:32:00Z`, `1979-05-27T00:32:00.999999-07:00`,
/// `1979-05-27T07:32:00`, `1979-05-27`, `07:32:00`.
public enum TOMLDocument {
    /// Parses `text`; a syntax error reports the line and column.
    ///
    /// - Parameter maxBytes: the largest document accepted, in UTF-8 bytes.
    public static func parse(
        _ text: String, maxBytes: Int = TOMLLimits.defaultMaxBytes
    ) throws(TOMLSyntaxError) -> TOMLNode {
        try parse(bytes: text.utf8, maxBytes: maxBytes)
    }

    /// Parses the raw bytes of a TOML file; a syntax error reports the line and column.
    ///
    /// Checks the encoding first: a UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 text
    /// (with or without a byte-order mark), invalid UTF-8 and raw control characters are errors.
    ///
    /// - Parameter maxBytes: the largest document accepted, in bytes.
    public static func parse(
        bytes: some Collection<UInt8>, maxBytes: Int = TOMLLimits.defaultMaxBytes
    ) throws(TOMLSyntaxError) -> TOMLNode {
        let count = bytes.count
        guard count <= maxBytes else {
            throw TOMLSyntaxError(
                message: "the document is \(count) bytes, more than the limit of \(maxBytes) bytes",
                line: 1, column: 1)
        }
        var buffer = Array(bytes)
        let bodyStart = try TOMLEncodingCheck.bodyStart(of: buffer)
        if bodyStart > 0 { buffer.removeFirst(bodyStart) }
        try TOMLEncodingCheck.validate(buffer)
        var parser = TOMLParser(bytes: buffer)
        return try parser.parseDocument()
    }
}
