import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// A tool that exits before reading its input never ends venvstacks silently (exit 141):
/// its own error reaches the user.
@Suite final class BrokenPipeTests {
    let root: URL

    init() throws { root = try makeTemporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: root) }

    @Test func aToolThatIgnoresItsInputStillGivesItsStatusAndErrorOutput() async throws {
        let input = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)  // far more than a pipe holds
        for _ in 0..<10 {
            let result = try await ProcessToolRunner().run(
                ToolInvocation("/bin/sh", ["-c", "echo 'fatal: not reading' >&2; exit 128"], standardInput: input))
            #expect(result.status == 128)
            #expect(result.stderrText == "fatal: not reading\n")
        }
    }

    /// A project in a "git work tree" whose git refuses the repository, as git does for a
    /// repository owned by another user, without reading the paths venvstacks sends it.
    func projectWithRefusingGit() throws -> (spec: URL, path: String) {
        let project = root.appendingPathComponent("project")
        let module = project.appendingPathComponent("big_app")
        try FileManager.default.createDirectory(at: module, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: project.appendingPathComponent(".git"), withIntermediateDirectories: true)
        // Enough paths (about 100 kB) that writing them to git cannot fit in the pipe.
        for index in 0..<1500 {
            let name = String(format: "module_file_with_a_rather_long_name_%05d.py", index)
            _ = FileManager.default.createFile(atPath: module.appendingPathComponent(name).path, contents: Data())
        }
        try """
        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[applications]]
        name = "big"
        launch_module = "big_app"
        runtime = "cpython-3.11"
        requirements = []
        """.write(to: project.appendingPathComponent("venvstacks.toml"), atomically: true, encoding: .utf8)
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let git = bin.appendingPathComponent("git")
        try """
        #!/bin/sh
        echo "fatal: detected dubious ownership in repository at '$2'" >&2
        echo "To add an exception for this directory, call:" >&2
        echo "" >&2
        echo "	git config --global --add safe.directory $2" >&2
        exit 128
        """.write(to: git, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: git.path)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return (project.appendingPathComponent("venvstacks.toml"), path)
    }

    @Test func showWithAGitThatRefusesTheRepositoryExplainsAndNeverDiesSilently() throws {
        let (spec, path) = try projectWithRefusingGit()
        let repository = spec.deletingLastPathComponent().path
        for run in 0..<50 {
            let result = try runCLI(["show", spec.path], environment: ["PATH": path])
            #expect(result.status == 1, "run \(run): exit \(result.status), stderr: \(result.stderr)")
            #expect(result.stderr.contains("ERROR: Layer app-big: cannot hash module 'big_app'"), "\(result.stderr)")
            #expect(result.stderr.contains("git could not tell which files in \(repository) it ignores"))
            #expect(result.stderr.contains("fatal: detected dubious ownership in repository at '\(repository)'"))
            #expect(result.stderr.contains("git config --global --add safe.directory \(repository)"))
            #expect(!result.looksLikeCrash)
            if result.status != 1 { break }
        }
    }

    @Test func outputToAReaderThatHasGoneIsDroppedAndTheRunFinishes() throws {
        // `true` exits at once; half a second later venvstacks writes into the pipe it left.
        let script = #"exec 3>&1; ( sleep 0.5; "$0" show "$1" 2>/dev/null; echo "status $?" >&3 ) | true"#
        let result = try TestProcess.run(
            ToolInvocation("/bin/sh", ["-c", script, TestPaths.binary.path, TestPaths.minimalProject.path]))
        #expect(result.stdoutText == "status 0\n", "\(result.stdoutText) \(result.stderrText)")
    }

    /// `show --json > /dev/full` exited 0 without a word: a failed write to standard output
    /// (here `ENOSPC`) is one error line naming the cause, and exit status 1.
    @Test(arguments: [["show", "--json"], ["show"]])
    func outputThatCannotBeWrittenIsAnErrorNamingTheCause(_ command: [String]) throws {
        let script = #"exec "$0" "$@" >/dev/full"#
        let result = try TestProcess.run(
            ToolInvocation(
                "/bin/sh", ["-c", script, TestPaths.binary.path] + command + [TestPaths.minimalProject.path]))
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(result.stderrText == "ERROR: cannot write to standard output: No space left on device\n")
    }
}
