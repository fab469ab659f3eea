import Foundation
import Testing
import VenvStacks

/// Slow group: `venvstacks lock` with the real CLI, the pinned uv, real PyPI and real
/// runtimes (from the offline mirror that misc/setup.sh makes when GitHub is unreachable).
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct LockIntegrationTests: SlowCLISupport {
    /// Build names whose lock `show --json` reports as invalid.
    func invalidLayers(_ spec: URL) throws -> [String] {
        let result = try venvstacks(["show", "--json", spec.path])
        #expect(result.status == 0, "show failed: \(result.stderrText)")
        guard case .object(let status) = try JSONValue.parse(result.standardOutput) else { return ["<bad json>"] }
        var invalid: [String] = []
        for category in ["runtimes", "frameworks", "applications"] {
            guard case .array(let layers)? = status[category] else { continue }
            for case .object(let layer) in layers where layer["has_valid_lock"] == .bool(false) {
                invalid.append(layer["name"]?.stringValue ?? "?")
            }
        }
        return invalid.sorted()
    }

    @Test func sampleProjectRelockEqualsTheCommittedLocksAndIsStable() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = IntegrationPaths.packageRoot.appendingPathComponent("sample_project")
        let spec = try copySampleProject(to: root, withLocks: false)
        let project = spec.deletingLastPathComponent()

        let first = try venvstacks(["lock", spec.path])
        #expect(first.status == 0, "lock failed:\n\(first.stderrText)")
        #expect(
            first.stdoutText.hasPrefix(
                "Locked environments:\n  cpython-3.11/pylock.cpython-3_11.toml (locked at: 2025-08-27T00:00:00+00:00)\n"
            ))
        let committed = try files(under: source.appendingPathComponent("requirements"))
        let fresh = try files(under: project.appendingPathComponent("requirements"))
        #expect(committed.count == 32)
        #expect(fresh.keys.sorted() == committed.keys.sorted())
        for (path, data) in committed where fresh[path] != data {
            Issue.record("\(path) differs from the committed file after a fresh relock")
        }
        #expect(try invalidLayers(spec) == [])

        let times = try modificationTimes(under: project.appendingPathComponent("requirements"))
        let second = try venvstacks(["lock", spec.path])
        #expect(second.status == 0, "relock failed:\n\(second.stderrText)")
        #expect(try files(under: project.appendingPathComponent("requirements")) == fresh)
        #expect(try modificationTimes(under: project.appendingPathComponent("requirements")) == times)

        let ifNeeded = try venvstacks(["lock", "--if-needed", "-v", spec.path])
        #expect(ifNeeded.status == 0)
        #expect(ifNeeded.stderrText.contains("framework-scipy: existing lock kept"))
        #expect(!ifNeeded.stderrText.contains("resolving"))
    }

    /// The stack of venvstacks' lock-invalidation test (every layer without requirements).
    static let cascadeSpec = """
        [[runtimes]]
        name = "cpython-to-be-modified"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[runtimes]]
        name = "cpython-same-major-version-unaffected"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[runtimes]]
        name = "cpython-other-version-unaffected"
        python_implementation = "cpython@3.12.1"
        requirements = []

        [[frameworks]]
        name = "to-be-modified"
        runtime = "cpython-to-be-modified"
        requirements = []

        [[frameworks]]
        name = "other-app-dependency"
        runtime = "cpython-to-be-modified"
        requirements = []

        [[frameworks]]
        name = "dependent"
        frameworks = ["to-be-modified"]
        requirements = []

        [[frameworks]]
        name = "unaffected"
        runtime = "cpython-other-version-unaffected"
        requirements = []

        [[applications]]
        name = "to-be-modified"
        launch_module = "launch.py"
        frameworks = ["dependent", "other-app-dependency"]
        requirements = []

        [[applications]]
        name = "to-be-modified-versioned"
        launch_module = "launch.py"
        frameworks = ["dependent", "other-app-dependency"]
        requirements = []
        versioned = true

        [[applications]]
        name = "runtime-only"
        launch_module = "launch2.py"
        runtime = "cpython-to-be-modified"
        requirements = []

        [[applications]]
        name = "unaffected"
        launch_module = "launch2.py"
        frameworks = ["unaffected"]
        requirements = []
        """

    @Test func editsInvalidateExactlyTheLayersVenvstacks08Invalidates() throws {
        let project = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: project) }
        let spec = project.appendingPathComponent("venvstacks.toml")
        try Self.cascadeSpec.write(to: spec, atomically: true, encoding: .utf8)
        for module in ["launch.py", "launch2.py"] {
            try "print('hello')\n".write(to: project.appendingPathComponent(module), atomically: true, encoding: .utf8)
        }
        let locked = try venvstacks(["lock", spec.path])
        #expect(locked.status == 0, "lock failed:\n\(locked.stderrText)")
        #expect(try invalidLayers(spec) == [])

        let rt = "cpython-to-be-modified", tbmF = "framework-to-be-modified", oad = "framework-other-app-dependency"
        let dep = "framework-dependent", app = "app-to-be-modified", appV = "app-to-be-modified-versioned"
        let ro = "app-runtime-only"
        let allButUnaffected = [rt, tbmF, oad, dep, app, appV, ro].sorted()

        /// Applies a text edit to the spec, checks the invalid layers, restores the spec.
        func specEdit(_ old: String, _ new: String, occurrence: Int = 0, _ expected: [String]) throws {
            var ranges: [Range<String.Index>] = []
            var start = Self.cascadeSpec.startIndex
            while let range = Self.cascadeSpec.range(of: old, range: start..<Self.cascadeSpec.endIndex) {
                ranges.append(range)
                start = range.upperBound
            }
            guard occurrence < ranges.count else {
                Issue.record("«\(old)» #\(occurrence) not in the spec")
                return
            }
            try Self.cascadeSpec.replacingCharacters(in: ranges[occurrence], with: new)
                .write(to: spec, atomically: true, encoding: .utf8)
            #expect(try invalidLayers(spec) == expected.sorted(), "after replacing «\(old)» with «\(new)»")
            try Self.cascadeSpec.write(to: spec, atomically: true, encoding: .utf8)
        }
        func fileEdit(_ path: String, _ content: String, _ expected: [String]) throws {
            let url = project.appendingPathComponent(path)
            let original = try Data(contentsOf: url)
            try content.write(to: url, atomically: true, encoding: .utf8)
            #expect(try invalidLayers(spec) == expected.sorted(), "after editing \(path)")
            try original.write(to: url)
        }
        let runtimeHeader = "name = \"cpython-to-be-modified\"\n"
        try specEdit(runtimeHeader, runtimeHeader + "versioned = true\n", allButUnaffected)
        try specEdit(
            "name = \"to-be-modified\"\n", "name = \"to-be-modified\"\nversioned = true\n", [tbmF, dep, app, appV])
        try specEdit(
            "name = \"to-be-modified\"\n", "name = \"to-be-modified\"\nversioned = true\n", occurrence: 1, [app])
        try specEdit("requirements = []", "requirements = [\"pip==25.1\"]", allButUnaffected)
        try specEdit("requirements = []", "requirements = [\"pip==25.1\"]", occurrence: 3, [tbmF, dep, app, appV])
        try specEdit("requirements = []", "requirements = [\"pip==25.1\"]", occurrence: 7, [app])
        try specEdit("cpython@3.11.7", "cpython@3.11.5", [])
        try specEdit("cpython@3.11.7", "cpython@3.12.1", allButUnaffected)
        try specEdit(
            "runtime = \"cpython-to-be-modified\"\nrequirements = []\n\n[[frameworks]]\nname = \"other-app-dependency\"\nruntime = \"cpython-to-be-modified\"",
            "runtime = \"cpython-same-major-version-unaffected\"\nrequirements = []\n\n[[frameworks]]\nname = \"other-app-dependency\"\nruntime = \"cpython-same-major-version-unaffected\"",
            [tbmF, oad, dep, app, appV])
        try specEdit(
            "launch_module = \"launch2.py\"\nruntime = \"cpython-to-be-modified\"",
            "launch_module = \"launch2.py\"\nruntime = \"cpython-same-major-version-unaffected\"", [ro])
        try specEdit("frameworks = [\"to-be-modified\"]", "frameworks = [\"other-app-dependency\"]", [dep, app, appV])
        try specEdit(
            "frameworks = [\"dependent\", \"other-app-dependency\"]", "frameworks = [\"other-app-dependency\"]", [app])
        try specEdit(
            "launch_module = \"launch.py\"\n", "launch_module = \"launch.py\"\nlinux_target = \"glibc\"\n", [app])
        try specEdit(
            "launch_module = \"launch.py\"\n", "launch_module = \"launch.py\"\nmacosx_target = \"12\"\n", [app])
        try specEdit("launch_module = \"launch.py\"", "launch_module = \"launch2.py\"", [])
        try specEdit("launch_module = \"launch.py\"", "launch_module = \"launch2.py\"", occurrence: 1, [appV])

        let onePackage = "[[packages]]\nname = \"pip\"\nversion = \"25.1\"\n"
        try fileEdit("requirements/\(rt)/pylock.\(rt).toml", onePackage, allButUnaffected)
        try fileEdit("requirements/\(tbmF)/pylock.\(tbmF).toml", onePackage, [tbmF, dep, app, appV])
        try fileEdit("requirements/\(app)/pylock.\(app).toml", onePackage, [app])
        try fileEdit("launch.py", "print('changed')\n", [appV])
        #expect(try invalidLayers(spec) == [])
    }

    @Test func packagesWithoutWheelsForATargetFailWithThePlatformHint() throws {
        let project = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: project) }
        let spec = project.appendingPathComponent("venvstacks.toml")
        try """
        [tool.uv]
        exclude-newer = "2025-08-27T00:00:00Z"

        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = ["pywin32"]
        platforms = ["linux_x86_64", "win_amd64", "macosx_arm64"]
        """.write(to: spec, atomically: true, encoding: .utf8)
        let result = try venvstacks(["lock", spec.path])
        #expect(result.status == 1)
        #expect(
            result.stderrText == """
                ERROR: Layer cpython-3.11: Some packages did not have wheels for all target platforms:

                  pywin32: no wheels available for ['linux_x86_64', 'macosx_arm64']

                Set platforms to ['win_amd64'] to limit to available wheels.

                """)
        #expect(
            !FileManager.default.fileExists(
                atPath: project.appendingPathComponent("requirements/cpython-3.11/pylock.cpython-3_11.toml").path))
    }

    @Test(arguments: [
        ("lock_failure_conflict_between_layers.toml", "framework-numpy", "numpy>=2.3.4"),
        ("lock_failure_conflict_within_layer.toml", "cpython-3.11", "numpy<2.0"),
    ])
    func conflictingRequirementsShowUVsReason(_ fixture: String, _ layer: String, _ requirement: String) throws {
        let project = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: project) }
        let spec = project.appendingPathComponent("venvstacks.toml")
        try FileManager.default.copyItem(
            at: IntegrationPaths.packageRoot.appendingPathComponent("Tests/Fixtures/stack_specs/\(fixture)"), to: spec)
        let result = try venvstacks(["lock", spec.path])
        #expect(result.status == 1)
        let stderr = result.stderrText
        #expect(stderr.hasPrefix("ERROR: Failed to lock layer '\(layer)': uv exited with status 1"), "\(stderr)")
        #expect(
            stderr.contains("command: ") && stderr.contains(" lock --project \(project.path)/_build/\(layer)_resolve"))
        #expect(stderr.contains("No solution found when resolving dependencies"))
        #expect(stderr.contains(requirement))
        #expect(!stderr.contains("Fatal error"))
    }
}
