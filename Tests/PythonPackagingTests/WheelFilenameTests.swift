// Expected values in this file were generated with Python packaging 25.0 (what venvstacks 0.8
// hashes lock inputs with); they agree with packaging 26.2 except where a row says so
// (packaging.version / specifiers / requirements / markers / utils) and hard-coded here.

import PythonPackaging
import Testing

struct WheelCase: Sendable, CustomStringConvertible {
    let filename: String
    let name: String
    let canonicalName: String
    let version: String
    let normalizedVersion: String
    let buildTag: String?
    let buildNumber: Int?
    let python: [String]
    let abi: [String]
    let platform: [String]

    init(
        _ filename: String, name: String, canonicalName: String, version: String, normalizedVersion: String,
        buildTag: String?, buildNumber: Int?, python: [String], abi: [String], platform: [String]
    ) {
        self.filename = filename
        self.name = name
        self.canonicalName = canonicalName
        self.version = version
        self.normalizedVersion = normalizedVersion
        self.buildTag = buildTag
        self.buildNumber = buildNumber
        self.python = python
        self.abi = abi
        self.platform = platform
    }

    var description: String { filename }
}

@Suite("Wheel file names")
struct WheelFilenameTests {
    /// canonicalName, normalizedVersion, buildNumber and the (sorted) tag sets come from
    /// packaging.utils.parse_wheel_filename; name/version/buildTag are the raw file-name parts.
    static let cases: [WheelCase] = [
        WheelCase(
            "numpy-2.3.2-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
            name: "numpy", canonicalName: "numpy", version: "2.3.2", normalizedVersion: "2.3.2",
            buildTag: nil, buildNumber: nil,
            python: ["cp311"], abi: ["cp311"], platform: ["manylinux_2_27_x86_64", "manylinux_2_28_x86_64"]
        ),
        WheelCase(
            "scipy-1.16.1-cp311-cp311-macosx_14_0_arm64.whl",
            name: "scipy", canonicalName: "scipy", version: "1.16.1", normalizedVersion: "1.16.1",
            buildTag: nil, buildNumber: nil,
            python: ["cp311"], abi: ["cp311"], platform: ["macosx_14_0_arm64"]
        ),
        WheelCase(
            "pywin32-311-cp311-cp311-win_amd64.whl",
            name: "pywin32", canonicalName: "pywin32", version: "311", normalizedVersion: "311",
            buildTag: nil, buildNumber: nil,
            python: ["cp311"], abi: ["cp311"], platform: ["win_amd64"]
        ),
        WheelCase(
            "six-1.17.0-py2.py3-none-any.whl",
            name: "six", canonicalName: "six", version: "1.17.0", normalizedVersion: "1.17.0",
            buildTag: nil, buildNumber: nil,
            python: ["py2", "py3"], abi: ["none"], platform: ["any"]
        ),
        WheelCase(
            "foo-1.0-1-py3-none-any.whl",
            name: "foo", canonicalName: "foo", version: "1.0", normalizedVersion: "1.0",
            buildTag: "1", buildNumber: 1,
            python: ["py3"], abi: ["none"], platform: ["any"]
        ),
        WheelCase(
            "foo-1.0-1abc-py3-none-any.whl",
            name: "foo", canonicalName: "foo", version: "1.0", normalizedVersion: "1.0",
            buildTag: "1abc", buildNumber: 1,
            python: ["py3"], abi: ["none"], platform: ["any"]
        ),
        WheelCase(
            "Foo_Bar-1.0-py3-none-any.whl",
            name: "Foo_Bar", canonicalName: "foo-bar", version: "1.0", normalizedVersion: "1.0",
            buildTag: nil, buildNumber: nil,
            python: ["py3"], abi: ["none"], platform: ["any"]
        ),
        WheelCase(
            "foo.bar-1.0-py3-none-any.whl",
            name: "foo.bar", canonicalName: "foo-bar", version: "1.0", normalizedVersion: "1.0",
            buildTag: nil, buildNumber: nil,
            python: ["py3"], abi: ["none"], platform: ["any"]
        ),
        WheelCase(
            "foo-1.0-PY3-None-ANY.whl",
            name: "foo", canonicalName: "foo", version: "1.0", normalizedVersion: "1.0",
            buildTag: nil, buildNumber: nil,
            python: ["py3"], abi: ["none"], platform: ["any"]
        ),
        WheelCase(
            "torch-2.8.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl",
            name: "torch", canonicalName: "torch", version: "2.8.0+cpu", normalizedVersion: "2.8.0+cpu",
            buildTag: nil, buildNumber: nil,
            python: ["cp311"], abi: ["cp311"], platform: ["manylinux_2_28_x86_64"]
        ),
        WheelCase(
            "numpy-2.3.2-cp311-cp311-macosx_10_9_universal2.whl",
            name: "numpy", canonicalName: "numpy", version: "2.3.2", normalizedVersion: "2.3.2",
            buildTag: nil, buildNumber: nil,
            python: ["cp311"], abi: ["cp311"], platform: ["macosx_10_9_universal2"]
        ),
        WheelCase(
            "cffi-1.17.1-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
            name: "cffi", canonicalName: "cffi", version: "1.17.1", normalizedVersion: "1.17.1",
            buildTag: nil, buildNumber: nil,
            python: ["cp311"], abi: ["cp311"], platform: ["manylinux2014_aarch64", "manylinux_2_17_aarch64"]
        ),
        WheelCase(
            "numpy-2.3.2-cp311-cp311-win_arm64.whl",
            name: "numpy", canonicalName: "numpy", version: "2.3.2", normalizedVersion: "2.3.2",
            buildTag: nil, buildNumber: nil,
            python: ["cp311"], abi: ["cp311"], platform: ["win_arm64"]
        ),
        WheelCase(
            "pkg-1.0-cp311-abi3-musllinux_1_2_x86_64.whl",
            name: "pkg", canonicalName: "pkg", version: "1.0", normalizedVersion: "1.0",
            buildTag: nil, buildNumber: nil,
            python: ["cp311"], abi: ["abi3"], platform: ["musllinux_1_2_x86_64"]
        ),
    ]

