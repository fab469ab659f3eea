import Foundation
import Testing

@testable import VenvStacks

/// Lock validity and the upward invalidation cascade on a copy of the lock fixture project.
@Suite struct LockValidityTests {
    /// Copies the fixture project to a temporary folder, applies `edit`, and judges its locks.
    func judge(_ edit: (URL) throws -> Void = { _ in }) throws -> (StackSpec, StackLockState) {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = root.appendingPathComponent("project")
        try FileManager.default.copyItem(at: TestPaths.lockProject, to: project)
        try edit(project)
        let spec = try loadSpec(project.appendingPathComponent("venvstacks.toml"), environment: [:])
        let state = try LockStateEvaluator(spec: spec, filter: SourceTreeFilter(specDirectory: project)).evaluate()
        return (spec, state)
    }

    func invalidLayers(_ state: StackLockState) -> [String] {
        state.layers.values.filter { !$0.hasValidLock }.map(\.buildName).sorted()
    }

    func replace(_ project: URL, _ file: String, _ old: String, _ new: String) throws {
        let url = project.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "fixture \(file) lacks «\(old)»")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func handWrittenLocksAreValid() throws {
        let (_, state) = try judge()
        #expect(invalidLayers(state) == [])
        #expect(state["app-hello"]?.deployedName == "app-hello@3")
        #expect(state["framework-demo"]?.deployedName == "framework-demo")
    }

    @Test func aRuntimeRequirementChangeInvalidatesEveryLayerAbove() throws {
        let (_, state) = try judge { try replace($0, "venvstacks.toml", "[\"numpy\",", "[\"numpy<3\",") }
        #expect(invalidLayers(state) == ["app-hello", "cpython-3.11", "framework-demo"])
        #expect(state["cpython-3.11"]?.changedFields == ["lock_input_hash", "requirements_hash"])
        #expect(state["framework-demo"]?.invalidDependencies == ["cpython-3.11"])
        #expect(state["app-hello"]?.deployedName(placeholder: "???") == "app-hello@???")
    }

    @Test func aFrameworkRequirementChangeLeavesTheRuntimeValid() throws {
        let (_, state) = try judge { try replace($0, "venvstacks.toml", "\"h11\"]", "\"h11>=0.16\"]") }
        #expect(invalidLayers(state) == ["app-hello", "framework-demo"])
    }

    @Test func launchModuleContentOnlyMattersToItsVersionedApp() throws {
        let (_, state) = try judge { project in
            try "print('changed')\n".write(
                to: project.appendingPathComponent("hello.py"), atomically: true, encoding: .utf8)
        }
        #expect(invalidLayers(state) == ["app-hello"])
        #expect(state["app-hello"]?.changedFields == ["version_inputs_hash"])
    }

    @Test func supportPackageContentIsHashed() throws {
        let (_, state) = try judge { project in
            try "x = 1\n".write(
                to: project.appendingPathComponent("helpers/extra.py"), atomically: true, encoding: .utf8)
        }
        #expect(invalidLayers(state) == ["app-hello"])
    }

    @Test func pycacheFoldersDoNotChangeModuleHashes() throws {
        let (_, state) = try judge { project in
            let cache = project.appendingPathComponent("helpers/__pycache__")
            try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
            try Data([1, 2, 3]).write(to: cache.appendingPathComponent("util.cpython-311.pyc"))
        }
        #expect(invalidLayers(state) == [])
    }

    @Test func samePythonMinorVersionKeepsLocksValid() throws {
        let (_, state) = try judge { try replace($0, "venvstacks.toml", "cpython@3.11.7", "cpython@3.11.5") }
        #expect(invalidLayers(state) == [])
    }

    @Test func newPythonMinorVersionInvalidatesEverything() throws {
        let (_, state) = try judge { try replace($0, "venvstacks.toml", "cpython@3.11.7", "cpython@3.12.1") }
        #expect(invalidLayers(state) == ["app-hello", "cpython-3.11", "framework-demo"])
        #expect(state["cpython-3.11"]?.changedFields == ["other_inputs_hash"])
    }

    @Test func spellingOutTheDefaultLinuxTargetChangesTheHash() throws {
        let (_, state) = try judge {
            try replace($0, "venvstacks.toml", "versioned = true", "versioned = true\nlinux_target = \"glibc\"")
        }
        #expect(invalidLayers(state) == ["app-hello"])
    }

    @Test func missingMetadataOrPylockMakesTheLockInvalid() throws {
        let (_, noMeta) = try judge { project in
            try FileManager.default.removeItem(
                at: project.appendingPathComponent("requirements/app-hello/pylock.app-hello.meta.json"))
        }
        #expect(invalidLayers(noMeta) == ["app-hello"])
        #expect(noMeta["app-hello"]?.deployedName == nil)

        let (_, noPylock) = try judge { project in
            try FileManager.default.removeItem(
                at: project.appendingPathComponent("requirements/framework-demo/pylock.framework-demo.toml"))
        }
        #expect(invalidLayers(noPylock) == ["app-hello", "framework-demo"])
        #expect(noPylock["framework-demo"]?.changedFields == ["requirements_hash"])
    }

    @Test func editingAPylockInvalidatesItsLayer() throws {
        let (_, state) = try judge {
            try replace($0, "requirements/framework-demo/pylock.framework-demo.toml", "0.28.1", "0.28.2")
        }
        #expect(invalidLayers(state) == ["app-hello", "framework-demo"])
    }

    @Test func legacyMetadataIsInvalid() throws {
        let (_, state) = try judge {
            try replace(
                $0, "requirements/cpython-3.11/pylock.cpython-3_11.meta.json", "\"lock_input_hash\"",
                "\"_legacy_requirements_hash\": \"x\",\n  \"lock_input_hash\"")
        }
        #expect(invalidLayers(state) == ["app-hello", "cpython-3.11", "framework-demo"])
    }

    @Test func unreadableMetadataIsInvalidNotACrash() throws {
        let (_, state) = try judge { project in
            try "{ not json".write(
                to: project.appendingPathComponent("requirements/framework-demo/pylock.framework-demo.meta.json"),
                atomically: true, encoding: .utf8)
        }
        #expect(invalidLayers(state) == ["app-hello", "framework-demo"])
        #expect(state["framework-demo"]?.readProblems.first?.contains("not valid lock metadata") == true)
    }
}
