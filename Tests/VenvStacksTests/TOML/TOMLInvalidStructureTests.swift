import Testing

@testable import VenvStacks

/// Invalid tables, arrays of tables, inline tables, arrays and raw characters.
@Suite struct TOMLInvalidStructureTests {
    static let tables: [TOMLInvalidCase] = [
        .init("duplicate key", "a = 1\nb = 2\na = 3", "duplicate key `a` (first defined at line 1)", at: 3, 1),
        .init("duplicate dotted key", "a.b = 1\na.b = 2", "duplicate key `a.b` (first defined at line 1)", at: 2, 3),
        .init("bare and quoted duplicate", "a = 1\n\"a\" = 2", "duplicate key `a`"),
        .init(
            "value used as a table", "a = 1\na.b = 2",
            "cannot use `a` as a table in the key `a.b`: it is already an integer (defined at line 1)", at: 2, 1),
        .init("table defined twice", "[a]\nx = 1\n[a]", "table [a] is defined twice (first at line 1)", at: 3, 1),
        .init("super-table defined twice", "[a.b]\n[a]\n[a]", "table [a] is defined twice (first at line 2)", at: 3, 1),
        .init("header over a value", "[a]\nb = 1\n[a.b]", "cannot define the table [a.b]: `a.b` is already an integer"),
        .init(
            "header over a dotted-key table", "[fruit]\napple.color = \"red\"\n[fruit.apple]",
            "table [fruit.apple] is already defined by dotted keys (at line 2)", at: 3, 1),
        .init(
            "header over a nested dotted-key table", "[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]",
            "already defined by dotted keys"),
        .init(
            "dotted keys into a header table", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1",
            "cannot add to the table `b.c` with the dotted key `b.c.t`: it is defined by a header (at line 1)",
            at: 4, 3),
        .init(
            "dotted keys into an array of tables", "[[a.b]]\n[a]\nb.y = 2",
            "cannot add to the array of tables `b` with the dotted key `b.y`"),
        .init(
            "table after array of tables", "[[fruit]]\n[fruit]",
            "table [fruit] conflicts with the array of tables [[fruit]] (first at line 1)"),
        .init(
            "array of tables after table", "[fruit]\n[[fruit]]",
            "cannot define the array of tables [[fruit]]: [fruit] is already a table"),
        .init(
            "array of tables after a static array", "fruit = []\n[[fruit]]",
            "`fruit` is already an array (defined at line 1)"),
        .init(
            "table over a nested array of tables", "[[fruit]]\n[[fruit.variety]]\n[fruit.variety]",
            "conflicts with the array of tables [[fruit.variety]]"),
        .init("array of tables over a table", "[fruit.physical]\n[[fruit.physical]]", "is already a table"),
        .init(
            "header over an inline table", "a = {}\n[a]", "cannot define the table [a]: `a` is already an inline table"),
        .init("header under an inline table", "a = {b = {c = 1}}\n[a.b.d]", "`a` is already an inline table"),
        .init(
            "dotted key into an inline table", "a = {b = 1}\na.c = 2",
            "it is already an inline table (defined at line 1), and inline tables cannot be extended"),
        .init(
            "inline table over a dotted table", "type.name = \"Nail\"\ntype = { edible = false }",
            "duplicate key `type`"),
        .init("header into a static array of tables", "a = [{}]\n[a.b]", "`a` is already an array"),
        .init("empty header", "[]", "expected a key in a table header, found `]`", at: 1, 2),
        .init("brace in a header", "[{a]", "expected a key in a table header, found `{`", at: 1, 2),
        .init("unterminated header", "[a", "expected `]` to close the table header [a], found the end of the file"),
        .init("header trailing dot", "[a.]", "expected a key after `a.`, found `]`"),
        .init("unclosed array-of-tables header", "[[a]\n", "expected `]]` to close the array-of-tables header [[a]]"),
        .init("spaced array-of-tables brackets", "[ [a] ]", "expected a key in a table header, found `[`"),
        .init(
            "extra bracket after header", "[a]]", "expected the end of the line after the table header [a], found `]`"),
    ]

    static let inlineTablesAndArrays: [TOMLInvalidCase] = [
        .init("duplicate inline key", "a = {b = 1, b = 2}", "duplicate key `b` (first defined at line 1)", at: 1, 13),
        .init(
            "trailing comma in an inline table", "a = {b = 1,}", "an inline table cannot have a trailing comma", at: 1,
            12),
        .init("newline inside an inline table", "a = {b = 1\n}", "an inline table must be on a single line", at: 1, 11),
        .init("newline after an inline brace", "a = {\nb = 1}", "an inline table must be on a single line", at: 1, 6),
        .init("comment inside an inline table", "a = {b = 1 # c\n}", "an inline table must be on a single line"),
        .init("inline dotted then plain", "a = {b.c = 1, b = 2}", "duplicate key `b`"),
        .init("inline table extended by dotted key", "a = {b = {c = 1}, b.d = 2}", "inline tables cannot be extended"),
        .init(
            "missing comma in an inline table", "a = {b = 1 c = 2}",
            "expected `,` or `}` after the value in the inline table, found `c`"),
        .init("unterminated inline table", "a = {b = 1", "unterminated inline table (it starts at line 1)"),
        .init("comma first in an inline table", "a = {,}", "expected a key in an inline table, found `,`"),
        .init(
            "missing equals in an inline table", "a = {b}",
            "expected `=` after the key `b` in the inline table, found `}`"),
        .init(
            "missing comma in an array", "a = [1 2]", "expected `,` or `]` after the array item, found `2`", at: 1, 8),
        .init("double comma in an array", "a = [1,,2]", "expected a value, found `,`", at: 1, 8),
        .init("comma only array", "a = [,]", "expected a value, found `,`"),
        .init("unterminated array", "a = [1, 2", "unterminated array (it starts at line 1)"),
        .init("unterminated array after comma", "a = [1,\n# c\n", "unterminated array (it starts at line 1)", at: 3, 1),
        .init("unterminated empty array", "x = 1\na = [", "unterminated array (it starts at line 2)"),
        .init("array then text", "a = [1] 2", "expected the end of the line after the value of `a`"),
    ]

    static let rawCharacters: [TOMLInvalidCase] = [
        .init(
            "bare carriage return", "a = 1\rb = 2", "a carriage return (\\r) must be followed by a line feed", at: 1, 6),
        .init("raw control in a string", "a = \"x\u{01}\"", "the control character \\u0001 is not allowed", at: 1, 7),
        .init("raw escape character", "a = \"\u{1B}[0m\"", "the control character \\u001B"),
        .init("raw DEL in a comment", "a = 1\n# x\u{7F}", "the control character \\u007F", at: 2, 4),
        .init("raw NUL in a comment", "# \u{0}\na = 1", "contains a NUL character (\\u0000)", at: 1, 3),
        .init("raw NUL in a string", "a = \"b\u{0}c\"", "contains a NUL character (\\u0000)", at: 1, 7),
        .init("raw NUL in a key", "a\u{0}b = 1", "contains a NUL character (\\u0000)", at: 1, 2),
        .init("raw NUL at the end", "a = 1\n\u{0}", "contains a NUL character", at: 2, 1),
        .init("vertical tab as whitespace", "a =\u{0B}1", "the control character \\u000B"),
        .init("form feed in a literal string", "a = 'x\u{0C}'", "the control character \\u000C"),
    ]

    @Test(arguments: tables + inlineTablesAndArrays + rawCharacters)
    func fails(_ testCase: TOMLInvalidCase) {
        tomlCheckInvalid(testCase)
    }
}
