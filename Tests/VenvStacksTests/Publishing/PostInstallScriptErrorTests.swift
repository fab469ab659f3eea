import Foundation
import Testing

@testable import VenvStacks

/// How `postinstall.py` fails: one line on stderr, exit status 1, no traceback.
@Suite(.enabled(if: RealPython.python3 != nil, "needs python3"))
struct PostInstallScriptErrorTests {
    static let app = DeployedStack.app

    func makeStack() throws -> DeployedStack {
        try DeployedStack(python: try #require(RealPython.python3))
    }

    func expectOneLineError(_ result: ToolResult, containing parts: [String]) {
        #expect(result.status == 1)
        #expect(result.stdoutText == "")
        #expect(result.stderrText.hasPrefix("postinstall.py: error: "))
        #expect(!result.stderrText.contains("Traceback"))
        #expect(result.stderrText.split(separator: "\n").count == 1, "\(result.stderrText)")
        for part in parts { #expect(result.stderrText.contains(part), "\(result.stderrText)") }
    }

    @Test(arguments: [
        ("pylib_dirs[1]", "../../elsewhere/lib/python3/site-packages"),
        ("base_python", "/usr/bin/python3"),
        ("site_dir", "../../lib/site-packages"),
    ])
    func pathOutsideTheDeployedFolderIsRefused(key: String, path: String) throws {
        let stack = try makeStack()
        try stack.editConfig(Self.app) { members in
            if key.hasPrefix("pylib_dirs") {
                members["pylib_dirs"] = .array(["../\(stack.runtime)/lib", path].map(JSONValue.string))
            } else {
                members[key] = .string(path)
            }
        }
        let result = try stack.postInstall(Self.app)
        expectOneLineError(result, containing: ["'\(key)'", "'\(path)'", "outside \(stack.deployed.path)"])
        #expect(!stack.exists(stack.layer(Self.app).appendingPathComponent("pyvenv.cfg")))
        #expect(try stack.bytecodeFiles() == [])
    }

    enum ConfigDamage: String, CaseIterable { case missing, notJSON, notAnObject, missingKey }

    @Test(arguments: ConfigDamage.allCases)
    func missingOrInvalidConfigIsNamed(_ damage: ConfigDamage) throws {
        let stack = try makeStack()
        let config = stack.config(Self.app)
        switch damage {
        case .missing: try FileManager.default.removeItem(at: config)
        case .notJSON: try "{\"python\": ".write(to: config, atomically: true, encoding: .utf8)
        case .notAnObject: try "[]\n".write(to: config, atomically: true, encoding: .utf8)
        case .missingKey: try stack.editConfig(Self.app) { $0["site_dir"] = nil }
        }
        let result = try stack.postInstall(Self.app)
        expectOneLineError(result, containing: [config.path])
        if damage == .missingKey { #expect(result.stderrText.contains("'site_dir'")) }
    }

    /// Bytecode for another Python version is made by the layer's base Python, which here
    /// is not that version: it says so, and so does the script that started it.
    @Test func baseThatIsNotTheLayersVersionIsReported() throws {
        let stack = try makeStack()
        try stack.editConfig(Self.app) { $0["py_version"] = .string("3.7.17") }
        let result = try stack.postInstall(Self.app)
        #expect(result.status == 1)
        #expect(result.stderrText.contains("\(stack.python.cacheTag) bytecode, not cpython-37"))
        #expect(result.stderrText.contains("byte-compiling with the layer's base Python \(stack.runtimePython) failed"))
        #expect(!result.stderrText.contains("Traceback"))
    }

    @Test func missingBasePythonIsReportedWhenItIsNeeded() throws {
        let stack = try makeStack()
        try stack.editConfig(Self.app) { $0["py_version"] = .string("3.7.17") }
        let python = try #require(RealPython.python3).executable
        try FileManager.default.removeItem(atPath: stack.runtimePython)
        let result = try stack.postInstall(Self.app, with: python)
        expectOneLineError(
            result,
            containing: ["cannot run the layer's base Python \(stack.runtimePython) to byte-compile for Python 3.7"])
    }
}
