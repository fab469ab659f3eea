import Foundation
import Testing

@testable import VenvStacks
@testable import VenvStacksCLI

/// The spec's `[tool.venvstacks]` table (docs/formats.md#tool-settings) and how
/// `--precompiled` / `--no-precompiled` override its `precompiled` setting.
@Suite struct StackSettingsTests {
    static let specURL = URL(fileURLWithPath: "/spec/venvstacks.toml")

    /// A one-runtime spec followed by `tail`.
    func parse(_ tail: String) throws(StackSpecError) -> StackSpec {
        let text = """
            [[runtimes]]
            name = "rt"
            python_implementation = "cpython@3.11.7"
            requirements = []

            """
        return try StackSpec.parse(
            text: text + tail, specURL: Self.specURL, uvTomlText: nil, environment: [:], exists: { _ in true })
    }

    /// The problems of a spec that must not load.
    func problems(_ tail: String) -> [String] {
        do {
            _ = try parse(tail)
            Issue.record("the spec loaded")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func withoutTheTablePrecompiledIsOff() throws {
        #expect(try parse("").settings == StackSettings(precompiled: false))
        #expect(try parse("[tool.black]\nline-length = 100\n").settings.precompiled == false)
    }

    @Test(arguments: [true, false])
    func precompiledIsReadFromToolVenvstacks(_ value: Bool) throws {
        #expect(try parse("[tool.venvstacks]\nprecompiled = \(value)\n").settings.precompiled == value)
        #expect(try parse("[tool]\nvenvstacks = { precompiled = \(value) }\n").settings.precompiled == value)
    }

    @Test func aWrongTypeNamesTheFileTableAndKey() {
        #expect(
            problems("[tool.venvstacks]\nprecompiled = \"yes\"\n") == [
                "/spec/venvstacks.toml: [tool.venvstacks]: field 'precompiled': must be true or false, not the string \"yes\""
            ])
        #expect(
            problems("[tool.venvstacks]\nprecompiled = 1\n") == [
                "/spec/venvstacks.toml: [tool.venvstacks]: field 'precompiled': must be true or false, not an integer"
            ])
    }

    @Test func anUnknownKeySuggestsTheKnownOne() {
        #expect(
            problems("[tool.venvstacks]\nprecompile = true\n") == [
                "/spec/venvstacks.toml: [tool.venvstacks]: field 'precompile': unknown key 'precompile' (did you mean 'precompiled'?)"
            ])
        #expect(
            problems("[tool.venvstacks]\nformat = \"tar.zst\"\n") == [
                "/spec/venvstacks.toml: [tool.venvstacks]: field 'format': unknown key 'format' (valid keys: precompiled)"
            ])
    }

    @Test func theTableMustBeATable() {
        let found = problems("[tool]\nvenvstacks = true\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("/spec/venvstacks.toml: field 'tool.venvstacks': must be a table") == true)
    }

    @Test func everyProblemIsReportedWithTheLayers() {
        let found = problems(
            """
            [tool.venvstacks]
            precompiled = "no"
            precompile = false

            [[frameworks]]
            name = "fw"
            runtime = "missing"
            requirements = []
            """)
        #expect(found.count == 3, "\(found)")
    }

    // MARK: The command line

    @Test func theFlagOverridesTheSpec() throws {
        let on = try parse("[tool.venvstacks]\nprecompiled = true\n")
        let off = try parse("")
        for (arguments, spec, expected) in [
            ([String](), on, true), ([], off, false), (["--precompiled"], off, true), (["--precompiled"], on, true),
            (["--no-precompiled"], on, false), (["--no-precompiled"], off, false),
            (["--precompiled", "--no-precompiled"], off, false),
        ] {
            let option = try PrecompiledOption.parse(arguments)
            #expect(option.resolved(for: spec) == expected, "\(arguments)")
        }
    }

    @Test func everyPublishingCommandTakesTheFlags() throws {
        let on = try parse("[tool.venvstacks]\nprecompiled = true\n")
        let publish = try PublishCommand.parse(["--no-precompiled", "x.toml"])
        #expect(publish.settings(on).precompiled == false)
        #expect(try PublishCommand.parse(["x.toml"]).settings(on).precompiled == true)
        let build = try BuildCommand.parse(["--publish", "--no-precompiled", "x.toml"])
        #expect(try build.settings(on).publish.precompiled == false)
        #expect(try BuildCommand.parse(["--publish", "x.toml"]).settings(on).publish.precompiled == true)
        let export = try LocalExportCommand.parse(["--precompiled", "x.toml"])
        #expect(export.precompiled.resolved(for: try parse("")) == true)
        #expect(try LocalExportCommand.parse(["--no-precompiled", "x.toml"]).precompiled.resolved(for: on) == false)
    }

    @Test func theCompileStatusLineCountsFiles() {
        #expect(
            ArchiveProgressDisplay.compiling("framework-scipy", done: 400, total: 962, seconds: 3.7)
                == "framework-scipy: compiling byte code 400/962 files 3s")
    }
}
