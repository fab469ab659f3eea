// PEP 440 ordering for `Version`: epoch, then release (ignoring trailing zeros), then
// dev-only < a < b < rc < final, without-post < post, dev < non-dev, and finally the
// local label (absent < present; text segments < numeric segments; shorter < longer).

extension Version: Comparable, Hashable {
    /// The release with trailing zeros removed, so that `1.0 == 1`.
    var trimmedRelease: ArraySlice<Int> {
        var end = release.count
        while end > 0, release[end - 1] == 0 { end -= 1 }
        return release[..<end]
    }

    /// `(pre_rank, pre_n, post_rank, post_n, dev_rank, dev_n)` as PEP 440 orders them.
    var suffixKey: [Int] {
        let preRank: Int
        let preNumber: Int
        if let pre {
            preRank = ["a": 0, "b": 1, "rc": 2][pre.label] ?? 2
            preNumber = pre.number
        } else if post == nil, dev != nil {
            preRank = -1
            preNumber = 0
        } else {
            preRank = 3
            preNumber = 0
        }
        return [
            preRank, preNumber,
            post == nil ? 0 : 1, post ?? 0,
            dev == nil ? 1 : 0, dev ?? 0,
        ]
    }

    /// PEP 440 equality: `1.0 == 1.0.0`, `1.0+ABC == 1.0+abc`.
    public static func == (lhs: Version, rhs: Version) -> Bool {
        compare(lhs, rhs) == 0
    }

    /// PEP 440 ordering.
    public static func < (lhs: Version, rhs: Version) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Hashes the comparison key, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Array(trimmedRelease))
        hasher.combine(suffixKey)
        hasher.combine(localSegments)
    }

    /// Three-way comparison: negative, zero or positive.
    static func compare(_ lhs: Version, _ rhs: Version) -> Int {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? -1 : 1 }
        let release = compareSequences(lhs.trimmedRelease, rhs.trimmedRelease) { $0 < $1 ? -1 : ($0 == $1 ? 0 : 1) }
        if release != 0 { return release }
        let suffix = compareSequences(lhs.suffixKey, rhs.suffixKey) { $0 < $1 ? -1 : ($0 == $1 ? 0 : 1) }
        if suffix != 0 { return suffix }
        switch (lhs.localSegments, rhs.localSegments) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (left?, right?): return compareSequences(left, right, by: compareLocal)
        }
    }

    /// Text segments sort before numeric ones; numbers compare numerically, text by code point.
    static func compareLocal(_ lhs: LocalSegment, _ rhs: LocalSegment) -> Int {
        switch (lhs, rhs) {
        case let (.numeric(left), .numeric(right)):
            if left.count != right.count { return left.count < right.count ? -1 : 1 }
            return left == right ? 0 : (pythonLess(left, right) ? -1 : 1)
        case (.text, .numeric): return -1
        case (.numeric, .text): return 1
        case let (.text(left), .text(right)):
            return pythonEqual(left, right) ? 0 : (pythonLess(left, right) ? -1 : 1)
        }
    }
}

/// Lexicographic three-way comparison of two sequences; a proper prefix sorts first.
func compareSequences<C1: Collection, C2: Collection>(
    _ lhs: C1, _ rhs: C2, by compare: (C1.Element, C1.Element) -> Int
) -> Int where C1.Element == C2.Element {
    var left = lhs.makeIterator()
    var right = rhs.makeIterator()
    while true {
        switch (left.next(), right.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (a?, b?):
            let result = compare(a, b)
            if result != 0 { return result }
        }
    }
}
