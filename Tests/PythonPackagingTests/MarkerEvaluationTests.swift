// Expected values in this file were generated with Python packaging 25.0 (what venvstacks 0.8
// hashes lock inputs with); they agree with packaging 26.2 except where a row says so
// (packaging.version / specifiers / requirements / markers / utils) and hard-coded here.

import PythonPackaging
import Testing

@Suite("Marker evaluation")
struct MarkerEvaluationTests {
    /// The venvstacks target platforms; every environment also gets `common`.
    static let platforms: [(String, [String: String])] = [
        (
            "linux_x86_64",
            ["os_name": "posix", "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"]
        ),
        (
            "linux_aarch64",
            ["os_name": "posix", "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64"]
        ),
        (
            "macosx_arm64",
            ["os_name": "posix", "sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64"]
        ),
        (
            "macosx_x86_64",
            ["os_name": "posix", "sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "x86_64"]
        ),
        (
            "win_amd64",
            ["os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64"]
        ),
        (
            "win_arm64",
            ["os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "arm64"]
        ),
    ]
    static let common = [
        "implementation_name": "cpython", "platform_python_implementation": "CPython", "python_version": "3.11",
        "python_full_version": "3.11.7",
    ]

    static func environment(_ index: Int) -> MarkerEnvironment {
        MarkerEnvironment(platforms[index].1.merging(common) { first, _ in first })
    }

    /// (marker, Marker(marker).evaluate(env) for each platform above, in order).
    /// Where packaging raises (a variable the environment lacks, or `~=`/`===` on non-versions),
    /// the expected value is false.
    static let evaluations: [(String, [Bool])] = [
        ("sys_platform == 'win32'", [false, false, false, false, true, true]),
        ("sys_platform == 'linux'", [true, true, false, false, false, false]),
        ("sys_platform == 'darwin'", [false, false, true, true, false, false]),
        ("sys_platform != 'win32'", [true, true, true, true, false, false]),
        ("os_name == 'nt'", [false, false, false, false, true, true]),
        ("os_name == 'posix'", [true, true, true, true, false, false]),
        ("platform_system == 'Linux'", [true, true, false, false, false, false]),
        ("platform_machine == 'x86_64'", [true, false, false, true, false, false]),
        ("platform_machine == 'arm64'", [false, false, true, false, false, true]),
        ("platform_machine == 'AMD64'", [false, false, false, false, true, false]),
        ("platform_machine == 'aarch64'", [false, true, false, false, false, false]),
        ("sys_platform == 'darwin' and platform_machine == 'arm64'", [false, false, true, false, false, false]),
        (
            "(platform_machine == 'arm64' and sys_platform == 'darwin') and sys_platform == 'from_lower_layer'",
            [false, false, false, false, false, false]
        ),
        ("sys_platform == 'from_lower_layer'", [false, false, false, false, false, false]),
        ("platform_machine in 'x86_64 AMD64'", [true, false, false, true, true, false]),
        ("platform_machine not in 'x86_64 AMD64'", [false, true, true, false, false, true]),
        ("'arm' in platform_machine", [false, false, true, false, false, true]),
        ("'linux' == sys_platform", [true, true, false, false, false, false]),
        ("python_version < '3.12'", [true, true, true, true, true, true]),
        ("python_version >= '3.11'", [true, true, true, true, true, true]),
        ("python_version > '3.11'", [false, false, false, false, false, false]),
        ("python_version == '3.11'", [true, true, true, true, true, true]),
        ("python_version == '3.11.0'", [true, true, true, true, true, true]),
        ("python_version != '3.11'", [false, false, false, false, false, false]),
        ("python_version == '3.*'", [true, true, true, true, true, true]),
        ("python_version ~= '3.10'", [true, true, true, true, true, true]),
        ("python_version in '3.10 3.11'", [true, true, true, true, true, true]),
        ("python_version not in '3.10 3.12'", [true, true, true, true, true, true]),
        ("python_full_version >= '3.11.7'", [true, true, true, true, true, true]),
        ("python_full_version < '3.11.7'", [false, false, false, false, false, false]),
        ("python_full_version == '3.11.*'", [true, true, true, true, true, true]),
        ("'3.12' > python_version", [true, true, true, true, true, true]),
        ("'3.11' <= python_version", [true, true, true, true, true, true]),
        ("implementation_name == 'cpython'", [true, true, true, true, true, true]),
        ("platform_python_implementation == 'CPython'", [true, true, true, true, true, true]),
        ("python_implementation == 'PyPy'", [false, false, false, false, false, false]),
        ("platform.python_implementation == 'CPython'", [true, true, true, true, true, true]),
        ("os.name == 'nt'", [false, false, false, false, true, true]),
        ("sys.platform == 'linux'", [true, true, false, false, false, false]),
        ("platform.machine == 'x86_64'", [true, false, false, true, false, false]),
        ("sys_platform < 'win32'", [true, true, true, true, false, false]),
        ("sys_platform <= 'win32'", [true, true, true, true, true, true]),
        ("sys_platform >= 'win32'", [false, false, false, false, true, true]),
        ("sys_platform > 'a'", [true, true, true, true, true, true]),
        ("os_name ~= 'nt'", [false, false, false, false, false, false]),
        ("os_name === 'nt'", [false, false, false, false, false, false]),
        ("python_version === '3.11'", [true, true, true, true, true, true]),
        ("extra == 'test'", [false, false, false, false, false, false]),
        ("extra != 'test'", [true, true, true, true, true, true]),
        ("platform_release >= '5.0'", [false, false, false, false, false, false]),
        ("platform_version == 'x'", [false, false, false, false, false, false]),
        (
            "sys_platform == 'win32' or sys_platform == 'darwin' and platform_machine == 'arm64'",
            [false, false, true, false, true, true]
        ),
        (
            "(sys_platform == 'win32' or sys_platform == 'darwin') and platform_machine == 'arm64'",
            [false, false, true, false, false, true]
        ),
        (
            "sys_platform == 'linux' and platform_machine == 'aarch64' or os_name == 'nt' and platform_machine == 'arm64'",
            [false, true, false, false, false, true]
        ),
        (
            "python_version < '3.11' and sys_platform == 'win32' or python_version >= '3.11' and sys_platform == 'linux'",
            [true, true, false, false, false, false]
        ),
        ("platform_machine == 'x86_64' and python_version < '3.13'", [true, false, false, true, false, false]),
    ]

    @Test("evaluation matches packaging per platform", arguments: evaluations)
    func evaluation(marker: String, expected: [Bool]) throws {
        let parsed = try Marker(marker)
        for (index, platform) in Self.platforms.enumerated() {
            #expect(parsed.evaluate(Self.environment(index)) == expected[index], "\(platform.0)")
        }
    }

    /// (marker, environment "extra", result) on linux_x86_64.
    static let extras: [(String, String, Bool)] = [
        ("extra == 'Foo.Bar'", "foo_bar", true),
        ("extra == 'Foo.Bar'", "Foo.Bar", true),
        ("(extra == 'Foo.Bar')", "foo-bar", true),
        ("extra == 'tests'", "", false),
        ("extra != 'tests'", "", true),
        ("'Tests' == extra", "TESTS", true),
    ]

    @Test("extra comparisons are normalised", arguments: extras)
    func extraHandling(marker: String, extra: String, expected: Bool) throws {
        var environment = Self.environment(0)
        environment.values["extra"] = extra
        #expect(try Marker(marker).evaluate(environment) == expected)
    }

    @Test func extraDefaultsToEmpty() throws {
        let environment = MarkerEnvironment([:])
        #expect(try Marker("extra == ''").evaluate(environment))
        #expect(try Marker("extra != 'x'").evaluate(environment))
        #expect(try !Marker("sys_platform != 'win32'").evaluate(environment))
    }

    @Test func setValuedVariables() throws {
        let environment = MarkerEnvironment(["extras": "Foo_Bar, sec", "dependency_groups": ""])
        #expect(try Marker("'foo.bar' in extras").evaluate(environment))
        #expect(try Marker("'docs' not in extras").evaluate(environment))
        #expect(try !Marker("'dev' in dependency_groups").evaluate(environment))
        #expect(try !Marker("extras in 'foo-bar'").evaluate(environment))
    }

    @Test func localFullVersion() throws {
        let environment = MarkerEnvironment(["python_full_version": "3.11.7+"])
        #expect(try Marker("python_full_version >= '3.11.7'").evaluate(environment))
    }
}
