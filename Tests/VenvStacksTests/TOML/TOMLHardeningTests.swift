import Testing

@testable import VenvStacks

/// Inputs that crashed, hung or were silently misread by the previous C++ parser, plus limits.
@Suite struct TOMLHardeningTests {
    @Test func braceInTableHeader() {
        let error = tomlParseError("[{a]")
        #expect(error?.message == "expected a key in a table header, found `{`")
        #expect(error?.line == 1 && error?.column == 2)
    }

    @Test func hugeDottedTableHeaderIsRejectedQuickly() {
        let header = "[tool.uv" + String(repeating: ".k", count: 100_000) + "]\n"
        let error = tomlParseError(header)
        #expect(error?.message.contains("more than \(TOMLLimits.maxKeyParts) dotted parts") == true)
        #expect(error?.line == 1)
        #expect((error?.message.count ?? 0) < 200)
    }

    @Test func hugeDottedKeyIsRejected() {
        let key = Array(repeating: "k", count: 100_000).joined(separator: ".") + " = 1"
        #expect(tomlParseError(key)?.message.contains("dotted parts") == true)
    }

    @Test func keyAndHeaderPartLimitBoundary() throws {
        let parts = TOMLLimits.maxKeyParts
        let ok = "[" + Array(repeating: "a", count: parts).joined(separator: ".") + "]"
        _ = try TOMLDocument.parse(ok)
        let tooMany = "[" + Array(repeating: "a", count: parts + 1).joined(separator: ".") + "]"
        #expect(tomlParseError(tooMany)?.message.contains("dotted parts") == true)
    }

    @Test func deeplyNestedArraysAreRejected() {
        let text = "a = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = tomlParseError(text)
        #expect(error?.message.contains("nested more than \(TOMLLimits.maxDepth) levels deep") == true)
        #expect(error?.column == 5 + TOMLLimits.maxDepth)
    }

    @Test func unclosedNestedArraysAreRejected() {
        #expect(tomlParseError("a = " + String(repeating: "[", count: 100_000)) != nil)
        #expect(tomlParseError("a = " + String(repeating: "[1,", count: 50)) != nil)
    }

