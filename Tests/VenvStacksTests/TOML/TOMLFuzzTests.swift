import Testing

@testable import VenvStacks

/// A small deterministic random number generator (SplitMix64) for reproducible fuzzing.
struct TOMLFuzzRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Mutated valid documents must parse or throw a well-formed error, never crash or hang.
@Suite struct TOMLFuzzTests {
    static let seeds: [String] = [
        """
        # pylock-like
        lock-version = "1.0"
        created-by = "uv"
        [[packages]]
        name = "anyio"
        version = "4.10.0"
        wheels = [{ url = "https://example.com/a.whl", hashes = { sha256 = "60e4" }, upload-time = 2025-08-04T08:54:24Z }]
        [packages.tool]
        x.y = [1, 2.5, -3e2, 0x1F, inf]
        """,
        """
        [tool.uv]
        exclude-newer = "2025-08-27 00:00:00+00:00"
        [[runtimes]]
        name = "cpython-3.11"
        requirements = [
            "numpy",
            "dlltracer; sys_platform == 'win32'",  # comment
        ]
        [[frameworks]]
        name = 'scipy'
        versioned = true
        """,
        """
        s1 = \"\"\"
        multi \\
           line "" \\u00E9\"\"\"
        s2 = '''raw \\n'''
        d = { a.b = 07:32:00, c = [[1], ["x"]], e = {} }
        [a.b.c]
        [a]
        t = 1979-05-27 07:32:00.5-07:00
        """,
    ]

    /// Bytes that tend to matter to the grammar.
    static let interesting: [UInt8] =
        Array("[]{}\"'=.,\n\r#\\ \t0_-+:eExuU".utf8) + [0, 0x7F, 0xC3, 0xA9, 0xFF, 0xED, 0xF0]

    static func mutate(_ bytes: [UInt8], _ random: inout TOMLFuzzRandom) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = interesting.randomElement(using: &random)!
            case 1: bytes.insert(interesting.randomElement(using: &random)!, at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            case 3 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...12, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes.removeLast(min(bytes.count, Int.random(in: 0...3, using: &random)))
            }
        }
        return bytes
    }

    @Test(arguments: 0..<3)
    func mutationsParseOrThrow(_ seed: Int) {
        var random = TOMLFuzzRandom(state: UInt64(seed) &* 7919 &+ 1)
        let original = Array(Self.seeds[seed].utf8)
        #expect(tomlParseError(bytes: original) == nil)
        var accepted = 0
        var rejected = 0
        for _ in 0..<1500 {
            let bytes = Self.mutate(original, &random)
            do {
                _ = try TOMLDocument.parse(bytes: bytes)
                accepted += 1
            } catch {
                rejected += 1
                #expect(!error.message.isEmpty && error.message.count < 400)
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
        #expect(accepted + rejected == 1500)
        #expect(accepted > 0 && rejected > 0)
    }

    @Test func randomGarbageParsesOrThrows() {
        var random = TOMLFuzzRandom(state: 42)
        for _ in 0..<1000 {
            let length = Int.random(in: 0..<64, using: &random)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &random)
                    ? Self.interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            if let error = tomlParseError(bytes: bytes) {
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
    }
}
