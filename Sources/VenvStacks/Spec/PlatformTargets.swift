/// The `linux_target` field: the oldest glibc the layer's wheels may need.
public struct LinuxTarget: Sendable, Hashable {
    /// The field text as written (it is part of `other_inputs_hash`).
    public let raw: String
    public let glibcMajor: Int
    public let glibcMinor: Int

    /// The default when the field is absent.
    public static let `default` = LinuxTarget(raw: "glibc@2.28", glibcMajor: 2, glibcMinor: 28)

    private init(raw: String, glibcMajor: Int, glibcMinor: Int) {
        self.raw = raw
        self.glibcMajor = glibcMajor
        self.glibcMinor = glibcMinor
    }

    /// Parses `glibc` or `glibc@X.Y`.
    public init(parsing text: String) throws(SpecFieldError) {
        let pieces = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let variant = String(pieces[0])
        guard variant == "glibc" else {
            throw SpecFieldError(
                "Linux libc variant must be one of ['glibc'], not \(MessageExcerpt.quote(variant)) (use 'glibc' or 'glibc@X.Y', e.g. 'glibc@2.28')"
            )
        }
        guard pieces.count == 2 else {
            self.init(raw: text, glibcMajor: 2, glibcMinor: 28)
            return
        }
        let version = String(pieces[1])
        let numbers = version.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 2, let major = Int(numbers[0]), let minor = Int(numbers[1]),
            numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else {
            throw SpecFieldError(
                "Linux libc version must be of the form 'X.Y', not \(MessageExcerpt.quote(version)) (e.g. 'glibc@2.28')"
            )
        }
        self.init(raw: text, glibcMajor: major, glibcMinor: minor)
    }
}

/// The `macosx_target` field: the oldest macOS version the layer supports.
public struct MacOSTarget: Sendable, Hashable {
    /// The field text as written (it is part of `other_inputs_hash`).
    public let raw: String
    public let major: Int
    public let minor: Int

    /// The value used when the field is absent: `$MACOSX_DEPLOYMENT_TARGET`, else `13.0`.
    public static func fallback(environment: [String: String]) -> String {
        if let value = environment["MACOSX_DEPLOYMENT_TARGET"], !value.isEmpty { return value }
        return "13.0"
    }

    /// Parses `X` or `X.Y` (further components are ignored).
    public init(parsing text: String) throws(SpecFieldError) {
        let parts = (text + ".0").split(separator: ".", omittingEmptySubsequences: false)
        guard let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            throw SpecFieldError(
                "macOS target must be a version such as '13.0' or '14', not \(MessageExcerpt.quote(text))")
        }
        self.raw = text
        self.major = major
        self.minor = minor
    }
}
