import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// The library example under examples/swift-api (built by `swift build` as
/// `stack-status-example`) runs and prints what `venvstacks show --json` prints, then a line
/// per layer.
@Suite struct SwiftAPIExampleTests {
    static let example = TestPaths.binary.deletingLastPathComponent().appendingPathComponent("stack-status-example")

    @Test func theExamplePrintsTheStackStatusAsJSON() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let built = try FakeBuiltProject(in: root, payloadBytes: 10)
        let result = try TestProcess.run(ToolInvocation(Self.example.path, [built.spec.path]))
        #expect(result.status == 0, "\(result.stderrText)")
        let show = try runCLI(["show", "--json", built.spec.path])
        #expect(result.stdoutText.hasPrefix(show.stdout), "\(result.stdoutText)")
        #expect(
            result.stdoutText.dropFirst(show.stdout.count)
                == "cpython-3.11: lock valid, built\nframework-demo: lock valid, built\napp-hello@3: lock valid, built\n"
        )
    }

    @Test func aBadSpecIsAnErrorAndNoArgumentIsUsage() throws {
        let missing = try TestProcess.run(ToolInvocation(Self.example.path, ["/nonexistent/venvstacks.toml"]))
        #expect(missing.status == 1)
        #expect(missing.stderrText.hasPrefix("error: "))
        #expect(try TestProcess.run(ToolInvocation(Self.example.path, [])).status == 64)
    }
}
