/// A wheel platform tag, parsed for availability checks.
///
/// Legacy manylinux aliases map to their PEP 600 glibc versions: `manylinux1` is glibc 2.5,
/// `manylinux2010` is 2.12 and `manylinux2014` is 2.17. Use ``isLegacyManylinux(_:)`` to tell
/// an alias from the PEP 600 spelling of the same version.
public enum PlatformTag: Hashable, Sendable, CustomStringConvertible {
    /// `any`: pure-Python wheels.
    case any
    /// `manylinux_{major}_{minor}_{arch}` (or a legacy alias), glibc `major.minor`.
    case manylinux(major: Int, minor: Int, arch: String)
    /// `musllinux_{major}_{minor}_{arch}`, musl `major.minor`.
    case musllinux(major: Int, minor: Int, arch: String)
    /// `macosx_{major}_{minor}_{arch}`; `arch` may be a multi-arch name such as `universal2`.
    case macos(major: Int, minor: Int, arch: String)
    /// Anything else, e.g. `linux_x86_64`, `win_amd64`, `win_arm64`.
    case other(String)

    /// The glibc versions the legacy manylinux names stand for.
    static let legacyManylinux: [(prefix: String, major: Int, minor: Int)] = [
        ("manylinux1_", 2, 5), ("manylinux2010_", 2, 12), ("manylinux2014_", 2, 17),
    ]

    /// Parses a single platform tag (not a compressed `a.b` set). Never fails: tags that
    /// are not recognised become ``other(_:)``.
    public init(_ tag: String) {
        if tag == "any" {
            self = .any
            return
        }
        for legacy in PlatformTag.legacyManylinux where tag.hasPrefix(legacy.prefix) {
            let arch = String(tag.dropFirst(legacy.prefix.count))
            self = arch.isEmpty ? .other(tag) : .manylinux(major: legacy.major, minor: legacy.minor, arch: arch)
            return
        }
        for (prefix, build) in [
            ("manylinux_", PlatformTag.manylinux), ("musllinux_", PlatformTag.musllinux),
            ("macosx_", PlatformTag.macos),
        ] where tag.hasPrefix(prefix) {
            if let (major, minor, arch) = PlatformTag.versionAndArch(tag.dropFirst(prefix.count)) {
                self = build(major, minor, arch)
                return
            }
        }
        self = .other(tag)
    }

    /// Splits `"2_28_x86_64"` into `(2, 28, "x86_64")`.
    private static func versionAndArch(_ text: Substring) -> (Int, Int, String)? {
        let pieces = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, !pieces[2].isEmpty,
            pieces[0].unicodeScalars.allSatisfy(\.isASCIIDigit), pieces[1].unicodeScalars.allSatisfy(\.isASCIIDigit),
            let major = Int(pieces[0]), let minor = Int(pieces[1])
        else { return nil }
        return (major, minor, String(pieces[2]))
    }

    /// Whether `tag` uses one of the legacy manylinux names (`manylinux1_*`,
    /// `manylinux2010_*`, `manylinux2014_*`) rather than the PEP 600 form.
    public static func isLegacyManylinux(_ tag: String) -> Bool {
        if case .manylinux = PlatformTag(tag) {
            return legacyManylinux.contains { tag.hasPrefix($0.prefix) }
        }
        return false
    }

    /// The architecture part, if the tag has a recognised shape.
    public var arch: String? {
        switch self {
        case .manylinux(_, _, let arch), .musllinux(_, _, let arch), .macos(_, _, let arch): arch
        case .any, .other: nil
        }
    }

    /// The tag in its canonical spelling; legacy manylinux aliases print in PEP 600 form
    /// (`manylinux2014_aarch64` prints as `manylinux_2_17_aarch64`).
    public var description: String {
        switch self {
        case .any: "any"
        case let .manylinux(major, minor, arch): "manylinux_\(major)_\(minor)_\(arch)"
        case let .musllinux(major, minor, arch): "musllinux_\(major)_\(minor)_\(arch)"
        case let .macos(major, minor, arch): "macosx_\(major)_\(minor)_\(arch)"
        case let .other(tag): tag
        }
    }
}
