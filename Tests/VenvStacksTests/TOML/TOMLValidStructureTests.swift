import Testing

@testable import VenvStacks

/// Valid keys, tables, arrays of tables, inline tables, arrays and layout (TOML 1.0 examples).
@Suite struct TOMLValidStructureTests {
    static let keys: [TOMLValidCase] = [
        .init(
            "bare keys", "key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4",
            tomlTable(["key": .int(1), "bare_key": .int(2), "bare-key": .int(3), "1234": .int(4)])),
        .init(
            "quoted keys",
            #""127.0.0.1" = 1"# + "\n" + #""character encoding" = 2"# + "\n" + #""ʎǝʞ" = 3"# + "\n"
                + #"'key2' = 4"# + "\n" + #"'quoted "value"' = 5"#,
            tomlTable([
                "127.0.0.1": .int(1), "character encoding": .int(2), "ʎǝʞ": .int(3), "key2": .int(4),
                #"quoted "value""#: .int(5),
            ])),
        .init(
            "empty quoted keys", "\"\" = 1\n[t]\n'' = 2",
            .table([TOMLEntry(key: "", value: .int(1)), TOMLEntry(key: "t", value: tomlTable(["": .int(2)]))])),
        .init(
            "escapes in quoted keys", #""a\tb\u00E9" = 1"#, tomlTable(["a\tbé": .int(1)])),
        .init(
            "dotted keys",
            "name = \"Orange\"\nphysical.color = \"orange\"\nphysical.shape = \"round\"\n"
                + "site.\"google.com\" = true",
            tomlTable([
                "name": .string("Orange"),
                "physical": tomlTable(["color": .string("orange"), "shape": .string("round")]),
                "site": tomlTable(["google.com": .bool(true)]),
            ])),
        .init(
            "whitespace around dots", "fruit. color = 1\nfruit . flavor = 2\nfruit\t.\t'x' = 3",
            tomlTable(["fruit": tomlTable(["color": .int(1), "flavor": .int(2), "x": .int(3)])])),
        .init("float-like key is dotted", "3.14159 = \"pi\"", tomlTable(["3": tomlTable(["14159": .string("pi")])])),
        .init(
            "keys that look like values", "true = 1\ninf = 2\nnan = 3\n1979-05-27 = 4",
            tomlTable(["true": .int(1), "inf": .int(2), "nan": .int(3), "1979-05-27": .int(4)])),
        .init(
            "document order is kept", "zebra = 1\napple = 2\nmango = 3",
            tomlTable(["zebra": .int(1), "apple": .int(2), "mango": .int(3)])),
        .init(
            "canonically equivalent keys stay different", "\"\u{E9}\" = 1\n\"e\u{301}\" = 2",
            .table([TOMLEntry(key: "\u{E9}", value: .int(1)), TOMLEntry(key: "e\u{301}", value: .int(2))])),
        .init(
            "many keys use the lookup table",
            (0..<40).map { "k\($0) = \($0)" }.joined(separator: "\n") + "\nsub.k39 = 1",
            .table(
                (0..<40).map { TOMLEntry(key: "k\($0)", value: .int($0)) } + [
                    TOMLEntry(key: "sub", value: tomlTable(["k39": .int(1)]))
                ])),
    ]

    static let tables: [TOMLValidCase] = [
        .init(
            "tables", "[table-1]\nkey1 = \"some string\"\n[table-2]\nkey1 = 456",
            tomlTable([
                "table-1": tomlTable(["key1": .string("some string")]), "table-2": tomlTable(["key1": .int(456)]),
            ])),
        .init(
            "quoted header part", "[dog.\"tater.man\"]\ntype.name = \"pug\"",
            tomlTable(["dog": tomlTable(["tater.man": tomlTable(["type": tomlTable(["name": .string("pug")])])])])),
        .init(
            "whitespace in headers", "[ j . \"ʞ\" . 'l' ]\n[\ta\t]",
            tomlTable(["j": tomlTable(["ʞ": tomlTable(["l": .table([])])]), "a": .table([])])),
        .init(
            "implicit super-tables", "[x.y.z.w]",
            tomlTable(["x": tomlTable(["y": tomlTable(["z": tomlTable(["w": .table([])])])])])),
        .init(
            "super-table defined after its child", "[x.y.z.w]\n[x]\na = 1",
            tomlTable(["x": tomlTable(["y": tomlTable(["z": tomlTable(["w": .table([])])]), "a": .int(1)])])),
        .init(
            "sub-table of a dotted-key table",
            "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
            tomlTable([
                "fruit": tomlTable([
                    "apple": tomlTable([
                        "color": .string("red"), "taste": tomlTable(["sweet": .bool(true)]),
                        "texture": tomlTable(["smooth": .bool(true)]),
                    ])
                ])
            ])),
        .init(
            "root keys before headers", "a = 1\n[t]\nb = 2",
            tomlTable(["a": .int(1), "t": tomlTable(["b": .int(2)])])),
        .init(
            "tables in document order", "[a.b]\nx = 1\n[c]\n[a]\ny = 2",
            tomlTable(["a": tomlTable(["b": tomlTable(["x": .int(1)]), "y": .int(2)]), "c": .table([])])),
        .init(
            "implicit parent extended by dotted keys", "[a.b.c]\n[a]\nb.d = 1",
            tomlTable(["a": tomlTable(["b": tomlTable(["c": .table([]), "d": .int(1)])])])),
        .init(
            "empty header table and dotted table", "a.b.c = 1\n[a.d]\ne = 2",
            tomlTable(["a": tomlTable(["b": tomlTable(["c": .int(1)]), "d": tomlTable(["e": .int(2)])])])),
    ]

    static let arraysOfTables: [TOMLValidCase] = [
        .init(
            "array of tables", "[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\nname = \"Nail\"",
            tomlTable([
                "products": .array([
                    tomlTable(["name": .string("Hammer")]), .table([]), tomlTable(["name": .string("Nail")]),
                ])
            ])),
        .init(
            "nested arrays of tables",
            """
            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits.varieties]]
            name = "granny smith"
            [[fruits]]
            name = "banana"
            [[fruits.varieties]]
            name = "plantain"
            """,
            tomlTable([
                "fruits": .array([
                    tomlTable([
                        "name": .string("apple"), "physical": tomlTable(["color": .string("red")]),
                        "varieties": .array([
                            tomlTable(["name": .string("red delicious")]), tomlTable(["name": .string("granny smith")]),
                        ]),
                    ]),
                    tomlTable([
                        "name": .string("banana"), "varieties": .array([tomlTable(["name": .string("plantain")])]),
                    ]),
                ])
            ])),
        .init(
            "super-table after an array of tables", "[[a.b]]\nx = 1\n[a]\ny = 2",
            tomlTable(["a": tomlTable(["b": .array([tomlTable(["x": .int(1)])]), "y": .int(2)])])),
        .init(
            "array of tables inside a dotted table", "[fruit]\napple.color = \"red\"\n[[fruit.apple.seeds]]\nsize = 2",
            tomlTable([
                "fruit": tomlTable([
                    "apple": tomlTable(["color": .string("red"), "seeds": .array([tomlTable(["size": .int(2)])])])
                ])
            ])),
        .init(
            "dotted keys in separate elements", "[[a]]\nb.c = 1\n[[a]]\nb.c = 2",
            tomlTable([
                "a": .array([tomlTable(["b": tomlTable(["c": .int(1)])]), tomlTable(["b": tomlTable(["c": .int(2)])])])
            ])),
        .init(
            "whitespace inside array-of-tables brackets", "[[ a . b ]]",
            tomlTable(["a": tomlTable(["b": .array([.table([])])])])),
    ]

    static let inlineTables: [TOMLValidCase] = [
        .init(
            "inline tables", "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }",
            tomlTable([
                "name": tomlTable(["first": .string("Tom"), "last": .string("Preston-Werner")]),
                "point": tomlTable(["x": .int(1), "y": .int(2)]),
            ])),
        .init(
            "dotted keys in inline tables", "animal = { type.name = \"pug\", a.b = 1, a.c = 2 }",
            tomlTable([
                "animal": tomlTable([
                    "type": tomlTable(["name": .string("pug")]), "a": tomlTable(["b": .int(1), "c": .int(2)]),
                ])
            ])),
        .init("empty inline tables", "a = {}\nb = {   }", tomlTable(["a": .table([]), "b": .table([])])),
        .init(
            "nested inline tables", "a = {b = {c = {d = 1}}, e = 2}",
            tomlTable(["a": tomlTable(["b": tomlTable(["c": tomlTable(["d": .int(1)])]), "e": .int(2)])])),
        .init(
            "multi-line array inside an inline table", "a = {b = [\n  1, # one\n  2,\n]}",
            tomlTable(["a": tomlTable(["b": .array([.int(1), .int(2)])])])),
        .init(
            "array of inline tables", "points = [ { x = 1, y = 2 },\n  { x = 7 } ]",
            tomlTable(["points": .array([tomlTable(["x": .int(1), "y": .int(2)]), tomlTable(["x": .int(7)])])])),
        .init(
            "inline table under a header and dotted key", "[a]\nb.c = {d = 1}",
            tomlTable(["a": tomlTable(["b": tomlTable(["c": tomlTable(["d": .int(1)])])])])),
    ]

    static let arrays: [TOMLValidCase] = [
        .init(
            "arrays of one type", "integers = [ 1, 2, 3 ]\ncolors = [ \"red\", \"yellow\" ]",
            tomlTable([
                "integers": .array([.int(1), .int(2), .int(3)]),
                "colors": .array([.string("red"), .string("yellow")]),
            ])),
        .init(
            "nested and mixed arrays", "a = [ [ 1, 2 ], [3, 4, 5] ]\nb = [ [ 1, 2 ], [\"a\", \"b\", \"c\"] ]",
            tomlTable([
                "a": .array([.array([.int(1), .int(2)]), .array([.int(3), .int(4), .int(5)])]),
                "b": .array([.array([.int(1), .int(2)]), .array([.string("a"), .string("b"), .string("c")])]),
            ])),
        .init(
            "string kinds in one array", #"a = [ "all", 'strings', """are the same""", '''type''' ]"#,
            tomlTable(["a": .array([.string("all"), .string("strings"), .string("are the same"), .string("type")])])),
        .init(
            "mixed number types", "a = [ 0.1, 0.2, 1, 2 ]",
            tomlTable(["a": .array([.double(0.1), .double(0.2), .int(1), .int(2)])])),
        .init(
            "strings and inline tables",
            "c = [\n  \"Foo Bar <foo@example.com>\",\n  { name = \"Baz Qux\", email = \"bazqux@example.com\" }\n]",
            tomlTable([
                "c": .array([
                    .string("Foo Bar <foo@example.com>"),
                    tomlTable(["name": .string("Baz Qux"), "email": .string("bazqux@example.com")]),
                ])
            ])),
        .init(
            "multi-line array with comments and trailing comma", "a = [\n  1, # one\n  # alone\n  2,\n\n]  # end",
            tomlTable(["a": .array([.int(1), .int(2)])])),
        .init(
            "empty arrays", "a = []\nb = [ ]\nc = [\n# nothing\n]\nd = [[], [[]]]",
            tomlTable([
                "a": .array([]), "b": .array([]), "c": .array([]), "d": .array([.array([]), .array([.array([])])]),
            ])),
        .init("comma right after a value", "a = [1,2,]", tomlTable(["a": .array([.int(1), .int(2)])])),
    ]

    static let layout: [TOMLValidCase] = [
        .init("empty document", "", .table([])),
        .init("only whitespace and comments", "  \n\t\n# just a comment\n   # another\t\n", .table([])),
        .init(
            "comments everywhere", "# top\na = 1 # after value\n[t] # after header\n[[u]] # after array header\n",
            tomlTable(["a": .int(1), "t": .table([]), "u": .array([.table([])])])),
        .init(
            "CRLF line endings", "a = 1\r\n[t]\r\nb = [\r\n 2,\r\n]\r\n# c\r\n",
            tomlTable(["a": .int(1), "t": tomlTable(["b": .array([.int(2)])])])),
        .init("UTF-8 byte-order mark", "\u{FEFF}a = 1", tomlTable(["a": .int(1)])),
        .init("tabs around equals", "a\t=\t1\t", tomlTable(["a": .int(1)])),
        .init("no newline at end", "a = \"x\"", tomlTable(["a": .string("x")])),
        .init("comment with unicode and tab", "#\tcafé ☕ \u{85}\na = 1", tomlTable(["a": .int(1)])),
        .init("indented keys and headers", "  [t]\n    a = 1", tomlTable(["t": tomlTable(["a": .int(1)])])),
    ]

    @Test(arguments: keys + tables + arraysOfTables + inlineTables + arrays + layout)
    func parses(_ testCase: TOMLValidCase) throws {
        #expect(try TOMLDocument.parse(testCase.toml) == testCase.expected)
    }

    @Test func bytesAndTextGiveTheSameTree() throws {
        let text = "a = 1\n[b]\nc = \"é\"\n"
        let fromText = try TOMLDocument.parse(text)
        #expect(try TOMLDocument.parse(bytes: Array(text.utf8)) == fromText)
        #expect(try TOMLDocument.parse(bytes: Array(text.utf8)[...]) == fromText)
        #expect(try TOMLDocument.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8)) == fromText)
    }

    @Test func nodeAccessors() throws {
        let root = try TOMLDocument.parse("a = 1\n[t]\nb = [true]")
        #expect(root["a"] == .int(1))
        #expect(root["t"]?["b"] == .array([.bool(true)]))
        #expect(root["missing"] == nil)
        #expect(root.entries?.map(\.key) == ["a", "t"])
        #expect(TOMLNode.int(1).entries == nil)
        #expect(TOMLNode.int(1)["a"] == nil)
        #expect(root["t"]?.typeName == "table")
        #expect(TOMLNode.datetime("07:32:00").typeName == "date-time")
    }
}
