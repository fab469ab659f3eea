// Expected values in this file were generated with Python packaging 25.0 (what venvstacks 0.8
// hashes lock inputs with); they agree with packaging 26.2 except where a row says so
// (packaging.version / specifiers / requirements / markers / utils) and hard-coded here.

import PythonPackaging
import Testing

@Suite("Project names")
struct NamesTests {
    /// (input, canonicalize_name(input), is_normalized_name(input) and canonicalize_name(input) == input)
    /// (packaging's is_normalized_name alone accepts "a--b"; isCanonicalName does not).
    static let cases: [(String, String, Bool)] = [
        ("Foo.Bar__baz", "foo-bar-baz", false),
        ("numpy", "numpy", true),
        ("scikit-learn", "scikit-learn", true),
        ("Scikit_Learn", "scikit-learn", false),
        ("zope.interface", "zope-interface", false),
        ("A-B_C.D", "a-b-c-d", false),
        ("a--b", "a-b", false),
        ("x__", "x-", false),
        ("Django", "django", false),
        ("oslo.concurrency", "oslo-concurrency", false),
        ("ÄBC_d", "äbc-d", false),
        ("--x--", "-x-", false),
        ("", "", false),
    ]

    @Test("canonicalizeName matches packaging", arguments: cases)
    func canonical(input: String, expected: String, isNormalized: Bool) {
        #expect(canonicalizeName(input) == expected)
        #expect(isCanonicalName(input) == isNormalized)
    }

    @Test func validProjectNames() {
        #expect(isValidProjectName("numpy"))
        #expect(isValidProjectName("Foo.Bar_baz-2"))
        #expect(isValidProjectName("a"))
        #expect(!isValidProjectName(""))
        #expect(!isValidProjectName("-numpy"))
        #expect(!isValidProjectName("numpy."))
        #expect(!isValidProjectName("num py"))
    }
}
