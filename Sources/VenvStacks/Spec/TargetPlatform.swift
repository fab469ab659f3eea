import PythonPackaging

/// A platform a layer can be built for.
public enum TargetPlatform: String, CaseIterable, Sendable, Comparable, Codable {
    case winAMD64 = "win_amd64"
    case winARM64 = "win_arm64"
    case linuxX86_64 = "linux_x86_64"
    case linuxAArch64 = "linux_aarch64"
    case macosARM64 = "macosx_arm64"
    case macosX86_64 = "macosx_x86_64"

    /// The order a runtime without explicit `platforms` gets (docs/behaviour.md#platform-narrowing).
    public static let defaultOrder: [TargetPlatform] = [
        .linuxX86_64, .linuxAArch64, .macosARM64, .macosX86_64, .winAMD64, .winARM64,
    ]

    /// All platform names, sorted (used in error messages).
    public static var sortedNames: [String] { allCases.map(\.rawValue).sorted() }

    public static func < (lhs: TargetPlatform, rhs: TargetPlatform) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var isLinux: Bool { self == .linuxX86_64 || self == .linuxAArch64 }
    public var isMacOS: Bool { self == .macosARM64 || self == .macosX86_64 }
    public var isWindows: Bool { self == .winAMD64 || self == .winARM64 }

    /// The marker environment of this platform for a runtime (docs/behaviour.md#marker-environments).
    public func markerEnvironment(for implementation: PythonImplementation) -> MarkerEnvironment {
        let (osName, sysPlatform, system, machine): (String, String, String, String) =
            switch self {
            case .linuxX86_64: ("posix", "linux", "Linux", "x86_64")
            case .linuxAArch64: ("posix", "linux", "Linux", "aarch64")
            case .macosARM64: ("posix", "darwin", "Darwin", "arm64")
            case .macosX86_64: ("posix", "darwin", "Darwin", "x86_64")
            case .winAMD64: ("nt", "win32", "Windows", "AMD64")
            case .winARM64: ("nt", "win32", "Windows", "arm64")
            }
        return MarkerEnvironment([
            "os_name": osName,
            "sys_platform": sysPlatform,
            "platform_system": system,
            "platform_machine": machine,
            "implementation_name": implementation.kind.rawValue,
            "platform_python_implementation": implementation.kind.displayName,
            "python_version": implementation.majorMinor,
            "python_full_version": implementation.version,
        ])
    }

    /// The `--python-platform` name uv uses when installing for this platform (docs/behaviour.md#uv-platform-names).
    public func uvPythonPlatform(linuxTarget: LinuxTarget) -> String {
        let glibc = "manylinux_\(linuxTarget.glibcMajor)_\(linuxTarget.glibcMinor)"
        return switch self {
        case .linuxX86_64: "x86_64-\(glibc)"
        case .linuxAArch64: "aarch64-\(glibc)"
        case .macosARM64: "aarch64-apple-darwin"
        case .macosX86_64: "x86_64-apple-darwin"
        case .winAMD64: "x86_64-pc-windows-msvc"
        case .winARM64: "aarch64-pc-windows-msvc"
        }
    }

    /// The platform of the machine running the tool, if it is one of the six.
    public static var host: TargetPlatform? {
        #if os(Linux) && arch(x86_64)
            return .linuxX86_64
        #elseif os(Linux) && arch(arm64)
            return .linuxAArch64
        #elseif os(macOS) && arch(arm64)
            return .macosARM64
        #elseif os(macOS) && arch(x86_64)
            return .macosX86_64
        #elseif os(Windows) && arch(x86_64)
            return .winAMD64
        #elseif os(Windows) && arch(arm64)
            return .winARM64
        #else
            return nil
        #endif
    }
}

/// A runtime request such as `cpython@3.11.7`.
public struct PythonImplementation: Sendable, Hashable, CustomStringConvertible {
    /// Supported implementations.
    public enum Kind: String, Sendable, CaseIterable {
        case cpython, pypy
        /// `platform_python_implementation` spelling.
        public var displayName: String { self == .cpython ? "CPython" : "PyPy" }
    }

    public let kind: Kind
    /// The full version text after `@`, e.g. `3.11.7` or `3.14.0b1`.
    public let version: String
    /// The request exactly as written.
    public let request: String

    public var description: String { request }

    /// `X.Y` of the version.
    public var majorMinor: String {
        version.split(separator: ".").prefix(2).joined(separator: ".")
    }

    /// Parses `impl@X.Y.Z`; the error text explains the expected form.
    public init(parsing text: String) throws(SpecFieldError) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw SpecFieldError(
                "must have the form 'IMPLEMENTATION@X.Y.Z' (for example 'cpython@3.11.7'), not \(MessageExcerpt.quote(text))"
            )
        }
        guard let kind = Kind(rawValue: String(parts[0])) else {
            let known = Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw SpecFieldError(
                "names the unknown Python implementation \(MessageExcerpt.quote(String(parts[0]))) (supported: \(known))"
            )
        }
        let version = String(parts[1])
        guard let parsed = try? Version(version), parsed.release.count == 3 else {
            throw SpecFieldError(
                "must give a full 'X.Y.Z' Python version after '@' (for example '\(kind.rawValue)@3.11.7'), not \(MessageExcerpt.quote(String(version)))"
            )
        }
        self.kind = kind
        self.version = version
        self.request = text
    }
}
