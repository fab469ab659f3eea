import Foundation
import Testing

@testable import VenvStacks

@Suite struct SupportTests {
    @Test(arguments: [
        ("app-scipy-client", "app-scipy*", true), ("app-scipy-client", "app-*", true),
        ("cpython-3.11", "*-3.*", true), ("framework-layerC", "*-layerC", true),
        ("framework-layerC", "*-layerc", false), ("app-x", "app-?", true), ("app-xy", "app-?", false),
        ("layerF@1", "layer[EF]@1", true), ("layerG@1", "layer[!EF]@1", true), ("layerE@1", "layer[!EF]@1", false),
        ("a[b", "a[b", true), ("abc", "a*c", true), ("ac", "a*c", true), ("ab", "a*c", false),
    ])
    func globMatchesLikePythonFnmatch(_ name: String, _ pattern: String, _ expected: Bool) {
        #expect(Glob.fnmatch(name, pattern) == expected)
    }

    @Test func canonicalJSONSortsKeysAndEscapesLikePython() {
        let value = JSONValue.object([
            "b": .array([]), "a": .int(1), "c": .object([:]), "d": .string("é\"\n"), "e": .null, "f": .bool(false),
        ])
        #expect(
            value.rendered() == """
                {
                  "a": 1,
                  "b": [],
                  "c": {},
                  "d": "\\u00e9\\"\\n",
                  "e": null,
                  "f": false
                }

                """)
    }

    @Test func jsonRoundTrips() throws {
        let text = "{\"x\": [1, true, \"s\", null], \"y\": {\"z\": 2}}"
        let value = try JSONValue.parse(Data(text.utf8))
        #expect(value["x"] == .array([.int(1), .bool(true), .string("s"), .null]))
        #expect(value["y"]?["z"]?.intValue == 2)
    }

    @Test func typoSuggestions() {
        #expect(closestMatch(to: "requirments", in: LayerFieldParser.allowedKeys(for: .runtime)) == "requirements")
        #expect(closestMatch(to: "platform", in: LayerFieldParser.allowedKeys(for: .runtime)) == "platforms")
        #expect(closestMatch(to: "zzzzzzzz", in: LayerFieldParser.allowedKeys(for: .runtime)) == nil)
    }

    @Test func c3LinearisationAndConflict() throws {
        let graph = [
            "A": [String](), "B": ["A"], "C": ["A"], "D": ["B", "C", "A"], "E": ["B", "A"], "F": ["E", "B", "A"],
        ]
        #expect(try Linearization.c3(declared: ["D", "F"]) { graph[$0]! } == ["D", "F", "E", "B", "C", "A"])
        #expect(try Linearization.c3(declared: ["B", "C"]) { graph[$0]! } == ["B", "C", "A"])
        let conflicting = ["A": [String](), "B": [], "C": ["A", "B"], "D": ["B", "A"]]
        #expect(throws: Linearization.Conflict(remaining: [["A", "B"], ["B", "A"]])) {
            try Linearization.c3(declared: ["C", "D"]) { conflicting[$0]! }
        }
    }

    @Test func moduleNamesAreStems() {
        #expect(AppModule.moduleName(of: "launch_modules/scipy_client") == "scipy_client")
        #expect(AppModule.moduleName(of: "launch_modules/scipy_client/") == "scipy_client")
        #expect(AppModule.moduleName(of: "x.py") == "x")
        #expect(AppModule.moduleName(of: "a/b.c.py") == "b.c")
    }

    @Test func linuxTargets() throws {
        #expect(try LinuxTarget(parsing: "glibc").glibcMinor == 28)
        #expect(try LinuxTarget(parsing: "glibc@2.17").glibcMinor == 17)
        for bad in ["", "unknown", "glibc@235", "glibc@2.3.5", "glibc@ints.required", "musl", "musl@1.3", "glibc@2."] {
            #expect(throws: SpecFieldError.self, "\(bad)") { try LinuxTarget(parsing: bad) }
        }
    }
}