    @Test("wheel names parse like parse_wheel_filename", arguments: cases)
    func wheel(_ c: WheelCase) throws {
        let wheel = try WheelFilename(c.filename)
        #expect(wheel.name == c.name)
        #expect(wheel.canonicalName == c.canonicalName)
        #expect(wheel.version == c.version)
        #expect(wheel.parsedVersion.description == c.normalizedVersion)
        #expect(wheel.buildTag == c.buildTag)
        #expect(wheel.buildNumber == c.buildNumber)
        #expect(wheel.pythonTags.sorted() == c.python)
        #expect(wheel.abiTags.sorted() == c.abi)
        #expect(wheel.platformTags.sorted() == c.platform)
        #expect(wheel.tags.count == c.python.count * c.abi.count * c.platform.count)
    }

    @Test func compressedTagSetsKeepTheirOrder() throws {
        let wheel = try WheelFilename("numpy-2.3.2-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl")
        #expect(wheel.platformTags == ["manylinux_2_27_x86_64", "manylinux_2_28_x86_64"])
        #expect(wheel.tags == ["cp311-cp311-manylinux_2_27_x86_64", "cp311-cp311-manylinux_2_28_x86_64"])
        #expect(
            wheel.platforms == [
                .manylinux(major: 2, minor: 27, arch: "x86_64"), .manylinux(major: 2, minor: 28, arch: "x86_64"),
            ])
        let six = try WheelFilename("six-1.17.0-py2.py3-none-any.whl")
        #expect(six.pythonTags == ["py2", "py3"])
        #expect(six.buildTag == nil)
        #expect(six.platforms == [.any])
    }

    /// Rejected by packaging.utils.parse_wheel_filename.
    static let invalid: [String] = [
        "foo-1.0-abc-py3-none-any.whl",
        "foo-1.0-py3-none-any",
        "foo-1.0-py3-none.whl",
        "foo-1.0-x-y-py3-none-any.whl",
        "foo__bar-1.0-py3-none-any.whl",
        "foo-bad!-py3-none-any.whl",
        "foo-1.0-py3-none-any.WHL",
        "foo+bar-1.0-py3-none-any.whl",
        "foo-1.0--py3-none-any.whl",
        "foo-1.0.0-abc-py3-none-any.whl",
    ]

    @Test("invalid wheel names throw", arguments: invalid)
    func invalidWheel(_ filename: String) {
        #expect(throws: PackagingError.self) { try WheelFilename(filename) }
    }

    /// Accepted by packaging but rejected here: an empty name or an empty tag.
    @Test(arguments: ["-1.0-py3-none-any.whl", "foo-1.0-py3-none-.whl", "foo-1.0-py3..py2-none-any.whl"])
    func strictlyInvalidWheel(_ filename: String) {
        #expect(throws: PackagingError.self) { try WheelFilename(filename) }
    }
}

