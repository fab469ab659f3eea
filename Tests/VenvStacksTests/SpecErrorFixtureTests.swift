import Foundation
import Testing

@testable import VenvStacks

/// One error fixture and what its message must say.
struct ErrorFixture: CustomTestStringConvertible, Sendable {
    var file: String
    /// Substrings every one of which must appear in the error text.
    var expected: [String]
    var problemCount: Int = 1
    /// Substrings none of which may appear (a cascade the root cause must not produce).
    var absent: [String] = []

    var testDescription: String { file }
}

/// Every `Tests/Fixtures/stack_specs/error_*.toml` with its expected message.
let errorFixtures: [ErrorFixture] = [
    .init(
        file: "error_missing_layer_name.toml",
        expected: ["runtimes[1]", "field 'name'", "missing 'name' key in layer specification"]),
    .init(
        file: "error_unknown_runtime.toml",
        expected: [
            "Framework 'layer'", "field 'runtime'", "Framework 'layer' references unknown runtime 'cpython-3.11'",
        ]),
    .init(
        file: "error_unknown_framework.toml",
        expected: [
            "Application 'empty'", "field 'frameworks'", "Application 'empty' references unknown framework 'framework'",
        ]),
    .init(
        file: "error_layer_dep_forward_reference.toml",
        expected: ["Framework 'layerC' references unknown framework 'layerB'", "defined before it"]),
    .init(
        file: "error_layer_dep_cycle.toml",
        expected: ["Framework 'layerB' is part of a dependency cycle (layerB -> layerD -> layerC -> layerB)"]),
    .init(
        file: "error_unsafe_layer_name_dotdot.toml",
        expected: ["runtimes[1]", "field 'name'", "'..' is not a usable layer name"]),
    .init(
        file: "error_unsafe_layer_name_path.toml",
        expected: [
            "runtimes[1]: field 'name': '../../victim' contains '/'",
            "frameworks[1]: field 'name': 'win\\\\dows' contains '\\'",
            "applications[1]: field 'name': 'tab\\tname' contains a control character",
        ], problemCount: 3),
    .init(
        file: "error_build_name_collision.toml",
        expected: [
            "Application 'x': field 'name': its build name 'app-x' is also the build name of Runtime 'app-x'",
            "Framework 'y': field 'name': its build name 'framework-y' differs only in letter case from the build name of Runtime 'Framework-Y' ('Framework-Y')",
        ], problemCount: 2),
    .init(
        file: "error_deployed_name_collision.toml",
        expected: [
            "Runtime 'APP-Z@7': field 'name': its deployed name 'APP-Z@7' can also be the deployed name of Application 'z', whose field 'versioned' is true so it deploys as 'app-z@<lock version>' (names differing only in letter case collide too)",
            "Application 'z@1': field 'name': its deployed name 'app-z@1' can also be the deployed name of Application 'z', whose field 'versioned' is true so it deploys as 'app-z@<lock version>';",
            "set 'versioned = false' in Application 'z'",
        ], problemCount: 2, absent: ["'z@2'", "'z@x'"]),
    .init(
        file: "error_no_cascade.toml",
        expected: [
            "Framework 'base' references unknown runtime 'cpython-3.1'",
            "Application 'two' references unknown framework 'typo'",
        ], problemCount: 2,
        absent: ["unknown framework 'base'", "unknown framework 'upper'", "Framework 'upper'", "Application 'one'"]),
    .init(
        file: "error_layer_dep_C3_conflict.toml",
        expected: [
            "Application 'empty' dependency linearization failed (remaining sequences: [['layerA', 'layerB'], ['layerB', 'layerA']])",
            "reorder",
        ]),
    .init(
        file: "error_inconsistent_runtimes.toml",
        expected: [
            "references inconsistent frameworks. 'layerA' requires runtime 'cpython-3.11', while 'layerB' requires runtime 'cpython-3.12'."
        ]),
    .init(
        file: "error_inconsistent_platforms.toml",
        expected: [
            "field 'platforms'", "invalid specifies target platforms not supported by lower layers (['win_amd64'])",
        ]),
    .init(
        file: "error_unknown_platform.toml",
        expected: [
            "Runtime 'cpython-3.11'", "field 'platforms'",
            "specifies an invalid target platform ('win32_x86_64' given, expected one of ['linux_aarch64', 'linux_x86_64', 'macosx_arm64', 'macosx_x86_64', 'win_amd64', 'win_arm64'])",
        ]),
    .init(
        file: "error_invalid_requirement_syntax.toml",
        expected: ["Runtime 'cpython-3.11'", "field 'requirements'", "uses invalid requirement syntax", "name<>"]),
    .init(
        file: "error_invalid_linux_target_variant.toml",
        expected: ["field 'linux_target'", "Linux libc variant must be one of ['glibc'], not 'unknown'"]),
    .init(
        file: "error_invalid_linux_target_version.toml",
        expected: ["field 'linux_target'", "Linux libc version must be of the form 'X.Y', not '235'"]),
    .init(
        file: "error_unknown_package_index.toml",
        expected: ["field 'package_indexes'", "references an unknown package index 'pytorch-cpu' for 'torch'"]),
    .init(
        file: "error_unknown_priority_index.toml",
        expected: ["field 'priority_indexes'", "priority index list references an unknown package index (pytorch-cpu)"]),
    .init(
        file: "error_inconsistent_runtime_indexes.toml",
        expected: [
            "Application 'invalid' declares an inconsistent package index override for Torch (specify 'index_overrides = {pytorch-cpu = \"pytorch-cu128\"}' to accept)"
        ]),
    .init(
        file: "error_inconsistent_framework_indexes.toml",
        expected: [
            "Application 'invalid' depends on layers with inconsistent package index overrides for torch (specify 'index_overrides = {pytorch-cpu = \"pytorch-cu128\"}' to accept)"
        ]),
    .init(
        file: "error_inconsistent_app_indexes.toml",
        expected: [
            "Application 'invalid' declares an inconsistent package index override for Torch (specify 'index_overrides = {pytorch-cpu = \"pytorch-cu128\"}' to accept)"
        ]),
    .init(
        file: "error_launch_support_conflict.toml",
        expected: ["Launch module 'name' conflicts with support module in app layer 'layer'"], problemCount: 3),
    .init(
        file: "error_support_modules_conflict.toml",
        expected: ["Conflicting support module names in app layer 'layer'"], problemCount: 2),
    .init(
        file: "error_missing_launch_module.toml",
        expected: ["field 'launch_module'", "Specified launch module '", "/no_such_module.py' does not exist"]),
    .init(
        file: "error_missing_support_modules.toml",
        expected: ["field 'support_modules'", "Specified support modules do not exist:\n    /", "no_such_module.py"]),
    .init(file: "error_invalid_toml.toml", expected: ["error_invalid_toml.toml:4:", "invalid TOML at line 4"]),
    .init(
        file: "error_missing_requirements.toml",
        expected: ["Framework 'layer'", "field 'requirements'", "missing 'requirements' key"]),
    .init(
        file: "error_missing_launch_module_field.toml",
        expected: ["Application 'app'", "field 'launch_module'", "missing 'launch_module' key"]),
    .init(
        file: "error_unknown_key.toml",
        expected: ["unknown key 'requirments' (did you mean 'requirements'?)", "missing 'requirements' key"],
        problemCount: 2),
    .init(
        file: "error_wrong_type.toml",
        expected: [
            "field 'versioned': must be true or false, not the string \"yes\"",
            "field 'platforms': must be an array of strings, not the string \"linux_x86_64\"",
        ], problemCount: 2),
    .init(
        file: "error_unknown_implementation.toml",
        expected: ["field 'python_implementation'", "unknown Python implementation 'graalpy'", "'cpython', 'pypy'"]),
    .init(
        file: "error_bad_python_implementation.toml",
        expected: ["field 'python_implementation'", "must have the form 'IMPLEMENTATION@X.Y.Z'", "'cpython3.11'"]),
    .init(file: "error_missing_python_implementation.toml", expected: ["missing 'python_implementation' key"]),
    .init(
        file: "error_both_implementation_fields.toml",
        expected: ["sets both 'python_implementation' and the obsolete 'fully_versioned_name'"]),
    .init(
        file: "error_runtime_and_frameworks.toml",
        expected: [
            "Framework 'layerB' must specify a runtime or framework dependencies, not both (runtime: 'cpython-3.11'; frameworks: ['layerA'])"
        ]),
    .init(
        file: "error_no_runtime_or_frameworks.toml",
        expected: ["Application 'empty' must specify a runtime or at least one framework dependency"]),
    .init(
        file: "error_duplicate_runtime_name.toml",
        expected: ["Runtime names must be distinct ('cpython-3.11' already defined)"]),
    .init(
        file: "error_runtime_with_frameworks_field.toml",
        expected: ["unknown key 'runtime' (runtimes cannot depend on other layers; remove it)"]),
    .init(file: "error_invalid_macosx_target.toml", expected: ["field 'macosx_target'", "'thirteen'"]),
    .init(
        file: "error_multiple_problems.toml",
        expected: [
            "3 problems", "invalid target platform ('win32_x86_64'", "Framework 'layer'",
            "uses invalid requirement syntax", "no_such_module.py' does not exist",
        ], problemCount: 3),
    .init(
        file: "error_bad_uv_source.toml",
        expected: ["[tool.uv]", "field 'sources'", "source for 'foo' must be an index reference"]),
    .init(
        file: "error_unknown_uv_source_index.toml",
        expected: ["source for 'torch' references an unknown package index 'nope'"]),
]

