import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `venvstacks inspect`: the real binary, fed through a pipe (scriptable, one answer per
/// command, errors on stderr and the session goes on), and driven in a real terminal by tmux
/// (Tab completion, history kept between sessions, the announced reload when a lock changes).
@Suite(.serialized) final class InspectSessionTests {
    let root: URL
    let built: FakeBuiltProject
    let history: URL

    init() throws {
        root = try makeTemporaryDirectory()
        built = try FakeBuiltProject(in: root, payloadBytes: 10)
        history = root.appendingPathComponent("state/history")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func piped(_ lines: [String], _ options: [String] = []) throws -> CLIResult {
        let result = try TestProcess.run(
            ToolInvocation(
                TestPaths.binary.path, ["inspect"] + options + [built.spec.path],
                environment: ["VENVSTACKS_HISTORY_FILE": history.path],
                standardInput: Data((lines.joined(separator: "\n") + "\n").utf8)))
        return CLIResult(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }

    @Test func aPipeGetsOneAnswerPerCommandAndErrorsDoNotEndTheSession() throws {
        let result = try piped([
            "status", "why hx11", "layer framework-demo", "packages app-hello", "bogus", "quit", "status",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.components(separatedBy: "\nlayer ").count == 2, "status answered once: \(result.stdout)")
        #expect(result.stdout.contains("framework-demo\n  kind: framework\n  runtime: cpython-3.11\n"))
        #expect(result.stdout.contains("app-hello: no packages\n"))
        #expect(
            result.stderr
                == "ERROR: no layer's lock lists 'hx11'; did you mean h11?\n"
                + "ERROR: unknown command 'bogus'; type 'help' for the commands\n")
        #expect(!FileManager.default.fileExists(atPath: history.path), "a pipe keeps no history")
    }

    @Test func jsonGivesOneDocumentPerLineErrorsIncluded() throws {
        let result = try piped(["status --include cpython-*", "packages cpython-3.11", "layer nope"], ["--json"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.stdout)")
        let documents = try lines.map { try JSONValue.parse(Data($0.utf8)) }
        #expect(documents[0]["layers"]?[0]?["name"] == .string("cpython-3.11"))
        #expect(documents[1][0]?["name"] == .string("dlltracer") || documents[1][0]?["name"] == .string("numpy"))
        #expect(documents[2]["error"]?.stringValue?.hasPrefix("no layer 'nope' in the stack") == true)
        #expect(result.stderr.isEmpty)
    }

    @Test func aSpecWithErrorsIsReportedAndReloadPicksUpTheFix() throws {
        let good = try String(contentsOf: built.spec, encoding: .utf8)
        try (good + "\n[[frameworks]]\nname = \"broken\"\n").write(to: built.spec, atomically: true, encoding: .utf8)
        // The fix lands while the session runs: the second command reloads.
        let process = Process()
        process.executableURL = TestPaths.binary
        process.arguments = ["inspect", built.spec.path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("status\n".utf8))
        Thread.sleep(forTimeInterval: 1)
        try good.write(to: built.spec, atomically: true, encoding: .utf8)
        input.fileHandleForWriting.write(Data("layer framework-demo\n".utf8))
        try input.fileHandleForWriting.close()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(stderr.contains("broken"), "the spec problem is shown: \(stderr)")
        #expect(stderr.contains("the spec has errors (shown when it was loaded): fix them, then 'reload'"))
        #expect(stderr.contains("(the spec or a lock file changed: reloaded)"), "\(stderr)")
        #expect(stdout.contains("framework-demo\n  kind: framework"), "\(stdout)")
    }

    // MARK: - A real terminal

    /// A tmux server of this test's own, with the session in a 200×50 window. tmux runs through
    /// the project's process runner: Foundation's `Process` never sees the client exit once the
    /// tmux server has started (the server inherits what it waits on).
    struct Terminal {
        let socket: String
        let session = "inspect"

        @discardableResult
        func tmux(_ arguments: [String]) async throws -> ToolResult {
            try await ProcessToolRunner().run(ToolInvocation("tmux", ["-L", socket] + arguments))
        }

        func start(_ command: String) async throws {
            let result = try await tmux(["new-session", "-d", "-s", session, "-x", "200", "-y", "50", command])
            #expect(result.status == 0, "tmux: \(result.stderrText)")
        }

        func keys(_ keys: String...) async throws {
            try await tmux(["send-keys", "-t", session] + keys)
        }

        func screen() async throws -> String {
            try await tmux(["capture-pane", "-p", "-t", session, "-S", "-200"]).stdoutText
        }

        /// Waits (up to 15 s) until the screen holds `text` (tmux drops the blanks at the end of
        /// a line, so trailing blanks of `text` are not compared); the screen.
        @discardableResult
        func wait(for text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
            let wanted = String(text.reversed().drop(while: { $0 == " " }).reversed())
            var last = ""
            for _ in 0..<150 {
                last = try await screen()
                if last.contains(wanted) { return last }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the terminal never showed \(text.debugDescription):\n\(last)", sourceLocation: sourceLocation)
            return last
        }

        func stop() async { _ = try? await tmux(["kill-server"]) }
    }

    func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test func aTerminalSessionCompletesRemembersAndReloads() async throws {
        guard ExecutableSearch.locate("tmux") != nil else {
            Issue.record("tmux is missing: misc/setup.sh installs it")
            return
        }
        let terminal = Terminal(socket: "venvstacks-test-\(getpid())-\(UUID().uuidString.prefix(8))")
        let command =
            "env TERM=xterm VENVSTACKS_HISTORY_FILE=\(shellQuoted(history.path)) "
            + "\(shellQuoted(TestPaths.binary.path)) inspect \(shellQuoted(built.spec.path))"
        try await terminal.start(command)
        try await terminal.wait(for: "venvstacks> ")

        // Tab completes a command, then a package name from the locks.
        try await terminal.keys("sta", "Tab")
        try await terminal.wait(for: "venvstacks> status ")
        try await terminal.keys("Enter")
        try await terminal.wait(for: "layer ")
        try await terminal.keys("why ht", "Tab")
        try await terminal.wait(for: "venvstacks> why httpx ")
        try await terminal.keys("Enter")
        try await terminal.wait(for: "framework-demo: httpx 0.28.1, installed in this layer")
        // Two candidates: the first Tab adds nothing, the second lists them.
        try await terminal.keys("layer ", "Tab", "Tab")
        try await terminal.wait(for: "cpython-3.11  framework-demo  app-hello")
        try await terminal.keys("C-u")

        // A changed lock file is noticed while waiting for input, and said.
        let lock = built.project.appendingPathComponent("requirements/framework-demo/pylock.framework-demo.toml")
        try (try String(contentsOf: lock, encoding: .utf8) + "\n").write(to: lock, atomically: true, encoding: .utf8)
        try await terminal.wait(for: "(the spec or a lock file changed: reloaded)")

        // History: Up brings back the last command; it is kept for the next session.
        try await terminal.keys("Up")
        try await terminal.wait(for: "venvstacks> why httpx")
        try await terminal.keys("C-u", "quit", "Enter")
        try await Task.sleep(for: .milliseconds(500))
        let saved = try String(contentsOf: history, encoding: .utf8)
        #expect(saved.hasSuffix("status\nwhy httpx\nquit\n"), "\(saved)")
        await terminal.stop()

        let second = Terminal(socket: terminal.socket + "b")
        try await second.start(command)
        try await second.wait(for: "venvstacks> ")
        try await second.keys("Up", "Up")
        try await second.wait(for: "venvstacks> why httpx")
        try await second.keys("C-u", "C-d")
        await second.stop()
    }
}
