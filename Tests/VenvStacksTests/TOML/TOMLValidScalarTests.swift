import Testing

@testable import VenvStacks

/// Valid strings, numbers, booleans and date-times (TOML 1.0 specification examples and edge cases).
@Suite struct TOMLValidScalarTests {
    static let strings: [TOMLValidCase] = [
        .init("basic string", #"a = "I'm a string.""#, tomlTable(["a": .string("I'm a string.")])),
        .init(
            "every short escape", #"a = "\b\t\n\f\r\"\\""#,
            tomlTable(["a": .string("\u{08}\t\n\u{0C}\r\"\\")])),
        .init(
            "unicode escapes", #"a = "Jos\u00E9 \U0001F600 \u001F""#,
            tomlTable(["a": .string("José 😀 \u{1F}")])),
        .init("empty basic and literal", "a = \"\"\nb = ''", tomlTable(["a": .string(""), "b": .string("")])),
        .init(
            "literal string keeps backslashes", #"p = 'C:\Users\nodejs\templates'"#,
            tomlTable(["p": .string(#"C:\Users\nodejs\templates"#)])),
        .init(
            "literal string with double quotes", #"q = 'Tom "Dubs" Preston-Werner'"#,
            tomlTable(["q": .string(#"Tom "Dubs" Preston-Werner"#)])),
        .init(
            "raw unicode and tab", "a = \"é\t😀 ʎǝʞ\"", tomlTable(["a": .string("é\t😀 ʎǝʞ")])),
        .init("raw C1 control is allowed", "a = \"x\u{85}y\"", tomlTable(["a": .string("x\u{85}y")])),
        .init(
            "multi-line basic trims first newline", "a = \"\"\"\nRoses are red\nViolets are blue\"\"\"",
            tomlTable(["a": .string("Roses are red\nViolets are blue")])),
        .init(
            "multi-line basic line-ending backslash",
            "a = \"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\"",
            tomlTable(["a": .string("The quick brown fox jumps over the lazy dog.")])),
        .init(
            "line-ending backslash with trailing whitespace", "a = \"\"\"a \\  \t\n   b\"\"\"",
            tomlTable(["a": .string("a b")])),
        .init(
            "line-ending backslash before CRLF", "a = \"\"\"a\\\r\n  b\"\"\"", tomlTable(["a": .string("ab")])),
        .init(
            "two quotes inside multi-line basic",
            #"a = """Here are two quotation marks: "". Simple enough.""""#,
            tomlTable(["a": .string(#"Here are two quotation marks: "". Simple enough."#)])),
        .init(
            "escaped quotes inside multi-line basic",
            #"a = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\".""""#,
            tomlTable(["a": .string(#"Here are fifteen quotation marks: """""""""""""""."#)])),
        .init(
            "one quote before the closing delimiter", #"a = """"This," she said, "is just a pointless statement."""""#,
            tomlTable(["a": .string(#""This," she said, "is just a pointless statement.""#)])),
        .init("two quotes before the closing delimiter", #"a = """x""""""#, tomlTable(["a": .string(#"x"""#)])),
        .init(
            "multi-line literal", "a = '''\nThe first newline is\ntrimmed in raw strings.\n'''",
            tomlTable(["a": .string("The first newline is\ntrimmed in raw strings.\n")])),
        .init(
            "multi-line literal keeps backslashes", #"a = '''I [dw]on't need \d{2} apples'''"#,
            tomlTable(["a": .string(#"I [dw]on't need \d{2} apples"#)])),
        .init(
            "apostrophes before the closing literal delimiter", "a = '''Here are fifteen apostrophes: '''''",
            tomlTable(["a": .string("Here are fifteen apostrophes: ''")])),
        .init(
            "CRLF inside multi-line strings becomes LF", "a = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = '''x\r\ny'''",
            tomlTable(["a": .string("one\ntwo"), "b": .string("x\ny")])),
        .init(
            "escape of a control character", #"a = "\u0001\u007F""#, tomlTable(["a": .string("\u{01}\u{7F}")])),
        .init(
            "multi-line basic with escapes and tab", "a = \"\"\"\ttab \\u0041\\n\"\"\"",
            tomlTable(["a": .string("\ttab A\n")])),
    ]

    static let numbers: [TOMLValidCase] = [
        .init(
            "decimal integers", "a = +99\nb = 42\nc = 0\nd = -17",
            tomlTable(["a": .int(99), "b": .int(42), "c": .int(0), "d": .int(-17)])),
        .init(
            "underscores in integers", "a = 1_000\nb = 5_349_221\nc = 53_49_221\nd = 1_2_3_4_5",
            tomlTable(["a": .int(1000), "b": .int(5_349_221), "c": .int(5_349_221), "d": .int(12345)])),
        .init(
            "hexadecimal", "a = 0xDEADBEEF\nb = 0xdeadbeef\nc = 0xdead_beef\nd = 0x00",
            tomlTable(["a": .int(0xDEAD_BEEF), "b": .int(0xDEAD_BEEF), "c": .int(0xDEAD_BEEF), "d": .int(0)])),
        .init(
            "octal and binary", "a = 0o01234567\nb = 0o755\nc = 0b11010110\nd = 0b1_0",
            tomlTable(["a": .int(0o01234567), "b": .int(0o755), "c": .int(0b11010110), "d": .int(2)])),
        .init(
            "64-bit limits", "a = 9223372036854775807\nb = -9223372036854775808\nc = 0x7FFFFFFFFFFFFFFF",
            tomlTable(["a": .int(Int.max), "b": .int(Int.min), "c": .int(Int.max)])),
        .init("signed zero integers", "a = -0\nb = +0", tomlTable(["a": .int(0), "b": .int(0)])),
        .init(
            "fractional floats", "a = +1.0\nb = 3.1415\nc = -0.01",
            tomlTable(["a": .double(1.0), "b": .double(3.1415), "c": .double(-0.01)])),
        .init(
            "exponent floats", "a = 5e+22\nb = 1e06\nc = -2E-2\nd = 6.626e-34",
            tomlTable(["a": .double(5e+22), "b": .double(1e06), "c": .double(-2e-2), "d": .double(6.626e-34)])),
        .init(
            "underscores in floats", "a = 224_617.445_991_228\nb = 1_0.0_1e1_0",
            tomlTable(["a": .double(224_617.445_991_228), "b": .double(10.01e10)])),
        .init(
            "zero floats", "a = 0.0\nb = 0e0\nc = +0.0\nd = 1e-400",
            tomlTable(["a": .double(0), "b": .double(0), "c": .double(0), "d": .double(0)])),
        .init(
            "infinities", "a = inf\nb = +inf\nc = -inf",
            tomlTable(["a": .double(.infinity), "b": .double(.infinity), "c": .double(-.infinity)])),
        .init("booleans", "a = true\nb = false", tomlTable(["a": .bool(true), "b": .bool(false)])),
    ]

    static let dateTimes: [TOMLValidCase] = [
        .init("offset date-time Z", "a = 1979-05-27T07:32:00Z", tomlTable(["a": .datetime("1979-05-27T07:32:00Z")])),
        .init(
            "offset date-time negative offset", "a = 1979-05-27T00:32:00-07:00",
            tomlTable(["a": .datetime("1979-05-27T00:32:00-07:00")])),
        .init(
            "offset date-time with fraction", "a = 1979-05-27T00:32:00.999999-07:00",
            tomlTable(["a": .datetime("1979-05-27T00:32:00.999999-07:00")])),
        .init(
            "space separator becomes T", "a = 1979-05-27 07:32:00Z",
            tomlTable(["a": .datetime("1979-05-27T07:32:00Z")])),
        .init(
            "lower-case t and z", "a = 1979-05-27t07:32:00z", tomlTable(["a": .datetime("1979-05-27T07:32:00Z")])),
        .init(
            "zero offsets become Z", "a = 2025-08-27T00:00:00+00:00\nb = 2025-08-27T00:00:00-00:00",
            tomlTable(["a": .datetime("2025-08-27T00:00:00Z"), "b": .datetime("2025-08-27T00:00:00Z")])),
        .init(
            "positive offset kept", "a = 2025-08-27T10:00:00+05:30",
            tomlTable(["a": .datetime("2025-08-27T10:00:00+05:30")])),
        .init(
            "local date-time has no Z", "a = 1979-05-27T07:32:00\nb = 1979-05-27 00:32:00.999999",
            tomlTable(["a": .datetime("1979-05-27T07:32:00"), "b": .datetime("1979-05-27T00:32:00.999999")])),
        .init("local date", "a = 1979-05-27", tomlTable(["a": .datetime("1979-05-27")])),
        .init(
            "local times", "a = 07:32:00\nb = 00:32:00.999999",
            tomlTable(["a": .datetime("07:32:00"), "b": .datetime("00:32:00.999999")])),
        .init(
            "fraction trailing zeros dropped", "a = 07:32:00.500\nb = 07:32:00.000\nc = 07:32:00.1234567891",
            tomlTable(["a": .datetime("07:32:00.5"), "b": .datetime("07:32:00"), "c": .datetime("07:32:00.123456789")])),
        .init(
            "leap day and year ends", "a = 2000-02-29\nb = 2024-02-29\nc = 1999-12-31T23:59:59Z\nd = 0000-01-01",
            tomlTable([
                "a": .datetime("2000-02-29"), "b": .datetime("2024-02-29"),
                "c": .datetime("1999-12-31T23:59:59Z"), "d": .datetime("0000-01-01"),
            ])),
        .init(
            "dates in arrays and inline tables",
            "a = [1979-05-27, 07:32:00, 1979-05-27 07:32:00]\nb = {c = 1979-05-27}",
            tomlTable([
                "a": .array([.datetime("1979-05-27"), .datetime("07:32:00"), .datetime("1979-05-27T07:32:00")]),
                "b": tomlTable(["c": .datetime("1979-05-27")]),
            ])),
        .init(
            "date followed by a comment", "a = 1979-05-27 # birthday",
            tomlTable(["a": .datetime("1979-05-27")])),
    ]

    @Test(arguments: strings + numbers + dateTimes)
    func parses(_ testCase: TOMLValidCase) throws {
        #expect(try TOMLDocument.parse(testCase.toml) == testCase.expected)
    }

    @Test func notANumber() throws {
        let root = try TOMLDocument.parse("a = nan\nb = +nan\nc = -nan")
        for key in ["a", "b", "c"] {
            guard case .double(let value)? = root[key] else {
                Issue.record("\(key) is not a float")
                continue
            }
            #expect(value.isNaN)
        }
    }

    @Test func negativeZeroKeepsItsSign() throws {
        guard case .double(let value)? = try TOMLDocument.parse("a = -0.0")["a"] else {
            Issue.record("not a float")
            return
        }
        #expect(value == 0 && value.sign == .minus)
    }
}
