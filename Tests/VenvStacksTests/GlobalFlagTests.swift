import Testing

@testable import VenvStacksCLI

@Suite struct GlobalFlagTests {
    @Test(arguments: [
        (["-v", "show", "x.toml"], ["show", "-v", "x.toml"]),
        (["-vv", "-q", "show", "x"], ["show", "-vv", "-q", "x"]),
        (["--verbose", "show"], ["show", "--verbose"]),
        (["show", "-v", "x"], ["show", "-v", "x"]),
        (["-v"], ["-v"]),
        (["--version"], ["--version"]),
    ])
    func leadingGlobalFlagsMoveAfterTheSubcommand(_ input: [String], _ expected: [String]) {
        #expect(VenvStacksCommand.movingGlobalFlags(input) == expected)
    }
}