@Suite("Platform tags")
struct PlatformTagTests {
    static let cases: [(String, PlatformTag, Bool)] = [
        ("any", .any, false),
        ("manylinux_2_28_x86_64", .manylinux(major: 2, minor: 28, arch: "x86_64"), false),
        ("manylinux_2_17_aarch64", .manylinux(major: 2, minor: 17, arch: "aarch64"), false),
        ("manylinux2014_aarch64", .manylinux(major: 2, minor: 17, arch: "aarch64"), true),
        ("manylinux2014_x86_64", .manylinux(major: 2, minor: 17, arch: "x86_64"), true),
        ("manylinux2010_x86_64", .manylinux(major: 2, minor: 12, arch: "x86_64"), true),
        ("manylinux1_x86_64", .manylinux(major: 2, minor: 5, arch: "x86_64"), true),
        ("manylinux1_i686", .manylinux(major: 2, minor: 5, arch: "i686"), true),
        ("musllinux_1_2_aarch64", .musllinux(major: 1, minor: 2, arch: "aarch64"), false),
        ("macosx_10_9_universal2", .macos(major: 10, minor: 9, arch: "universal2"), false),
        ("macosx_11_0_arm64", .macos(major: 11, minor: 0, arch: "arm64"), false),
        ("macosx_14_0_arm64", .macos(major: 14, minor: 0, arch: "arm64"), false),
        ("macosx_10_13_x86_64", .macos(major: 10, minor: 13, arch: "x86_64"), false),
        ("linux_x86_64", .other("linux_x86_64"), false),
        ("win_amd64", .other("win_amd64"), false),
        ("win_arm64", .other("win_arm64"), false),
        ("win32", .other("win32"), false),
        ("manylinux_2_x86_64", .other("manylinux_2_x86_64"), false),
        ("manylinux_2_28", .other("manylinux_2_28"), false),
        ("manylinux1_", .other("manylinux1_"), false),
        ("macosx_x_0_arm64", .other("macosx_x_0_arm64"), false),
        ("", .other(""), false),
    ]

    @Test("platform tags parse", arguments: cases)
    func platform(tag: String, expected: PlatformTag, legacy: Bool) {
        #expect(PlatformTag(tag) == expected)
        #expect(PlatformTag.isLegacyManylinux(tag) == legacy)
    }

    @Test func canonicalSpelling() {
        #expect(PlatformTag("manylinux2014_aarch64").description == "manylinux_2_17_aarch64")
        #expect(PlatformTag("macosx_10_9_universal2").description == "macosx_10_9_universal2")
        #expect(PlatformTag("win_amd64").description == "win_amd64")
        #expect(PlatformTag("macosx_10_9_universal2").arch == "universal2")
        #expect(PlatformTag("any").arch == nil)
    }
}
