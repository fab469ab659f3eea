import Foundation
import PythonPackaging
import Testing

/// Slow group: cross-checks PythonPackaging against Python's real `packaging` (the library
/// venvstacks 0.8 uses to build lock-hash inputs), installed from PyPI by the pinned uv.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"))
struct PackagingOracleTests {
    static let requirements = [
        "numpy", "dlltracer; sys_platform == 'win32'", "h11>=0.15.0", "scikit-learn", "httpx",
        "Requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"",
        "name @ https://example.com/x.whl", "name @ https://example.com/x.whl ; os_name==\"nt\"",
        "torch==2.8.0+cpu", "numpy<2.0", "numpy>=2.0", "numpy>=2.3.0,<2.3.4", "numpy >= 1.0, <2",
        "Foo.Bar_baz[Extra_One, extra-two]~=1.4.2", "pkg!=1.0.*,>1", "x===weird-version",
        "a; (os_name == 'nt' or sys_platform == 'darwin') and python_version >= '3.8'",
        "b; python_version<'3.12' and (platform_machine=='x86_64' or platform_machine=='AMD64')",
        "c; '3.12' <= python_version", "d; extra == 'Test_Extra'", "e; platform.python_implementation == 'CPython'",
        "f; (sys_platform == 'darwin')", "g; (a_invalid == 'x')",
    ]

    static let markers = [
        "sys_platform == 'win32'",
        "(platform_machine == 'arm64' and sys_platform == 'darwin') and sys_platform == 'from_lower_layer'",
        "(sys_platform == 'darwin') and sys_platform == 'from_lower_layer'", "python_full_version < '3.13'",
        "platform_machine == 'x86_64' or platform_machine == 'AMD64'", "os_name != 'nt' and python_version >= '3.11'",
        "implementation_name == 'pypy'", "platform_system == 'Linux' and platform_machine in 'x86_64 aarch64'",
        "python_version not in '3.9, 3.10'", "sys_platform == 'linux' and (platform_machine == 'aarch64')",
        "python_full_version >= '3.11.7'", "platform_python_implementation != 'CPython'",
    ]

    static let environments: [[String: String]] = [
        ("posix", "linux", "Linux", "x86_64"), ("posix", "linux", "Linux", "aarch64"),
        ("posix", "darwin", "Darwin", "arm64"),
        ("posix", "darwin", "Darwin", "x86_64"), ("nt", "win32", "Windows", "AMD64"),
        ("nt", "win32", "Windows", "arm64"),
    ].map { os, platform, system, machine in
        [
            "os_name": os, "sys_platform": platform, "platform_system": system, "platform_machine": machine,
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "python_version": "3.11", "python_full_version": "3.11.7", "platform_release": "", "platform_version": "",
            "implementation_version": "3.11.7", "extra": "",
        ]
    }

    static let oracleScript = """
        import json, sys
        from packaging.requirements import Requirement
        from packaging.markers import Marker
        data = json.load(sys.stdin)
        out = {"requirements": [], "markers": []}
        for text in data["requirements"]:
            try:
                out["requirements"].append(str(Requirement(text)))
            except Exception:
                out["requirements"].append(None)
        for text in data["markers"]:
            m = Marker(text)
            out["markers"].append([str(m), [m.evaluate(env) for env in data["environments"]]])
        print(json.dumps(out))
        """

    struct OracleOutput: Decodable {
        var requirements: [String?]
        var markers: [[MarkerResult]]
        enum MarkerResult: Decodable {
            case text(String)
            case results([Bool])
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .text(text)
                } else {
                    self = .results(try container.decode([Bool].self))
                }
            }
        }
    }

    @Test func canonicalStringsAndMarkerEvaluationMatchPythonPackaging() throws {
        let input: [String: Any] = [
            "requirements": Self.requirements, "markers": Self.markers, "environments": Self.environments,
        ]
        let result = try runTool(
            IntegrationPaths.uv,
            ["run", "--no-project", "--quiet", "--with", "packaging==25.0", "python", "-c", Self.oracleScript],
            input: try JSONSerialization.data(withJSONObject: input))
        try #require(result.status == 0, "uv run failed: \(result.stderr)")
        let outData = Data(result.stdout.utf8)
        let oracle = try JSONDecoder().decode(OracleOutput.self, from: outData)

        for (text, expected) in zip(Self.requirements, oracle.requirements) {
            let ours = try? Requirement(text)
            #expect(ours?.description == expected, "requirement \(text)")
        }
        for (text, result) in zip(Self.markers, oracle.markers) {
            guard case .text(let expectedText) = result[0], case .results(let expectedResults) = result[1] else {
                Issue.record("unexpected oracle output for \(text)")
                continue
            }
            let marker = try Marker(text)
            #expect(marker.description == expectedText, "marker \(text)")
            let ours = Self.environments.map { marker.evaluate(MarkerEnvironment($0)) }
            #expect(ours == expectedResults, "evaluation of \(text)")
        }
    }
}
