import PythonPackaging

/// Whether a layer's wheels cover its target platforms (docs/formats.md#wheel-availability).
public struct WheelAvailability: Sendable {
    public let linuxTarget: LinuxTarget
    public let macosxTarget: MacOSTarget

    public init(linuxTarget: LinuxTarget, macosxTarget: MacOSTarget) {
        self.linuxTarget = linuxTarget
        self.macosxTarget = macosxTarget
    }

    /// True when a wheel called `fileName` installs on `platform`.
    ///
    /// `any` fits everywhere and the platform's own tag (`linux_x86_64`, `win_amd64`, ...)
    /// is accepted as is. Linux also takes `manylinux_M_m_<arch>` (and `manylinux2014`,
    /// which is 2_17) up to the layer's glibc; macOS takes `macosx_M_m_<arch>` and
    /// `universal2` up to the layer's macOS target. Other tags (musllinux, old manylinux1
    /// and manylinux2010 names) do not count.
    public func fits(_ fileName: String, on platform: TargetPlatform) -> Bool {
        guard let wheel = try? WheelFilename(fileName) else { return false }
        return wheel.platformTags.contains { fits(tag: $0, on: platform) }
    }

    func fits(tag: String, on platform: TargetPlatform) -> Bool {
        if tag == "any" || tag == platform.rawValue { return true }
        let parsed = PlatformTag(tag)
        switch (platform, parsed) {
        case (.linuxX86_64, .manylinux(let major, let minor, let arch)),
            (.linuxAArch64, .manylinux(let major, let minor, let arch)):
            guard arch == (platform == .linuxX86_64 ? "x86_64" : "aarch64") else { return false }
            if PlatformTag.isLegacyManylinux(tag) && !tag.hasPrefix("manylinux2014_") { return false }
            return (major, minor) <= (linuxTarget.glibcMajor, linuxTarget.glibcMinor)
        case (.macosARM64, .macos(let major, let minor, let arch)),
            (.macosX86_64, .macos(let major, let minor, let arch)):
            guard arch == "universal2" || arch == (platform == .macosARM64 ? "arm64" : "x86_64") else { return false }
            return (major, minor) <= (macosxTarget.major, macosxTarget.minor)
        default:
            return false
        }
    }
}
