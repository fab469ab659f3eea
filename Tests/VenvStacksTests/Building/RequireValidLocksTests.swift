import Foundation
import Testing

@testable import VenvStacks

/// Building needs valid locks: venvstacks 0.8's error with its diagnostics (docs/behaviour.md#package-installation,
/// docs/formats.md#lock-diagnostics).
@Suite struct RequireValidLocksTests {
    static let spec = """
        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[frameworks]]
        name = "x"
        runtime = "cpython-3.11"
        requirements = []
        """

    static let emptyHash = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func diagnostics(otherInputs: [String], name: String) -> String {
        """
        {
          "changed_fields": [
            "lock_input_hash",
            "other_inputs_hash",
            "requirements_hash",
            "version_inputs_hash"
          ],
          "last_metadata": null,
          "lock_metadata": {
            "lock_input_hash": "\(emptyHash)",
            "other_inputs_hash": "\(directHash(otherInputs))",
            "requirements_hash": null,
            "version_inputs_hash": "\(directHash(["env_name=\(name)", "is_versioned_layer=False"]))"
          }
        }

        """
    }

    @Test func unlockedLayersGetVenvstacks08MessageAndDiagnostics() throws {
        let fixture = try BuildFixture(spec: Self.spec)
        let states = try LockStateEvaluator(spec: fixture.spec, filter: SourceTreeFilter(specDirectory: fixture.root))
            .evaluate()
        let layers = [try fixture.layer("cpython-3.11"), try fixture.layer("framework-x")]
        let error = #expect(throws: StackError.self) { try StackBuilder.requireValidLocks(layers, states: states) }
        let targets = ["py_version=3.11", "linux_target=glibc@2.28", "macosx_target=13.0"]
        let expected =
            "Layer cpython-3.11: Environment must be locked before installing dependencies\nInvalid lock details:\n"
            + Self.diagnostics(otherInputs: targets, name: "cpython-3.11") + "\n"
            + "Layer framework-x: Environment must be locked before installing dependencies\nInvalid lock details:\n"
            + Self.diagnostics(otherInputs: targets + ["cpython-3.11"], name: "framework-x")
            + "Layers below it need locking too: cpython-3.11\n"
            + "\nLock the stack first ('venvstacks lock'), or build with --lock-if-needed."
        #expect(error?.description == expected)
    }

    @Test func onlySelectedLayersAreChecked() throws {
        let fixture = try BuildFixture(spec: Self.spec)
        let states = try LockStateEvaluator(spec: fixture.spec, filter: SourceTreeFilter(specDirectory: fixture.root))
            .evaluate()
        #expect(throws: Never.self) { try StackBuilder.requireValidLocks([], states: states) }
        let error = #expect(throws: StackError.self) {
            try StackBuilder.requireValidLocks([try fixture.layer("framework-x")], states: states)
        }
        #expect(error?.description.hasPrefix("Layer framework-x: Environment must be locked") == true)
        #expect(error?.description.contains("Layer cpython-3.11") == false)
    }

    @Test func validLocksPass() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = root.appendingPathComponent("project")
        try FileManager.default.copyItem(at: TestPaths.lockProject, to: project)
        let spec = try loadSpec(project.appendingPathComponent("venvstacks.toml"))
        let states = try LockStateEvaluator(spec: spec, filter: SourceTreeFilter(specDirectory: project)).evaluate()
        #expect(throws: Never.self) { try StackBuilder.requireValidLocks(spec.enabledLayers, states: states) }
    }
}
