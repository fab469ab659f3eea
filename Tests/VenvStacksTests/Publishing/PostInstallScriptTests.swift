import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `postinstall.py` (docs/behaviour.md#post-install-script) run with a real Python in a fake deployed stack.
@Suite(.enabled(if: RealPython.python3 != nil, "needs python3"))
struct PostInstallScriptTests {
    static let framework = DeployedStack.framework
    static let app = DeployedStack.app

    func makeStack(folder: String = "deployed") throws -> DeployedStack {
        try DeployedStack(python: try #require(RealPython.python3), folder: folder)
    }

    @Test func runtimeLayerIsOnlyByteCompiled() throws {
        let stack = try makeStack()
        let result = try stack.postInstall(stack.runtime)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "" && result.stderrText == "")
        #expect(!stack.exists(stack.layer(stack.runtime).appendingPathComponent("pyvenv.cfg")))
        #expect(!stack.exists(stack.siteCustomize(stack.runtime)))
        #expect(stack.exists(stack.bytecode(stack.sitePackages(stack.runtime), "rt_mod")))
    }

    /// A quote and a non-ASCII letter in the folder make `repr()` choose double quotes.
    @Test(arguments: ["deployed", "layers it's café"])
    func layeredLayersAreLinkedToTheDeployedLowerLayers(folder: String) throws {
        let stack = try makeStack(folder: folder)
        try stack.postInstallAll()
        let runtimeBin = stack.layer(stack.runtime).appendingPathComponent("bin").path
        for name in [Self.framework, Self.app] {
            #expect(
                stack.text(stack.layer(name).appendingPathComponent("pyvenv.cfg")) == """
                    home = \(runtimeBin)
                    include-system-site-packages = false
                    version = \(stack.python.version)
                    executable = \(runtimeBin)/python

                    """)
        }
        let runtimeSite = stack.sitePackages(stack.runtime).path
        let frameworkSite = stack.sitePackages(Self.framework).path
        let frameworkText = try #require(stack.text(stack.siteCustomize(Self.framework)))
        #expect(frameworkText == SiteCustomize.text(pythonPaths: [runtimeSite]))
        let appText = try #require(stack.text(stack.siteCustomize(Self.app)))
        #expect(appText == SiteCustomize.text(pythonPaths: [frameworkSite, runtimeSite]))
        if folder.contains("'") {
            #expect(appText.contains("addsitedir(\"\(frameworkSite)\")"))
        }
    }

    @Test func everyLayerIsByteCompiledDespiteASyntaxError() throws {
        let stack = try makeStack()
        try stack.postInstallAll()
        let frameworkPackage = stack.sitePackages(Self.framework).appendingPathComponent("fw_pkg")
        #expect(stack.exists(stack.bytecode(stack.sitePackages(stack.runtime), "rt_mod")))
        #expect(stack.exists(stack.bytecode(frameworkPackage, "__init__")))
        #expect(!stack.exists(stack.bytecode(frameworkPackage, "broken")))
        #expect(stack.exists(stack.bytecode(stack.sitePackages(Self.app), "app_mod")))
        #expect(stack.exists(stack.bytecode(stack.sitePackages(Self.app), "sitecustomize")))
        #expect(try stack.bytecodeFiles().count == 5)
    }

    /// The second run is the way `local-export` runs the script (docs/behaviour.md#export-flow).
    @Test func runningAgainChangesNothing() throws {
        let stack = try makeStack()
        try stack.postInstallAll()
        let first = try stack.snapshot()
        try stack.postInstallAll(options: ["-X", "utf8", "-I"])
        #expect(try stack.snapshot() == first)
        #expect(first.keys.contains("/\(Self.app)/pyvenv.cfg"))
    }

    /// The application's `bin/python` (here a plain link to the runtime's) finds
    /// `pyvenv.cfg`, and `sitecustomize.py` puts the lower layers after its own.
    @Test func deployedApplicationImportsFromEveryLayer() throws {
        let stack = try makeStack()
        try stack.postInstallAll()
        let code = "import sys, app_mod; print(sys.prefix); print(*sys.path, sep='\\n')"
        let python = stack.layer(Self.app).appendingPathComponent("bin/python").path
        let result = try TestProcess.run(ToolInvocation(python, ["-c", code]))
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first == stack.layer(Self.app).path)
        let sites = [Self.app, Self.framework, stack.runtime].map { stack.sitePackages($0).path }
        #expect(lines.dropFirst().filter { $0.hasPrefix(stack.deployed.path) } == sites)
    }

    @Test func siteCustomizeAppendsTheLowerLayersInOrder() throws {
        let stack = try makeStack()
        try stack.postInstallAll()
        let code = "import sys; exec(open(sys.argv[1], encoding='utf-8').read()); print(*sys.path, sep='\\n')"
        let result = try TestProcess.run(
            ToolInvocation(stack.runtimePython, ["-I", "-c", code, stack.siteCustomize(Self.app).path]))
        #expect(result.status == 0, "\(result.stderrText)")
        let sites = [Self.framework, stack.runtime].map { stack.sitePackages($0).path }
        #expect(Array(result.stdoutText.split(separator: "\n").map(String.init).suffix(2)) == sites)
    }
}
