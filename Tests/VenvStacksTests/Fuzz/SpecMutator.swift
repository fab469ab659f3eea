import Foundation

/// A small deterministic generator (SplitMix64), so every fuzz run with a seed is repeatable.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutates valid stack specs into the inputs a careless editor, a bad tool or an attacker
/// might produce: flipped and inserted bytes (NUL, invalid UTF-8, control characters),
/// deleted and duplicated lines, unbalanced brackets, deep nesting, long dotted headers,
/// unsafe layer names, colliding names, dangling references and oversized values.
struct SpecMutator {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    static let tokens: [String] = [
        "[", "]", "{", "}", "[[", "]]", "\"", "'", "\"\"\"", "'''", "=", ".", ",", "#", "\n", "\r", "\t",
        "\\u0000", "\\uD800", "\\", "[{a]", "[[frameworks]]", "[[applications]]", "[[runtimes]]", "[tool.uv]",
        "name = \"..\"", "name = \"../../victim\"", "name = \".\"", "name = \"\"", "name = \"a/b\"",
        "name = \"app-x\"", "runtime = \"nope\"", "frameworks = [\"nope\"]", "launch_module = \"/\"",
        "launch_module = \"/proc\"", "launch_module = \"/dev/zero\"", "platforms = [\"linux_x86_64\"]",
        "versioned = true", "requirements = [\"numpy<>\"]", "1e400", "0x", "-0", "nan", "1979-05-27T07:32:00Z",
        "2024-13-45", "a.b.c = 1", "inf",
    ]

    /// One mutation of `base` (1 to 3 operations).
    mutating func mutate(_ base: [UInt8]) -> [UInt8] {
        var bytes = base
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            bytes = apply(Int.random(in: 0..<10, using: &generator), to: bytes)
        }
        return bytes
    }

    private mutating func position(in bytes: [UInt8]) -> Int {
        bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
    }

    private mutating func apply(_ operation: Int, to input: [UInt8]) -> [UInt8] {
        var bytes = input
        switch operation {
        case 0:  // flip a byte
            guard !bytes.isEmpty else { return bytes }
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
        case 1:  // insert raw bytes that are never valid in a spec
            let raw: [[UInt8]] = [[0], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x1B], [0x7F], [0xE2, 0x80]]
            bytes.insert(contentsOf: raw.randomElement(using: &generator)!, at: position(in: bytes))
        case 2:  // insert a token
            bytes.insert(contentsOf: Array(Self.tokens.randomElement(using: &generator)!.utf8), at: position(in: bytes))
        case 3:  // delete a range
            guard !bytes.isEmpty else { return bytes }
            let start = Int.random(in: 0..<bytes.count, using: &generator)
            let end = min(bytes.count, start + Int.random(in: 1...80, using: &generator))
            bytes.removeSubrange(start..<end)
        case 4, 5:  // duplicate, drop or swap lines
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            guard lines.count > 1 else { return bytes }
            let i = Int.random(in: 0..<lines.count, using: &generator)
            let j = Int.random(in: 0..<lines.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: lines.insert(lines[i], at: j)
            case 1: lines.remove(at: i)
            default: lines.swapAt(i, j)
            }
            bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        case 6:  // deep nesting
            let depth = [50, 101, 5_000].randomElement(using: &generator)!
            let open = Bool.random(using: &generator) ? "[" : "{a="
            bytes.insert(
                contentsOf: Array(("\nx = " + String(repeating: open, count: depth) + "\n").utf8),
                at: position(in: bytes))
        case 7:  // long dotted table header
            let parts = [10, 101, 20_000].randomElement(using: &generator)!
            bytes += Array(("\n[tool.uv" + String(repeating: ".k", count: parts) + "]\n").utf8)
        case 8:  // an oversized value
            let size = [1_000, 300_000].randomElement(using: &generator)!
            bytes += Array("\n[[frameworks]]\nname = \"\(String(repeating: "x", count: size))\"\n".utf8)
        default:  // replace a layer name with an awkward one
            let names = ["..", ".", "", "a/b", "a\\\\b", "app-x", "x\\u0007y", "framework-y", "名前", "@1"]
            guard let range = Self.firstNameValue(in: bytes) else { return bytes }
            bytes.replaceSubrange(range, with: Array(names.randomElement(using: &generator)!.utf8))
        }
        return bytes
    }

    /// The byte range of the first `name = "..."` value.
    static func firstNameValue(in bytes: [UInt8]) -> Range<Int>? {
        let needle = Array("name = \"".utf8)
        guard bytes.count > needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
            let valueStart = start + needle.count
            guard let end = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return valueStart..<end
        }
        return nil
    }
}
