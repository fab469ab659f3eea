import Testing

@testable import VenvStacks

/// Invalid keys, strings, numbers, booleans and date-times.
@Suite struct TOMLInvalidSyntaxTests {
    static let keys: [TOMLInvalidCase] = [
        .init("missing key", "= 1", "expected a key in a key/value pair, found `=`", at: 1, 1),
        .init("space inside a bare key", "a b = 1", "expected `=` after the key `a`, found `b`", at: 1, 3),
        .init("missing value", "a = ", "missing value after `=` for the key `a`", at: 1, 5),
        .init("value on the next line", "a =\n1", "missing value after `=` for the key `a`", at: 1, 4),
        .init("key without equals at end", "name", "expected `=` after the key `name`, found the end of the file"),
        .init("colon instead of equals", "name: 1", "expected `=` after the key `name`, found `:`", at: 1, 5),
        .init("trailing dot", "a. = 1", "expected a key after `a.`, found `=`", at: 1, 4),
        .init("leading dot", ".a = 1", "expected a key in a key/value pair, found `.`"),
        .init("double dot", "a..b = 1", "expected a key after `a.`, found `.`"),
        .init("multi-line key", #""""a""" = 1"#, "a key cannot be a multi-line string"),
        .init(
            "two pairs on a line", "a = 1 b = 2", "expected the end of the line after the value of `a`, found `b`",
            at: 1, 7),
        .init("newline in a quoted key", "\"a\nb\" = 1", "unterminated string", at: 1, 3),
        .init("unicode bare key", "café = 1", "expected `=` after the key `caf`, found `é`", at: 1, 4),
        .init("key starting with a hash", "a = 1\n#\n= 2", "expected a key", at: 3, 1),
        .init(
            "header then key on the same line", "[a]b = 1", "expected the end of the line after the table header [a]"),
    ]

    static let strings: [TOMLInvalidCase] = [
        .init("unterminated basic string", "a = \"abc", "unterminated string", at: 1, 9),
        .init("newline in a basic string", "a = \"abc\nd\"", "unterminated string", at: 1, 9),
        .init("unterminated literal string", "a = 'abc\n", "unterminated literal string", at: 1, 9),
        .init(
            "unterminated multi-line basic", "x = 1\na = \"\"\"abc\n\n",
            "unterminated multi-line string (it starts at line 2)",
            at: 4, 1),
        .init(
            "unterminated multi-line literal", "a = '''abc''", "unterminated multi-line string (it starts at line 1)"),
        .init("invalid escape", #"a = "a\qb""#, #"invalid escape `\q`"#, at: 1, 7),
        .init("hex escape is TOML 1.1", #"a = "\x41""#, #"invalid escape `\x`"#),
        .init("escape character is TOML 1.1", #"a = "\e""#, #"invalid escape `\e`"#),
        .init("escape of a non-ASCII character", #"a = "\é""#, #"invalid escape `\é`"#),
        .init("short unicode escape", #"a = "\u12""#, #"the escape `\u12` needs 4 hexadecimal digits"#),
        .init("short long unicode escape", #"a = "\U0001F60""#, "needs 8 hexadecimal digits"),
        .init("surrogate escape", #"a = "\uD800""#, #"the escape `\uD800` is a UTF-16 surrogate"#, at: 1, 6),
        .init("escape beyond U+10FFFF", #"a = "\U00110000""#, "is beyond U+10FFFF"),
        .init(
            "NUL escape in a value", #"a = "\u0000""#,
            #"the string contains a NUL character (\u0000), which is not allowed here"#, at: 1, 6),
        .init("long NUL escape", #"a = "x\U00000000""#, "contains a NUL character"),
        .init("NUL escape in a key", #""a\u0000" = 1"#, #"the key contains a NUL character (\u0000)"#, at: 1, 3),
        .init("NUL escape in a multi-line string", "a = \"\"\"\nx\\u0000\"\"\"", "contains a NUL character", at: 2, 2),
        .init("backslash at line end in a basic string", "a = \"a\\\n\"", "only allowed in a multi-line basic string"),
        .init("backslash and space in a basic string", #"a = "a\ b""#, #"invalid escape `\ `"#),
        .init("backslash and space mid-line in a multi-line string", "a = \"\"\"a\\ b\"\"\"", #"invalid escape `\ `"#),
        .init("six quotes", #"a = """a"""""""#, "cannot contain three or more `\"` in a row"),
        .init("six apostrophes", "a = '''a''''''", "cannot contain three or more `'` in a row"),
        .init("two strings", #"a = "x" "y""#, "expected the end of the line after the value of `a`, found `\"`"),
        .init("unquoted string", "a = hello", "invalid value `hello` (strings must be quoted"),
    ]

    static let numbers: [TOMLInvalidCase] = [
        .init("leading zero", "a = 01", "invalid number `01`: leading zeros are not allowed", at: 1, 5),
        .init("double zero", "a = 00", "leading zeros are not allowed"),
        .init("negative leading zero", "a = -01", "leading zeros are not allowed"),
        .init("leading zero float", "a = 03.14", "leading zeros are not allowed"),
        .init("signed hex", "a = +0x1", "cannot have a sign"),
        .init("upper-case hex prefix", "a = 0X1", "invalid number `0X1`: unexpected `X`"),
        .init("empty hex", "a = 0x", "hexadecimal digits are missing"),
        .init("bad hex digit", "a = 0xG", "expected hexadecimal digits"),
        .init("bad octal digit", "a = 0o8", "expected octal digits"),
        .init("bad binary digit", "a = 0b102", "expected binary digits"),
        .init("double underscore", "a = 1__0", "each underscore must be between two digits"),
        .init("leading underscore", "a = _1", "each underscore must be between two digits"),
        .init("trailing underscore", "a = 1_", "each underscore must be between two digits"),
        .init("underscore after hex prefix", "a = 0x_1", "each underscore must be between two digits"),
        .init("underscore before exponent", "a = 1_e2", "each underscore must be between two digits"),
        .init("trailing decimal point", "a = 1.", "a decimal point must have digits on both sides"),
        .init("leading decimal point", "a = .5", "a decimal point must have digits on both sides"),
        .init("decimal point before exponent", "a = 3.e+20", "a decimal point must have digits on both sides"),
        .init("empty exponent", "a = 1e", "the exponent needs digits"),
        .init("underscore exponent", "a = 1e_1", "the exponent needs digits"),
        .init("two decimal points", "a = 1.2.3", "unexpected `.`"),
        .init("two signs", "a = +-1", "expected decimal digits"),
        .init("sign only", "a = +", "decimal digits are missing"),
        .init("integer overflow", "a = 9223372036854775808", "does not fit in a 64-bit integer", at: 1, 5),
        .init("negative integer overflow", "a = -9223372036854775809", "does not fit in a 64-bit integer"),
        .init("hex overflow", "a = 0x8000000000000000", "does not fit in a 64-bit integer"),
        .init("float overflow", "a = 1e400", "too large for a 64-bit float"),
        .init("infinity spelled out", "a = infinity", "invalid value `infinity`"),
        .init("capitalised inf", "a = Inf", "invalid value `Inf`"),
        .init("nan with suffix", "a = nan1", "invalid value `nan1`"),
        .init("number then letters", "a = 12abc", "invalid number `12abc`: unexpected `a`"),
    ]

    static let booleans: [TOMLInvalidCase] = [
        .init("capitalised true", "a = True", "invalid value `True`"),
        .init("upper-case false", "a = FALSE", "invalid value `FALSE`"),
        .init("true with suffix", "a = truee", "invalid value `truee`"),
        .init("yes is not a boolean", "a = yes", "invalid value `yes`"),
    ]

    static let dateTimes: [TOMLInvalidCase] = [
        .init("month 13", "a = 1979-13-01", "invalid date or time `1979-13-01`: the month must be 01 to 12", at: 1, 5),
        .init("February 29 in a common year", "a = 1979-02-29", "the day must be 01 to 28 in that month"),
        .init("February 29 in 1900", "a = 1900-02-29", "the day must be 01 to 28 in that month"),
        .init("day 32", "a = 1979-05-32", "the day must be 01 to 31"),
        .init("day 0", "a = 1979-05-00", "the day must be 01 to 31"),
        .init("hour 24", "a = 1979-05-27T24:00:00", "the hour must be 00 to 23"),
        .init("minute 60", "a = 07:60:00", "the minute must be 00 to 59"),
        .init("leap second", "a = 07:32:60", "the second must be 00 to 59"),
        .init("no seconds", "a = 07:32", "seconds are required in TOML 1.0"),
        .init("date-time without seconds", "a = 1979-05-27T07:32", "seconds are required"),
        .init("one-digit month", "a = 1979-5-27", "the month must have 2 digits"),
        .init("offset out of range", "a = 1979-05-27T07:32:00+24:00", "between -23:59 and +23:59"),
        .init("offset without minutes", "a = 1979-05-27T07:32:00+05", "expected `:` in the time zone offset"),
        .init("fraction without digits", "a = 1979-05-27T07:32:00.", "needs digits after `.`"),
        .init("offset on a local time", "a = 07:32:00Z", "a local time has no date and no time zone offset"),
        .init("bad separator", "a = 1979-05-27X07:32:00", "expected `T` or a space between the date and the time"),
        .init("two spaces before the time", "a = 1979-05-27  07:32:00", "expected the end of the line after the value"),
        .init("garbage after the offset", "a = 1979-05-27T07:32:00Zx", "unexpected text after the time"),
    ]

    @Test(arguments: keys + strings + numbers + booleans + dateTimes)
    func fails(_ testCase: TOMLInvalidCase) {
        tomlCheckInvalid(testCase)
    }
}
