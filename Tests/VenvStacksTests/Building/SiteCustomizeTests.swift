import Foundation
import Testing

@testable import VenvStacks

/// The build-time `sitecustomize.py` (docs/behaviour.md#build-time-sitecustomize) and Python `repr()` quoting.
@Suite struct SiteCustomizeTests {
    @Test func nothingToLinkWritesNoFile() {
        #expect(SiteCustomize.text(pythonPaths: []) == nil)
    }

    @Test func docstringThenTwoBlankLinesThenOneAddsitedirPerPath() throws {
        let text = try #require(
            SiteCustomize.text(pythonPaths: [
                "/b/framework-x/lib/python3.11/site-packages", "/b/cpython-3.11/lib/python3.11/site-packages",
            ]))
        #expect(text.hasPrefix("\"\"\""))
        // The docstring is the only triple-quoted string and it closes before the code.
        let pieces = text.components(separatedBy: "\"\"\"")
        #expect(pieces.count == 3)
        #expect(pieces.first == "")
        #expect(
            pieces.last == """



                # Allow loading modules and packages from linked environments
                from site import addsitedir
                addsitedir('/b/framework-x/lib/python3.11/site-packages')
                addsitedir('/b/cpython-3.11/lib/python3.11/site-packages')

                """)
    }

    @Test func pathsAreQuotedAsPythonLiterals() throws {
        let text = try #require(SiteCustomize.text(pythonPaths: ["/b/it's here/site-packages"]))
        #expect(text.hasSuffix("from site import addsitedir\naddsitedir(\"/b/it's here/site-packages\")\n"))
    }

    @Test(arguments: [
        ("plain", "'plain'"),
        ("", "''"),
        ("C:\\Users\\me", "'C:\\\\Users\\\\me'"),
        ("it's", "\"it's\""),
        ("say \"hi\"", "'say \"hi\"'"),
        ("both ' and \"", "'both \\' and \"'"),
        ("a\nb\tc\rd", "'a\\nb\\tc\\rd'"),
        ("\u{01}\u{1f}\u{7f}", "'\\x01\\x1f\\x7f'"),
        ("caf\u{e9} \u{1F600}", "'caf\u{e9} \u{1F600}'"),
    ])
    func pythonRepr(_ value: String, _ expected: String) {
        #expect(SiteCustomize.pythonRepr(value) == expected)
    }

    /// `repr()` escapes every character `str.isprintable()` rejects: C1 controls, non-ASCII
    /// spaces, format characters and private-use characters.
    @Test(arguments: [
        ("\u{85}", "'\\x85'"),
        ("\u{a0}", "'\\xa0'"),
        ("\u{ad}", "'\\xad'"),
        ("\u{200b}", "'\\u200b'"),
        ("\u{2028}", "'\\u2028'"),
        ("\u{e000}", "'\\ue000'"),
        ("\u{f0000}", "'\\U000f0000'"),
    ])
    func pythonReprEscapesNonPrintableUnicode(_ value: String, _ expected: String) {
        #expect(SiteCustomize.pythonRepr(value) == expected)
    }
}
