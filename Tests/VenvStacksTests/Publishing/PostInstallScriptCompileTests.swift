import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// The byte-compiling step of `postinstall.py`: parallel, robust, and for the layer's
/// own Python version whatever Python runs the script.
@Suite(.enabled(if: RealPython.python3 != nil, "needs python3"))
struct PostInstallScriptCompileTests {
    static let framework = DeployedStack.framework
    static let app = DeployedStack.app

    func makeStack() throws -> DeployedStack {
        try DeployedStack(python: try #require(RealPython.python3))
    }

    /// Worker processes of the same interpreter compile the files (seen as child processes
    /// started with the worker code), and every file gets its bytecode.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount > 1, "needs 2 or more cores"))
    func compilesWithWorkerProcesses() throws {
        let stack = try makeStack()
        let package = stack.sitePackages(stack.runtime).appendingPathComponent("many")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        for index in 0..<250 {
            try "VALUE = \(index)\n".write(
                to: package.appendingPathComponent("m\(index).py"), atomically: false, encoding: .utf8)
        }
        let code = """
            import runpy, subprocess, sys
            started = []
            real = subprocess.Popen
            def spy(command, *args, **kwargs):
                started.append(command)
                return real(command, *args, **kwargs)
            subprocess.Popen = spy
            sys.argv = sys.argv[1:]
            try:
                runpy.run_path(sys.argv[0], run_name="__main__")
            finally:
                print(sum(1 for c in started if c[-2:] == ["-c", c[-1]] and "compile_file" in c[-1]), file=sys.stderr)
            """
        let result = try TestProcess.run(
            ToolInvocation(stack.runtimePython, ["-c", code, stack.script(stack.runtime).path]))
        #expect(result.status == 0, "\(result.stderrText)")
        let workers = Int(result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(workers >= 2, "\(result.stderrText)")
        for index in [0, 1, 124, 249] {
            #expect(stack.exists(stack.bytecode(package, "m\(index)")), "m\(index).py not compiled")
        }
        #expect(stack.exists(stack.bytecode(stack.sitePackages(stack.runtime), "rt_mod")))
    }

    /// Where worker processes cannot start, the files are compiled in the script's process.
    @Test func compilesInProcessWhenThereCanBeNoWorkers() throws {
        let stack = try makeStack()
        let package = stack.sitePackages(Self.framework).appendingPathComponent("fw_pkg")
        for index in 0..<250 {
            try "VALUE = \(index)\n".write(
                to: package.appendingPathComponent("m\(index).py"), atomically: false, encoding: .utf8)
        }
        let code = """
            import runpy, subprocess, sys
            def no_processes(*args, **kwargs):
                raise OSError(11, "Resource temporarily unavailable")
            subprocess.Popen = no_processes
            sys.argv = sys.argv[1:]
            runpy.run_path(sys.argv[0], run_name="__main__")
            """
        let result = try TestProcess.run(
            ToolInvocation(stack.runtimePython, ["-c", code, stack.script(Self.framework).path]))
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText == "")
        #expect(stack.exists(stack.bytecode(package, "__init__")))
        #expect(stack.exists(stack.bytecode(package, "m249")))
    }

    /// Run with another Python version (the oldest found, ideally 3.8), the script still
    /// links the layers byte for byte and leaves bytecode for the layer's version only.
    @Test(.enabled(if: RealPython.other != nil, "needs a second CPython version"))
    func otherPythonVersionLeavesCompilingToTheBasePython() throws {
        let stack = try makeStack()
        let other = try #require(RealPython.other)
        try stack.postInstallAll(with: other.executable)
        let runtimeSite = stack.sitePackages(stack.runtime).path
        let frameworkSite = stack.sitePackages(Self.framework).path
        #expect(
            stack.text(stack.siteCustomize(Self.app))
                == SiteCustomize.text(pythonPaths: [frameworkSite, runtimeSite]))
        let files = try stack.bytecodeFiles()
        #expect(files.count == 5)
        #expect(files.allSatisfy { $0.hasSuffix(".\(stack.python.cacheTag).pyc") }, "\(files)")
    }
}

/// The script's text itself.
@Suite struct PostInstallScriptSourceTests {
    @Test func bytesAreTheUTF8Source() {
        #expect(PostInstallScript.bytes == Array(PostInstallScript.source.utf8))
        #expect(PostInstallScript.source.hasSuffix(")\n"))
        #expect(!PostInstallScript.source.contains("\r"))
        #expect(!PostInstallScript.source.contains("\t"))
    }

    @Test func docstringSaysHowToRunIt() {
        #expect(PostInstallScript.source.hasPrefix("\"\"\""))
        #expect(PostInstallScript.source.contains("<runtime layer>/bin/python <layer>/postinstall.py"))
    }

    /// Names and syntax newer than Python 3.8 (a rough check: the grammar check below and
    /// the other-version test run the real thing).
    @Test(arguments: [
        ".removeprefix(", ".removesuffix(", "functools.cache", "from functools import cache", "match ", "case ",
        "list[", "dict[", "tuple[", "set[", "type[", "| None", "zoneinfo", "graphlib", "process_cpu_count",
        "stdlib_module_names", "orig_argv", "strict=", "importlib.resources.files", "ExceptionGroup", "except*",
        "tomllib", "datetime.UTC", "bit_count", "aiter(", "anext(", "is_relative_to", "with (",
    ])
    func avoidsNewerPython(_ construct: String) {
        #expect(!PostInstallScript.source.contains(construct))
    }

    @Test(.enabled(if: RealPython.python3 != nil, "needs python3"))
    func compilesAndParsesAsPython38() throws {
        let python = try #require(RealPython.python3)
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = root.appendingPathComponent("postinstall.py")
        try Data(PostInstallScript.bytes).write(to: script)
        let compiled = try TestProcess.run(
            ToolInvocation(python.executable, ["-m", "py_compile", script.path]))
        #expect(compiled.status == 0, "\(compiled.stderrText)")
        let code = "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read(), feature_version=(3, 8))"
        let parsed = try TestProcess.run(ToolInvocation(python.executable, ["-c", code, script.path]))
        #expect(parsed.status == 0, "\(parsed.stderrText)")
    }
}
