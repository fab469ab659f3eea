/// The parts of a wheel file name, `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`.
///
/// Compressed tag sets (`py2.py3`, `manylinux_2_27_x86_64.manylinux_2_28_x86_64`) are split
/// on `.`. Validation follows `packaging.utils.parse_wheel_filename`, plus two checks it
/// lacks: the name and every tag must be non-empty.
public struct WheelFilename: Hashable, Sendable {
    /// The distribution name as it appears in the file name (see ``canonicalName``).
    public let name: String
    /// The version as it appears in the file name (see ``parsedVersion``).
    public let version: String
    /// The optional build tag as written; it always starts with a digit.
    public let buildTag: String?
    /// Python tags, lower-cased, e.g. `["py2", "py3"]`.
    public let pythonTags: [String]
    /// ABI tags, lower-cased, e.g. `["cp311"]` or `["none"]`.
    public let abiTags: [String]
    /// Platform tags, lower-cased, e.g. `["manylinux_2_27_x86_64", "manylinux_2_28_x86_64"]`.
    public let platformTags: [String]
    /// The parsed ``version``.
    public let parsedVersion: Version

    /// Parses a wheel file name (just the file name, not a path).
    public init(_ filename: String) throws(PackagingError) {
        func failure(_ problem: String) -> PackagingError {
            PackagingError(kind: "wheel filename", input: filename, problem: problem)
        }
        guard filename.hasSuffix(".whl") else { throw failure("the extension must be '.whl'") }
        let stem = String(filename.unicodeScalars.dropLast(4))
        let parts = stem.unicodeScalars.split(separator: "-", omittingEmptySubsequences: false).map(makeString)
        guard parts.count == 5 || parts.count == 6 else {
            throw failure("expected 5 or 6 '-'-separated parts before '.whl', found \(parts.count)")
        }
        let name = parts[0]
        guard !name.isEmpty else { throw failure("the project name is empty") }
        guard !name.contains("__"),
            name.unicodeScalars.allSatisfy({ $0.isPythonWordCharacter || $0 == "." })
        else {
            throw failure("\(quoteForMessage(name)) is not a valid escaped project name")
        }
        do {
            parsedVersion = try Version(parts[1])
        } catch {
            throw failure("\(quoteForMessage(parts[1])) is not a valid version")
        }
        if parts.count == 6 {
            guard parts[2].unicodeScalars.first?.isASCIIDigit == true else {
                throw failure("the build tag \(quoteForMessage(parts[2])) must start with a digit")
            }
            buildTag = parts[2]
        } else {
            buildTag = nil
        }
        func tags(_ text: String, _ what: String) throws(PackagingError) -> [String] {
            var result: [String] = []
            for tag in text.lowercased().unicodeScalars.split(separator: ".", omittingEmptySubsequences: false) {
                guard !tag.isEmpty else { throw failure("empty \(what) tag in \(quoteForMessage(text))") }
                let tag = makeString(tag)
                if !result.contains(tag) { result.append(tag) }
            }
            return result
        }
        self.name = name
        self.version = parts[1]
        pythonTags = try tags(parts[parts.count - 3], "python")
        abiTags = try tags(parts[parts.count - 2], "ABI")
        platformTags = try tags(parts[parts.count - 1], "platform")
    }

    /// The PEP 503 normalised distribution name, e.g. `foo-bar` for `Foo_Bar`.
    public var canonicalName: String { canonicalizeName(name) }

    /// The build tag's leading number, if there is a build tag.
    public var buildNumber: Int? {
        guard let buildTag else { return nil }
        return Int(String(buildTag.unicodeScalars.prefix(while: \.isASCIIDigit)))
    }

    /// Every `python-abi-platform` tag triple the file name stands for, e.g.
    /// `["py2-none-any", "py3-none-any"]`.
    public var tags: [String] {
        pythonTags.flatMap { python in
            abiTags.flatMap { abi in platformTags.map { "\(python)-\(abi)-\($0)" } }
        }
    }

    /// The parsed platform tags.
    public var platforms: [PlatformTag] { platformTags.map(PlatformTag.init) }
}
