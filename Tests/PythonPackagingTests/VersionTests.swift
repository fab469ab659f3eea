// Expected values in this file were generated with Python packaging 25.0 (what venvstacks 0.8
// hashes lock inputs with); they agree with packaging 26.2 except where a row says so
// (packaging.version / specifiers / requirements / markers / utils) and hard-coded here.

import PythonPackaging
import Testing

struct VersionCase: Sendable, CustomStringConvertible {
    let input: String
    let normalized: String
    let epoch: Int
    let release: [Int]
    let pre: (String, Int)?
    let post: Int?
    let dev: Int?
    let local: String?
    let isPrerelease: Bool
    let publicVersion: String
    let baseVersion: String

    init(
        _ input: String, _ normalized: String, epoch: Int, release: [Int], pre: (String, Int)?, post: Int?, dev: Int?,
        local: String?, isPrerelease: Bool, publicVersion: String, baseVersion: String
    ) {
        self.input = input
        self.normalized = normalized
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
        self.isPrerelease = isPrerelease
        self.publicVersion = publicVersion
        self.baseVersion = baseVersion
    }

    var description: String { input }
}

@Suite("PEP 440 versions")
struct VersionTests {
    static let cases: [VersionCase] = [
        VersionCase(
            "1.0.0-RC1", "1.0.0rc1", epoch: 0, release: [1, 0, 0], pre: ("rc", 1), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0.0rc1", baseVersion: "1.0.0"),
        VersionCase(
            "v1.0", "1.0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: nil, local: nil, isPrerelease: false,
            publicVersion: "1.0", baseVersion: "1.0"),
        VersionCase(
            "V1.0", "1.0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: nil, local: nil, isPrerelease: false,
            publicVersion: "1.0", baseVersion: "1.0"),
        VersionCase(
            "1.0-post1", "1.0.post1", epoch: 0, release: [1, 0], pre: nil, post: 1, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1.0.post1", baseVersion: "1.0"),
        VersionCase(
            "1.0", "1.0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: nil, local: nil, isPrerelease: false,
            publicVersion: "1.0", baseVersion: "1.0"),
        VersionCase(
            "1.0.0", "1.0.0", epoch: 0, release: [1, 0, 0], pre: nil, post: nil, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1.0.0", baseVersion: "1.0.0"),
        VersionCase(
            "2.8.0+cpu", "2.8.0+cpu", epoch: 0, release: [2, 8, 0], pre: nil, post: nil, dev: nil, local: "cpu",
            isPrerelease: false, publicVersion: "2.8.0", baseVersion: "2.8.0"),
        VersionCase(
            "1!2.0.post1.dev3", "1!2.0.post1.dev3", epoch: 1, release: [2, 0], pre: nil, post: 1, dev: 3, local: nil,
            isPrerelease: true, publicVersion: "1!2.0.post1.dev3", baseVersion: "1!2.0"),
        VersionCase(
            " 1.0 ", "1.0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: nil, local: nil, isPrerelease: false,
            publicVersion: "1.0", baseVersion: "1.0"),
        VersionCase(
            "\t1.0\n", "1.0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: nil, local: nil, isPrerelease: false,
            publicVersion: "1.0", baseVersion: "1.0"),
        VersionCase(
            "1.0-1", "1.0.post1", epoch: 0, release: [1, 0], pre: nil, post: 1, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1.0.post1", baseVersion: "1.0"),
        VersionCase(
            "1.0-r", "1.0.post0", epoch: 0, release: [1, 0], pre: nil, post: 0, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1.0.post0", baseVersion: "1.0"),
        VersionCase(
            "1.0rev2", "1.0.post2", epoch: 0, release: [1, 0], pre: nil, post: 2, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1.0.post2", baseVersion: "1.0"),
        VersionCase(
            "1.0c1", "1.0rc1", epoch: 0, release: [1, 0], pre: ("rc", 1), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0rc1", baseVersion: "1.0"),
        VersionCase(
            "1.0pre", "1.0rc0", epoch: 0, release: [1, 0], pre: ("rc", 0), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0rc0", baseVersion: "1.0"),
        VersionCase(
            "1.0preview2", "1.0rc2", epoch: 0, release: [1, 0], pre: ("rc", 2), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0rc2", baseVersion: "1.0"),
        VersionCase(
            "1.0alpha", "1.0a0", epoch: 0, release: [1, 0], pre: ("a", 0), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0a0", baseVersion: "1.0"),
        VersionCase(
            "1.0beta.1", "1.0b1", epoch: 0, release: [1, 0], pre: ("b", 1), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0b1", baseVersion: "1.0"),
        VersionCase(
            "1.0-dev", "1.0.dev0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: 0, local: nil,
            isPrerelease: true, publicVersion: "1.0.dev0", baseVersion: "1.0"),
        VersionCase(
            "1.0dev", "1.0.dev0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: 0, local: nil,
            isPrerelease: true, publicVersion: "1.0.dev0", baseVersion: "1.0"),
        VersionCase(
            "00.01", "0.1", epoch: 0, release: [0, 1], pre: nil, post: nil, dev: nil, local: nil, isPrerelease: false,
            publicVersion: "0.1", baseVersion: "0.1"),
        VersionCase(
            "1.0a1-1", "1.0a1.post1", epoch: 0, release: [1, 0], pre: ("a", 1), post: 1, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0a1.post1", baseVersion: "1.0"),
        VersionCase(
            "1.0a.post1", "1.0a0.post1", epoch: 0, release: [1, 0], pre: ("a", 0), post: 1, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0a0.post1", baseVersion: "1.0"),
        VersionCase(
            "1.0_a_1", "1.0a1", epoch: 0, release: [1, 0], pre: ("a", 1), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0a1", baseVersion: "1.0"),
        VersionCase(
            "1.0.a.1", "1.0a1", epoch: 0, release: [1, 0], pre: ("a", 1), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0a1", baseVersion: "1.0"),
        VersionCase(
            "1.0post", "1.0.post0", epoch: 0, release: [1, 0], pre: nil, post: 0, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1.0.post0", baseVersion: "1.0"),
        VersionCase(
            "1.0-post-1", "1.0.post1", epoch: 0, release: [1, 0], pre: nil, post: 1, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1.0.post1", baseVersion: "1.0"),
        VersionCase(
            "1.0.dev-", "1.0.dev0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: 0, local: nil,
            isPrerelease: true, publicVersion: "1.0.dev0", baseVersion: "1.0"),
        VersionCase(
            "1.0a-", "1.0a0", epoch: 0, release: [1, 0], pre: ("a", 0), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0a0", baseVersion: "1.0"),
        VersionCase(
            "1.0+ABC.01", "1.0+abc.1", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: nil, local: "abc.1",
            isPrerelease: false, publicVersion: "1.0", baseVersion: "1.0"),
        VersionCase(
            "1.0+abc-def_g", "1.0+abc.def.g", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: nil,
            local: "abc.def.g", isPrerelease: false, publicVersion: "1.0", baseVersion: "1.0"),
        VersionCase(
            "1.0A1", "1.0a1", epoch: 0, release: [1, 0], pre: ("a", 1), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0a1", baseVersion: "1.0"),
        VersionCase(
            "1.0-RC-1", "1.0rc1", epoch: 0, release: [1, 0], pre: ("rc", 1), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0rc1", baseVersion: "1.0"),
        VersionCase(
            "1.0.RC.1", "1.0rc1", epoch: 0, release: [1, 0], pre: ("rc", 1), post: nil, dev: nil, local: nil,
            isPrerelease: true, publicVersion: "1.0rc1", baseVersion: "1.0"),
        VersionCase(
            "1.0rc1.post1.dev2+X", "1.0rc1.post1.dev2+x", epoch: 0, release: [1, 0], pre: ("rc", 1), post: 1, dev: 2,
            local: "x", isPrerelease: true, publicVersion: "1.0rc1.post1.dev2", baseVersion: "1.0"),
        VersionCase(
            "0!1.0", "1.0", epoch: 0, release: [1, 0], pre: nil, post: nil, dev: nil, local: nil, isPrerelease: false,
            publicVersion: "1.0", baseVersion: "1.0"),
        VersionCase(
            "01!1.0", "1!1.0", epoch: 1, release: [1, 0], pre: nil, post: nil, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1!1.0", baseVersion: "1!1.0"),
        VersionCase(
            "1.0.0.0.0", "1.0.0.0.0", epoch: 0, release: [1, 0, 0, 0, 0], pre: nil, post: nil, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "1.0.0.0.0", baseVersion: "1.0.0.0.0"),
        VersionCase(
            "2.3.2", "2.3.2", epoch: 0, release: [2, 3, 2], pre: nil, post: nil, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "2.3.2", baseVersion: "2.3.2"),
        VersionCase(
            "311", "311", epoch: 0, release: [311], pre: nil, post: nil, dev: nil, local: nil, isPrerelease: false,
            publicVersion: "311", baseVersion: "311"),
        VersionCase(
            "3.11.7", "3.11.7", epoch: 0, release: [3, 11, 7], pre: nil, post: nil, dev: nil, local: nil,
            isPrerelease: false, publicVersion: "3.11.7", baseVersion: "3.11.7"),
        VersionCase(
            "1.0.post0.dev0", "1.0.post0.dev0", epoch: 0, release: [1, 0], pre: nil, post: 0, dev: 0, local: nil,
            isPrerelease: true, publicVersion: "1.0.post0.dev0", baseVersion: "1.0"),
        VersionCase(
            "1.0b2.post345.dev456", "1.0b2.post345.dev456", epoch: 0, release: [1, 0], pre: ("b", 2), post: 345,
            dev: 456, local: nil, isPrerelease: true, publicVersion: "1.0b2.post345.dev456", baseVersion: "1.0"),
    ]

    @Test("parsing and normalisation match packaging", arguments: cases)
    func normalisation(_ c: VersionCase) throws {
        let version = try Version(c.input)
        #expect(version.description == c.normalized)
        #expect(version.epoch == c.epoch)
        #expect(version.release == c.release)
        #expect(version.pre?.label == c.pre?.0)
        #expect(version.pre?.number == c.pre?.1)
        #expect(version.post == c.post)
        #expect(version.dev == c.dev)
        #expect(version.local == c.local)
        #expect(version.isPrerelease == c.isPrerelease)
        #expect(version.publicDescription == c.publicVersion)
        #expect(version.baseVersion.description == c.baseVersion)
        // The normalised form parses back to an equal version with the same spelling.
        let again = try Version(c.normalized)
        #expect(again == version)
        #expect(again.description == c.normalized)
    }

    /// Strictly increasing under PEP 440 (checked with packaging when generating).
    static let ordered: [String] = [
        "1.0.dev0",
        "1.0.dev1",
        "1.0a1.dev1",
        "1.0a1",
        "1.0a1.post1.dev1",
        "1.0a1.post1",
        "1.0a2",
        "1.0b1",
        "1.0rc1",
        "1.0",
        "1.0+abc",
        "1.0+abc.1",
        "1.0+1",
        "1.0+2",
        "1.0+10",
        "1.0.post1.dev1",
        "1.0.post1",
        "1.0.post2",
        "1.0.1",
        "1.1.dev0",
        "1.1",
        "2.0",
        "2.0.0.1",
        "10.0",
        "1!0.1",
        "1!1.0",
        "2!0.0.1",
    ]

    @Test func pep440Ordering() throws {
        var versions: [Version] = []
        for text in Self.ordered { versions.append(try Version(text)) }
        for (index, lower) in versions.enumerated() {
            for higher in versions[(index + 1)...] {
                #expect(lower < higher, "\(lower) < \(higher)")
                #expect(higher > lower)
                #expect(lower != higher)
            }
        }
        #expect(versions.shuffled().sorted() == versions)
    }

    static let equalPairs: [(String, String)] = [
        ("1.0", "1.0.0"),
        ("1", "1.0.0.0"),
        ("1.0.0-RC1", "1.0rc1"),
        ("v1.0", "1.0"),
        ("1.0-1", "1.0.post1"),
        ("0!1.0", "1.0"),
        ("1.0+ABC", "1.0+abc"),
        ("1.0+01", "1.0+1"),
        ("1.0alpha", "1.0a0"),
        ("1.0+a-b", "1.0+a.b"),
    ]

    @Test("equal versions compare and hash equal", arguments: equalPairs)
    func equality(lhs: String, rhs: String) throws {
        let left = try Version(lhs)
        let right = try Version(rhs)
        #expect(left == right)
        #expect(left.hashValue == right.hashValue)
        #expect(Set([left, right]).count == 1)
    }

    /// (input, canonicalize_version(input), canonicalize_version(input, strip_trailing_zero=False))
    static let canonicalForms: [(String, String, String)] = [
        ("1.0.0", "1", "1.0.0"),
        ("0.0", "0", "0.0"),
        ("1.0a1", "1a1", "1.0a1"),
        ("1.0.0+abc", "1+abc", "1.0.0+abc"),
        ("1!0.0.0", "1!0", "1!0.0.0"),
        ("foo", "foo", "foo"),
        ("1.2.0.0", "1.2", "1.2.0.0"),
        ("2.8.0+cpu", "2.8+cpu", "2.8.0+cpu"),
        ("1.0.0.post0", "1.post0", "1.0.0.post0"),
    ]

    @Test("canonicalizeVersion matches packaging", arguments: canonicalForms)
    func canonicalForm(input: String, stripped: String, unstripped: String) {
        #expect(canonicalizeVersion(input) == stripped)
        #expect(canonicalizeVersion(input, stripTrailingZero: false) == unstripped)
    }

    @Test func flagsAndComponents() throws {
        let version = try Version("1.2.3.post4.dev5+local")
        #expect(version.isPostrelease)
        #expect(version.isDevrelease)
        #expect(version.isPrerelease)
        #expect((version.major, version.minor, version.micro) == (1, 2, 3))
        #expect(try Version("7").minor == 0)
        #expect(try !Version("1.0.post1").isPrerelease)
    }
}
