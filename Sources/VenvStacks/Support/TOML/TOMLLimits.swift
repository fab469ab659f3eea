/// The limits that keep parsing bounded in time, memory and stack depth.
///
/// Exceeding one is a `TOMLSyntaxError` with a message naming the limit.
public enum TOMLLimits {
    /// The default largest document `TOMLDocument.parse` accepts: 16 MiB.
    public static let defaultMaxBytes = 16 * 1024 * 1024
    /// The deepest nesting of tables and arrays, counting every table of a header or dotted key
    /// and every array or inline table around a value (the root table is level 0).
    public static let maxDepth = 100
    /// The most parts a dotted key or a table header may have (`a.b.c` has 3).
    public static let maxKeyParts = 100
    /// The most characters of offending text quoted in an error message.
    public static let maxExcerptLength = 40
}