    @Test func deeplyNestedInlineTablesAreRejected() {
        let text = "a = " + String(repeating: "{b = ", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(tomlParseError(text)?.message.contains("nested more than") == true)
    }

    @Test func nestingDepthBoundary() throws {
        let depth = TOMLLimits.maxDepth
        let ok = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var node = try TOMLDocument.parse(ok)["a"]
        var levels = 0
        while case .array(let items)? = node {
            levels += 1
            node = items.first
        }
        #expect(levels == depth)
        let tooDeep = "a = " + String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect(tomlParseError(tooDeep) != nil)
        let inline = "a = " + String(repeating: "{b = ", count: depth) + "1" + String(repeating: "}", count: depth)
        _ = try TOMLDocument.parse(inline)
        // Header parts, dotted key parts and arrays add up.
        let header = "[" + Array(repeating: "t", count: 60).joined(separator: ".") + "]\n"
        let mixed = header + Array(repeating: "k", count: 30).joined(separator: ".") + " = "
        _ = try TOMLDocument.parse(mixed + String(repeating: "[", count: 11) + String(repeating: "]", count: 11))
        #expect(tomlParseError(mixed + String(repeating: "[", count: 12) + String(repeating: "]", count: 12)) != nil)
    }

    @Test func nulCharacters() {
        #expect(tomlParseError("a = \"\\u0000\"")?.message.contains("NUL character (\\u0000)") == true)
        for text in ["a = \"x\u{0}y\"", "# \u{0}", "a\u{0} = 1", "a = 'x\u{0}'", "a = \"\"\"\u{0}\"\"\""] {
            let error = tomlParseError(text)
            #expect(error?.message.contains("NUL character (\\u0000)") == true, "\(text.debugDescription)")
        }
    }

    @Test func utf16AndUTF32AreRejected() {
        let text = "a = 1\n"
        let units = Array(text.utf16)
        let le = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let cases: [([UInt8], String)] = [
            ([0xFF, 0xFE] + le, "UTF-16 (little-endian)"),
            ([0xFE, 0xFF] + be, "UTF-16 (big-endian)"),
            (le, "UTF-16 (little-endian)"),
            (be, "UTF-16 (big-endian)"),
            (
                [0xFF, 0xFE, 0, 0] + text.unicodeScalars.flatMap { [UInt8($0.value), 0, 0, 0] },
                "UTF-32 (little-endian)"
            ),
            ([0, 0, 0xFE, 0xFF] + text.unicodeScalars.flatMap { [0, 0, 0, UInt8($0.value)] }, "UTF-32 (big-endian)"),
            (text.unicodeScalars.flatMap { [UInt8($0.value), 0, 0, 0] }, "UTF-32 (little-endian)"),
            (text.unicodeScalars.flatMap { [0, 0, 0, UInt8($0.value)] }, "UTF-32 (big-endian)"),
        ]
        for (bytes, encoding) in cases {
            let error = tomlParseError(bytes: bytes)
            #expect(error?.message.contains("the file is \(encoding) encoded") == true, "\(String(describing: error))")
            #expect(error?.message.contains("save it as UTF-8") == true)
        }
    }

    @Test func invalidUTF8IsRejectedWithItsPosition() {
        let prefix = Array("a = 1\nb = \"xé".utf8)
        let cases: [([UInt8], String)] = [
            ([0xC0, 0xAF], "overlong encoding"),
            ([0xE0, 0x80, 0xAF], "overlong encoding"),
            ([0xF0, 0x80, 0x80, 0xAF], "overlong encoding"),
            ([0xED, 0xA0, 0x80], "encoded UTF-16 surrogate"),
            ([0xF4, 0x90, 0x80, 0x80], "beyond U+10FFFF"),
            ([0xE2, 0x82], "truncated multi-byte sequence"),
            ([0xE2, 0x82, 0x22], "truncated multi-byte sequence"),
            ([0x80], "unexpected continuation byte 0x80"),
            ([0xF5, 0x80], "never appears in UTF-8"),
            ([0xFF], "never appears in UTF-8"),
        ]
        for (bad, problem) in cases {
            let error = tomlParseError(bytes: prefix + bad + Array("\"\n".utf8))
            #expect(error?.message.contains("is not valid UTF-8") == true)
            #expect(error?.message.contains(problem) == true, "\(String(describing: error))")
            #expect(error?.line == 2 && error?.column == 8, "\(String(describing: error))")
        }
    }

    @Test func hugeInvalidValuesGiveShortMessages() {
        let big = String(repeating: "x", count: 5_000_000)
        let medium = String(repeating: "y", count: 300_000)
        let inputs = [
            "a = \"" + big,  // unterminated 5 MB string
            "a = \"" + big + "\\q\"",  // invalid escape at the end of a 5 MB string
            medium + " = 1\n" + medium + " = 2",  // duplicate key
            medium,  // key without `=`
            "a = 1" + medium,  // number with junk
            "a = " + medium,  // unquoted value
            "[" + medium,  // unterminated header
        ]
        for input in inputs {
            let error = tomlParseError(input)
            #expect(error != nil)
            #expect((error?.message.count ?? 0) < 250, "\(error?.message.prefix(300) ?? "")")
        }
        let quoted = tomlParseError("a = 1" + medium)?.message ?? ""
        #expect(quoted.contains("…"))
    }

    @Test func excerptsEscapeControlCharacters() {
        #expect(TOMLSourceText.excerpt("a\tb\u{0}".utf8) == "a\\u0009b\\u0000")
        #expect(
            TOMLSourceText.excerpt(String(repeating: "é", count: 50).utf8) == String(repeating: "é", count: 40) + "…")
        #expect(
            TOMLParser.display([TOMLKeyPart(name: "a b", offset: 0), TOMLKeyPart(name: "c", offset: 0)]) == "\"a b\".c")
    }

    @Test func documentSizeLimit() throws {
        let text = "a = \"" + String(repeating: "x", count: 100) + "\""
        #expect(tomlParseError(bytes: Array(text.utf8)) == nil)
        do {
            _ = try TOMLDocument.parse(text, maxBytes: 50)
            Issue.record("expected a size error")
        } catch {
            #expect(error.message == "the document is 106 bytes, more than the limit of 50 bytes")
            #expect(error.line == 1 && error.column == 1)
        }
        #expect(TOMLLimits.defaultMaxBytes == 16 * 1024 * 1024)
    }

    @Test func byteOrderMarkIsNotAColumn() {
        let error = tomlParseError(bytes: [0xEF, 0xBB, 0xBF] + Array("a = ?".utf8))
        #expect(error?.line == 1 && error?.column == 5)
    }

    @Test func columnsCountUnicodeScalars() {
        let error = tomlParseError("k = \"é😀\" x")
        #expect(error?.column == 10)
        let crlf = tomlParseError("a = 1\r\nb = ?")
        #expect(crlf?.line == 2 && crlf?.column == 5)
    }
}
