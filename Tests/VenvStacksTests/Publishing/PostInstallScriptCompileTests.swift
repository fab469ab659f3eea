import Foundation
import Testing

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

    /// `compileall` only loads `concurrent.futures.process` to start worker processes.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount > 1, "needs 2 or more cores"))
    func compilesWithAPoolOfWorkerProcesses() throws {
        let stack = try makeStack()
        let result = try stack.postInstall(stack.runtime, options: ["-X", "importtime"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.contains("concurrent.futures.process"))
        #expect(stack.exists(stack.bytecode(stack.sitePackages(stack.runtime), "rt_mod")))
    }

    /// Where worker processes cannot start, the files are compiled in the script's process.
    @Test func compilesInProcessWhenThereCanBeNoWorkers() throws {
        let stack = try makeStack()
        let code = """
            import concurrent.futures, runpy, sys
            class NoPool:
                def __init__(self, *args, **kwargs):
                    raise OSError(38, "Function not implemented")
            concurrent.futures.ProcessPoolExecutor = NoPool
            sys.argv = sys.argv[1:]
            runpy.run_path(sys.argv[0], run_name="__main__")
            """
        let result = try ProcessToolRunner().run(
            ToolInvocation(stack.runtimePython, ["-c", code, stack.script(Self.framework).path]))
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText == "")
        let package = stack.sitePackages(Self.framework).appendingPathComponent("fw_pkg")
        #expect(stack.exists(stack.bytecode(package, "__init__")))
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
        let compiled = try ProcessToolRunner().run(
            ToolInvocation(python.executable, ["-m", "py_compile", script.path]))
        #expect(compiled.status == 0, "\(compiled.stderrText)")
        let code = "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read(), feature_version=(3, 8))"
        let parsed = try ProcessToolRunner().run(ToolInvocation(python.executable, ["-c", code, script.path]))
        #expect(parsed.status == 0, "\(parsed.stderrText)")
    }
}
