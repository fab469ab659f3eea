import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// Runs the generated Linux wrapper with bash in a temporary `my env/bin` (docs/behaviour.md#the-python-wrapper):
/// the loader path it exports, the argv[0] it passes and its three sanity exits.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/bash")))
final class PythonWrapperRunTests {
    let root: URL
    /// A space in the environment's path checks the script's quoting too.
    var bin: URL { root.appendingPathComponent("my env/bin") }
    var dynlib1: String { bin.path + "/../../cpython-3.11/share/venv/dynlib" }
    var dynlib2: String { bin.path + "/../../framework x/share/venv/dynlib" }

    /// A stand-in interpreter: prints `$0`, each argument and the loader path.
    static let fakePython = """
        #!/usr/bin/bash
        printf '0=%s\\n' "$0"
        for argument in "$@"; do printf 'arg=%s\\n' "$argument"; done
        printf 'LD=%s\\n' "${LD_LIBRARY_PATH-<unset>}"

        """

    init() throws {
        root = try makeTemporaryDirectory()
        let script = PythonWrapper.script(dynlibDirectories: [
            "../../cpython-3.11/share/venv/dynlib", "../../framework x/share/venv/dynlib",
        ])
        try TreeHelpers.write(script, to: bin.appendingPathComponent("python"), mode: 0o755)
        try TreeHelpers.write(Self.fakePython, to: root.appendingPathComponent("fake-python"), mode: 0o755)
        try TreeHelpers.symlink(bin.appendingPathComponent("python3"), to: "python")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func linkBasePython(to destination: String) throws {
        try TreeHelpers.symlink(bin.appendingPathComponent("python_"), to: destination)
    }

    func run(_ name: String = "python", _ arguments: [String] = [], loaderPath: String? = nil) throws -> ToolResult {
        try TestProcess.run(
            ToolInvocation(
                bin.appendingPathComponent(name).path, arguments,
                environment: ["LD_LIBRARY_PATH": loaderPath, "DYLD_LIBRARY_PATH": nil], workingDirectory: root))
    }

    func output(_ arguments: [String] = ["-c", "x y"], loaderPath: String?) throws -> [String] {
        try linkBasePython(to: "../../fake-python")
        let result = try run("python", arguments, loaderPath: loaderPath)
        #expect(result.status == 0, "stderr: \(result.stderrText)")
        return result.stdoutText.split(separator: "\n").map(String.init)
    }

    @Test func unsetLoaderPathBecomesTheDynlibFoldersInOrder() throws {
        #expect(
            try output(loaderPath: nil) == [
                "0=\(bin.path)/python_", "arg=-c", "arg=x y", "LD=\(dynlib1):\(dynlib2)",
            ])
    }

    @Test func emptyLoaderPathIsReplaced() throws {
        #expect(try output([], loaderPath: "").last == "LD=\(dynlib1):\(dynlib2)")
    }

    @Test func userLoaderPathComesFirst() throws {
        #expect(try output([], loaderPath: "/custom/lib").last == "LD=/custom/lib:\(dynlib1):\(dynlib2)")
    }

    @Test func foldersAlreadyPresentAreNotAddedAgain() throws {
        let preset = "/a:\(dynlib2):/b"
        #expect(try output([], loaderPath: preset).last == "LD=\(preset):\(dynlib1)")
    }

    @Test func argv0IsTheWrapperPathAlsoThroughPython3() throws {
        // Only a real binary sees the argv[0] given by `exec -a`: use bash itself, reading
        // its own command line with builtins only (an exec'd tool would read its own).
        try linkBasePython(to: "/usr/bin/bash")
        let command = "while IFS= read -r -d '' a; do printf '%s\\n' \"$a\"; done < /proc/$$/cmdline"
        for name in ["python", "python3"] {
            let result = try run(name, ["-c", command, "extra"])
            #expect(result.status == 0, "stderr: \(result.stderrText)")
            #expect(result.stdoutText == "\(bin.path)/python\n-c\n\(command)\nextra\n")
        }
    }

    @Test func wrapperNotAtBinPythonExits1() throws {
        try linkBasePython(to: "../../fake-python")
        try FileManager.default.moveItem(
            at: bin.appendingPathComponent("python"), to: bin.appendingPathComponent("wrapper"))
        let result = try run("wrapper")
        #expect(result.status == 1)
        #expect(result.stderrText == "Invalid wrapper script path: \(bin.path)/python\n")
        #expect(result.stdoutText == "")
    }

    @Test func missingBasePythonSymlinkExits2() throws {
        let result = try run()
        #expect(result.status == 2)
        #expect(result.stderrText == "Invalid base Python symlink: \(bin.path)/python_\n")
    }

    @Test func regularFileInsteadOfSymlinkExits2() throws {
        try TreeHelpers.write(Self.fakePython, to: bin.appendingPathComponent("python_"), mode: 0o755)
        let result = try run()
        #expect(result.status == 2)
        #expect(result.stderrText == "Invalid base Python symlink: \(bin.path)/python_\n")
    }

    @Test func symlinkBackToTheWrapperExits3() throws {
        try linkBasePython(to: "python")
        let result = try run("python3")
        #expect(result.status == 3)
        #expect(
            result.stderrText
                == "Symlink loop detected: \(bin.path)/python and \(bin.path)/python_ are the same file\n")
    }
}
