import Foundation
import Testing

@testable import VenvStacks

/// `venvstacks build` argument handling and errors that need no uv run.
@Suite struct BuildCLITests {
    let minimal = TestPaths.fixtures.appendingPathComponent("minimal_project/venvstacks.toml")

    @Test func buildingWithoutLocksNamesTheLayerAndTheChangedFields() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vs-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try """
        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = ["numpy"]
        """.write(to: root.appendingPathComponent("venvstacks.toml"), atomically: true, encoding: .utf8)
        let result = try runCLI(["build", root.appendingPathComponent("venvstacks.toml").path])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "ERROR: Layer cpython-3.11: Environment must be locked before installing dependencies\nInvalid lock details:\n{\n  \"changed_fields\": [\n    \"lock_input_hash\",\n    \"other_inputs_hash\",\n    \"requirements_hash\",\n    \"version_inputs_hash\"\n  ],\n  \"last_metadata\": null,"
            ), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("Lock the stack first ('venvstacks lock'), or build with --lock-if-needed.\n"))
        #expect(!result.looksLikeCrash)
        // Nothing was created.
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("_build").path))
    }

    @Test func includedLayersBuildAndTheirDependenciesBuildIfNeeded() throws {
        let result = try runCLI(["build", "--show-only", "--include", "app-empty", minimal.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("*cpython-3.11 (build-if-needed)\n"))
        #expect(result.stdout.contains("*framework-layerD (build-if-needed)\n"))
        #expect(result.stdout.contains("*app-empty (build, publish)\n"))
        #expect(!result.stdout.contains("app-no-framework"))
        let all = try runCLI(["build", "--show-only", "--include", "app-empty", "--include-dependencies", minimal.path])
        #expect(all.stdout.contains("*cpython-3.11 (build, publish)\n"), "\(all.stdout)")
        let locking = try runCLI(["build", "--show-only", "--lock-if-needed", minimal.path])
        #expect(locking.stdout.contains("*framework-layerA (lock-if-needed, build, publish)\n"), "\(locking.stdout)")
    }

    @Test func conflictingDerivedAndDependencyInstructionsAreAnError() throws {
        let result = try runCLI([
            "build", "--show-only", "--include", "framework-layerB", "--include", "app-empty", "--build-derived",
            minimal.path,
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "Conflicting build instructions for ['framework-layerD', 'framework-layerE', 'framework-layerF@1']"),
            "\(result.stderr)")
    }

    @Test func helpListsEveryVenvstacks08Option() throws {
        let help = try runCLI(["build", "--help"])
        #expect(help.status == 0)
        for option in [
            "--build-dir", "--output-dir", "--clean", "--lock-if-needed", "--no-build", "--publish", "--index",
            "--local-wheels",
            "--tag-outputs", "--include", "--reset-lock", "--allow-missing", "--lock-dependencies",
            "--build-dependencies",
            "--publish-dependencies", "--include-dependencies", "--build-derived", "--publish-derived", "--show",
            "--show-only",
            "--json",
        ] {
            #expect(help.stdout.contains(option), "build --help lacks \(option)")
        }
        let alias = try runCLI(["build", "--lock", "--show-only", minimal.path])
        #expect(alias.status == 0)
        #expect(alias.stdout.contains("lock-if-needed"))
    }
}
