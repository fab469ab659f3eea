/// A PEP 440 version, parsed and normalised as `packaging.version.Version` does.
///
/// Versions compare by PEP 440 rules (`1.0 == 1.0.0`, `1.0.dev0 < 1.0a1 < 1.0rc1 < 1.0 < 1.0.post1`),
/// and ``description`` is the normalised spelling (`"1.0.0-RC1"` prints as `"1.0.0rc1"`).
public struct Version: Sendable, CustomStringConvertible {
    /// A pre-release marker: `label` is one of `"a"`, `"b"` or `"rc"`.
    public struct PreRelease: Hashable, Sendable {
        /// Normalised label: `"a"`, `"b"` or `"rc"`.
        public let label: String
        /// The pre-release number (0 when the version did not spell one).
        public let number: Int
    }

    /// One local-version segment; numeric segments keep their digits (without leading zeros)
    /// so that arbitrarily long numbers compare correctly.
    enum LocalSegment: Hashable, Sendable {
        /// Digits with leading zeros removed.
        case numeric(String)
        /// Lower-cased letters and digits.
        case text(String)

        var text: String {
            switch self {
            case .numeric(let digits), .text(let digits): digits
            }
        }
    }

    /// The epoch (`N!`), 0 when absent.
    public let epoch: Int
    /// The release segment, e.g. `[1, 0, 0]` for `1.0.0` (trailing zeros kept).
    public let release: [Int]
    /// The pre-release part, if any.
    public let pre: PreRelease?
    /// The post-release number, if any.
    public let post: Int?
    /// The development-release number, if any.
    public let dev: Int?
    let localSegments: [LocalSegment]?

    /// Parses a version string, accepting every spelling PEP 440 normalises
    /// (leading `v`, `-`/`_`/`.` separators, `alpha`/`c`/`rev` aliases, surrounding whitespace).
    public init(_ text: String) throws(PackagingError) {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start].isPythonWhitespace { start += 1 }
        while end > start, scalars[end - 1].isPythonWhitespace { end -= 1 }
        let body = Array(scalars[start..<end])
        guard let scan = VersionGrammar.scan(body, from: 0), scan.end == body.count else {
            var stop = VersionGrammar.scan(body, from: 0)?.end ?? 0
            // Report a word the scanner stopped inside (the "a" of "-abc" reads as "alpha") whole.
            if stop > 0, stop < body.count, body[stop].isASCIILetter {
                while stop > 0, body[stop - 1].isASCIILetter { stop -= 1 }
                if stop > 0, body[stop - 1].isVersionSeparator { stop -= 1 }
            }
            let problem: String
            if body.isEmpty {
                problem = "the version is empty"
            } else if stop == 0 {
                problem = "expected a release number like '1.0' at the start"
            } else {
                problem = "unexpected \(quoteForMessage(makeString(body[stop...]))) after the version"
            }
            throw PackagingError(kind: "version", input: text, problem: problem, column: start + stop + 1)
        }
        try self.init(scan: scan, input: text)
    }

    /// Builds a version from scanned pieces, converting digit strings to numbers.
    init(scan: VersionScan, input: String) throws(PackagingError) {
        func number(_ digits: String?) throws(PackagingError) -> Int {
            guard let digits else { return 0 }
            guard let value = Int(digits) else {
                throw PackagingError(kind: "version", input: input, problem: "the number \(digits) is too large")
            }
            return value
        }
        epoch = try number(scan.epoch)
        var release: [Int] = []
        for part in scan.release { release.append(try number(part)) }
        self.release = release
        if let pre = scan.pre {
            let label: String
            switch pre.label.lowercased() {
            case "a", "alpha": label = "a"
            case "b", "beta": label = "b"
            default: label = "rc"
            }
            self.pre = PreRelease(label: label, number: try number(pre.number))
        } else {
            self.pre = nil
        }
        post = scan.post == nil ? nil : try number(scan.post?.number)
        dev = scan.dev == nil ? nil : try number(scan.dev?.number)
        localSegments = scan.local?.map { segment in
            if segment.unicodeScalars.allSatisfy(\.isASCIIDigit) {
                let trimmed = segment.drop { $0 == "0" }
                return .numeric(trimmed.isEmpty ? "0" : String(trimmed))
            }
            return .text(segment.lowercased())
        }
    }

    /// Memberwise initialiser used to derive related versions (public, base, ...).
    init(epoch: Int, release: [Int], pre: PreRelease?, post: Int?, dev: Int?, local: [LocalSegment]?) {
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.localSegments = local
    }

    /// The normalised local label (e.g. `"cpu"` or `"ubuntu.1"`), if any.
    public var local: String? {
        localSegments.map { $0.map(\.text).joined(separator: ".") }
    }

    /// The normalised version string, e.g. `"1!2.0.post1.dev3"` or `"2.8.0+cpu"`.
    public var description: String {
        var text = epoch != 0 ? "\(epoch)!" : ""
        text += release.map(String.init).joined(separator: ".")
        if let pre { text += "\(pre.label)\(pre.number)" }
        if let post { text += ".post\(post)" }
        if let dev { text += ".dev\(dev)" }
        if let local { text += "+\(local)" }
        return text
    }

    /// `true` for development releases and pre-releases.
    public var isPrerelease: Bool { dev != nil || pre != nil }
    /// `true` when the version has a post-release segment.
    public var isPostrelease: Bool { post != nil }
    /// `true` when the version has a development-release segment.
    public var isDevrelease: Bool { dev != nil }

    /// The version without its local label.
    public var publicVersion: Version {
        Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev, local: nil)
    }

    /// The normalised string without the local label, e.g. `"1.0rc1"` for `1.0rc1+abc`.
    public var publicDescription: String { publicVersion.description }

    /// Epoch and release only, e.g. `"1!2.0"` for `1!2.0rc1.post2`.
    public var baseVersion: Version {
        Version(epoch: epoch, release: release, pre: nil, post: nil, dev: nil, local: nil)
    }

    /// First release component (0 if missing).
    public var major: Int { release.first ?? 0 }
    /// Second release component (0 if missing).
    public var minor: Int { release.count > 1 ? release[1] : 0 }
    /// Third release component (0 if missing).
    public var micro: Int { release.count > 2 ? release[2] : 0 }
}

/// Returns the canonical form of a version string as `packaging.utils.canonicalize_version`
/// does: normalised, and with trailing zeros of the release removed unless
/// `stripTrailingZero` is false (`"1.0.0"` becomes `"1"`). Invalid versions come back unchanged.
public func canonicalizeVersion(_ text: String, stripTrailingZero: Bool = true) -> String {
    guard let version = try? Version(text) else { return text }
    return canonicalizeVersion(version, stripTrailingZero: stripTrailingZero)
}

/// Returns the canonical form of `version` (see the `String` overload).
public func canonicalizeVersion(_ version: Version, stripTrailingZero: Bool = true) -> String {
    guard stripTrailingZero else { return version.description }
    var release = version.release
    while release.count > 1, release.last == 0 { release.removeLast() }
    return Version(
        epoch: version.epoch, release: release, pre: version.pre, post: version.post,
        dev: version.dev, local: version.localSegments
    ).description
}
