import Foundation
import Testing

@testable import VenvStacks

@Suite struct CLITests {
    @Test func versionFlagPrintsTheVersion() throws {
        let result = try runCLI(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "venvstacks \(VenvStacksVersion.current)\n")
    }

    @Test func helpListsTheCommands() throws {
        let result = try runCLI(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("show"))
        #expect(result.stdout.contains("Exit status"))
        let show = try runCLI(["show", "--help"])
        #expect(show.status == 0)
        for option in ["--include", "--allow-missing", "--json", "--verbose", "--quiet", "<spec-path>"] {
            #expect(show.stdout.contains(option), "show --help lacks \(option)")
        }
    }

    @Test func usageErrorsExitWithArgumentParsersStatus() throws {
        let missing = try runCLI(["show"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("Missing expected argument '<spec-path>'"))
        let unknown = try runCLI(["show", "--bogus", "x.toml"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Unknown option '--bogus'"))
        #expect(!missing.looksLikeCrash && !unknown.looksLikeCrash)
    }

    @Test func warningsGoToStderrAndQuietSilencesThem() throws {
        let spec = TestPaths.stackSpecs.appendingPathComponent("warning_build_requirements.toml").path
        let normal = try runCLI(["show", spec])
        #expect(normal.status == 0)
        #expect(normal.stderr.components(separatedBy: "WARNING: ").count == 4)
        let quiet = try runCLI(["show", "-q", spec])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
        #expect(quiet.stdout == normal.stdout)
    }
}