@Suite struct SpecErrorFixtureTests {
    @Test(arguments: errorFixtures)
    func loadingReportsTheExpectedProblems(_ fixture: ErrorFixture) throws {
        let url = TestPaths.stackSpecs.appendingPathComponent(fixture.file)
        do {
            let spec = try StackSpec.load(path: url.path, environment: [:])
            Issue.record("\(fixture.file) loaded without error: \(spec.allLayers.map(\.buildName))")
        } catch {
            let text = error.description
            for piece in fixture.expected {
                #expect(text.contains(piece), "\(fixture.file): expected «\(piece)» in:\n\(text)")
            }
            for piece in fixture.absent {
                #expect(!text.contains(piece), "\(fixture.file): unexpected «\(piece)» in:\n\(text)")
            }
            #expect(text.contains(url.path), "the message names the spec file")
            #expect(error.problems.count == fixture.problemCount, "\(fixture.file):\n\(text)")
        }
    }

    @Test func everyErrorFixtureHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestPaths.stackSpecs.path)
            .filter { $0.hasPrefix("error_") && $0.hasSuffix(".toml") }
        #expect(Set(files) == Set(errorFixtures.map(\.file)))
    }

    /// The same cases through the real binary: exit status 1, one readable error, no crash.
    @Test(arguments: errorFixtures)
    func theCLIReportsEachErrorCleanly(_ fixture: ErrorFixture) throws {
        let url = TestPaths.stackSpecs.appendingPathComponent(fixture.file)
        let result = try runCLI(["show", url.path])
        #expect(result.status == 1)
        #expect(!result.looksLikeCrash, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("ERROR: Invalid stack specification"))
        for piece in fixture.expected {
            #expect(result.stderr.contains(piece), "\(fixture.file): expected «\(piece)» in:\n\(result.stderr)")
        }
        for piece in fixture.absent {
            #expect(!result.stderr.contains(piece), "\(fixture.file): unexpected «\(piece)» in:\n\(result.stderr)")
        }
        #expect(
            Self.problemCount(inCLIError: result.stderr) == fixture.problemCount,
            "\(fixture.file): expected \(fixture.problemCount) problems in:\n\(result.stderr)")
    }

    /// The number of problems a spec error printed by the binary reports: one for the
    /// one-line form, else the count in its heading, which must match the listed items.
    static func problemCount(inCLIError stderr: String) -> Int? {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first else { return nil }
        if first.hasPrefix("ERROR: Invalid stack specification: ") { return 1 }
        let prefix = "ERROR: Invalid stack specification ("
        guard first.hasPrefix(prefix), let count = Int(first.dropFirst(prefix.count).prefix(while: \.isNumber)) else {
            return nil
        }
        let items = lines.filter { $0.hasPrefix("  - ") }.count
        return items == count ? count : nil
    }

    @Test func aMissingSpecFileIsAClearError() throws {
        let result = try runCLI(["show", "/nonexistent/dir/venvstacks.toml"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "ERROR: Invalid stack specification: /nonexistent/dir/venvstacks.toml: stack spec file not found (check the path; it is usually called venvstacks.toml)\n"
        )
    }

    @Test func aDirectoryInsteadOfASpecIsAClearError() throws {
        let result = try runCLI(["show", TestPaths.fixtures.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("is a directory, not a stack spec file"))
    }
}

/// Module paths in messages are whole, wherever the project lives: a checkout in a deep folder
/// must not turn `no_such_module.py` into `no_such_module.p…`.
@Suite struct ModulePathMessageTests {
    @Test(arguments: ["error_missing_launch_module.toml", "error_missing_support_modules.toml"])
    func aDeepProjectFolderStillNamesTheWholeModulePath(_ fixture: String) throws {
        var folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for part in 0..<6 { folder.appendPathComponent("a-rather-long-folder-name-number-\(part)") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let spec = folder.appendingPathComponent(fixture)
        try FileManager.default.copyItem(at: TestPaths.stackSpecs.appendingPathComponent(fixture), to: spec)
        #expect(throws: StackSpecError.self) { try StackSpec.load(path: spec.path, environment: [:]) }
        do {
            _ = try StackSpec.load(path: spec.path, environment: [:])
        } catch {
            let whole = folder.appendingPathComponent("no_such_module.py").path
            #expect(whole.count > 200)
            #expect(error.description.contains(whole), "\(error.description)")
            #expect(!error.description.contains("…"), "\(error.description)")
        }
    }

    @Test func aPathIsQuotedWholeUpToTheLimit() {
        let path = "/" + String(repeating: "folder/", count: 140) + "it's.py"
        #expect(path.count < MessageExcerpt.pathLimit)
        #expect(MessageExcerpt.quotePath(path) == "'" + path.replacingOccurrences(of: "'", with: "\\'") + "'")
        #expect(MessageExcerpt.escapePath("/a\nb") == "/a\\nb")
    }

    @Test func aRunawayPathKeepsItsStartAndItsFileName() {
        let path = "/start/" + String(repeating: "x", count: 50_000) + "/the_module.py"
        let text = MessageExcerpt.escapePath(path)
        #expect(text.hasPrefix("/start/xxx"))
        #expect(text.contains("…"))
        #expect(text.hasSuffix("/the_module.py (\(path.count) characters)"))
        #expect(text.count < MessageExcerpt.pathLimit + 40)
    }

    @Test func manyMissingSupportModulesAreCountedPastABudget() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = (0..<40).map {
            "\"missing_module_with_a_long_name_\($0)_" + String(repeating: "y", count: 80) + ".py\""
        }
        let text = """
            [[runtimes]]
            name = "cpython-3.11"
            python_implementation = "cpython@3.11.10"
            requirements = []
            [[applications]]
            name = "app"
            launch_module = "app.py"
            runtime = "cpython-3.11"
            support_modules = [\(names.joined(separator: ", "))]
            requirements = []
            """
        let spec = folder.appendingPathComponent("venvstacks.toml")
        try Data(text.utf8).write(to: spec)
        try Data("print(1)\n".utf8).write(to: folder.appendingPathComponent("app.py"))
        do {
            _ = try StackSpec.load(path: spec.path, environment: [:])
            Issue.record("a spec with missing support modules loaded")
        } catch {
            let problem = try #require(error.problems.first).description
            #expect(problem.contains("missing_module_with_a_long_name_0_"))
            #expect(problem.contains(" more (40 in all)"), "\(problem)")
            #expect(problem.count < 2_000)
        }
    }
}
