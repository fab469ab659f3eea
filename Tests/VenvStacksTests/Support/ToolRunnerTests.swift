import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// The production runner (swift-subprocess) and the fail-closed scripted fake.
@Suite struct ToolRunnerTests {
    @Test func capturesOutputErrorOutputInputAndStatus() async throws {
        let result = try await ProcessToolRunner().run(
            ToolInvocation(
                "/bin/sh", ["-c", "cat; echo \"$GREETING\"; echo oops >&2; exit 3"], environment: ["GREETING": "hi"],
                standardInput: Data("from stdin\n".utf8)))
        #expect(result.status == 3)
        #expect(result.stdoutText == "from stdin\nhi\n")
        #expect(result.stderrText == "oops\n")
    }

    @Test func aLargeOutputOnBothStreamsNeverBlocks() async throws {
        let script = "head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2"
        let result = try await ProcessToolRunner().run(ToolInvocation("/bin/sh", ["-c", script]))
        #expect(
            result.status == 0 && result.standardOutput.count == 3_000_000 && result.standardError.count == 3_000_000)
    }

    @Test func removedVariablesAndTheWorkingDirectoryApply() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await ProcessToolRunner().run(
            ToolInvocation(
                "/bin/sh", ["-c", "pwd; echo \"[${HOME-unset}]\""], environment: ["HOME": nil], workingDirectory: folder
            ))
        #expect(result.stdoutText == "\(folder.resolvingSymlinksInPath().path)\n[unset]\n")
    }

    @Test func aSignalBecomes128PlusItsNumber() async throws {
        let result = try await ProcessToolRunner().run(ToolInvocation("/bin/sh", ["-c", "kill -TERM $$"]))
        #expect(result.status == 128 + 15)
    }

    @Test func aMissingProgramIsAToolErrorNamingIt() async {
        await #expect {
            _ = try await ProcessToolRunner().run(ToolInvocation("no-such-program-venvstacks", []))
        } throws: { error in
            "\(error)".contains("'no-such-program-venvstacks' was not found on PATH")
        }
    }

    @Test func runCheckedTurnsAFailureIntoAnErrorWithTheStderrTail() async {
        await #expect {
            try await ProcessToolRunner().runChecked(
                ToolInvocation("/bin/sh", ["-c", "echo first >&2; echo last >&2; exit 2"]))
        } throws: { error in
            let text = "\(error)"
            return text.contains("sh exited with status 2") && text.contains("    first\n    last")
        }
    }

    @Test func theScriptedFakeAnswersOnlyWhatATestScripted() async throws {
        let runner = ScriptedToolRunner().on("uv", arguments: ["--version"]) { _ in
            ToolResult(status: 0, standardOutput: Data("uv 0.8.18\n".utf8))
        }
        #expect(try await runner.run(ToolInvocation("/x/uv", ["--version"])).stdoutText == "uv 0.8.18\n")
        #expect(runner.calls.map(\.arguments) == [["--version"]])
        // An unscripted call fails the test that made it, even when the engine swallows the error.
        await withKnownIssue {
            _ = try? await runner.run(ToolInvocation("/x/uv", ["lock"]))
        } matching: { issue in
            "\(issue)".contains("unscripted call to a fake tool runner: /x/uv lock")
        }
        #expect(runner.unscripted.map(\.arguments) == [["lock"]])
    }

    @Test func anUnscriptedCallIsAlsoRefusedWithAToolError() async {
        let runner = ScriptedToolRunner().refusingQuietly()
        await #expect(throws: ToolError.self) { try await runner.run(ToolInvocation("git", ["status"])) }
    }
}

/// The layer scheduler: dependencies first, at most `limit` at once, nothing new after a failure.
@Suite struct LayerSchedulerTests {
    actor Journal {
        var events: [String] = []
        var running = 0
        var peak = 0
        func start(_ name: String) {
            events.append("start " + name)
            running += 1
            peak = max(peak, running)
        }
        func end(_ name: String) {
            events.append("end " + name)
            running -= 1
        }
    }

    @Test(arguments: [1, 2, 3])
    func runsEachLayerAfterItsDependenciesWithinTheLimit(limit: Int) async throws {
        let journal = Journal()
        let order = ["rt", "fw-a", "fw-b", "fw-c", "app"]
        let dependencies: [String: Set<String>] = [
            "fw-a": ["rt"], "fw-b": ["rt"], "fw-c": ["rt"], "app": ["fw-a", "fw-b"],
        ]
        let results = try await LayerScheduler.run(order: order, dependencies: dependencies, limit: limit) {
            name async throws(StackError) -> String in
            await journal.start(name)
            try? await Task.sleep(for: .milliseconds(30))
            await journal.end(name)
            return name.uppercased()
        }
        #expect(results == Dictionary(uniqueKeysWithValues: order.map { ($0, $0.uppercased()) }))
        let events = await journal.events
        for (name, needs) in dependencies {
            for need in needs {
                #expect(events.firstIndex(of: "end " + need)! < events.firstIndex(of: "start " + name)!)
            }
        }
        #expect(await journal.peak == min(limit, 3))
    }

    @Test func afterAFailureNothingNewStartsAndTheFirstFailureInOrderIsThrown() async {
        let journal = Journal()
        await #expect {
            _ = try await LayerScheduler.run(
                order: ["a", "b", "c", "d"], dependencies: ["c": ["a"], "d": ["b"]], limit: 2
            ) { name async throws(StackError) -> Int in
                await journal.start(name)
                if name == "b" { throw StackError("b broke") }
                try? await Task.sleep(for: .milliseconds(50))
                if name == "a" { throw StackError("a broke") }
                return 0
            }
        } throws: { error in
            "\(error)" == "a broke"
        }
        #expect(await journal.events.filter { $0.hasPrefix("start") } == ["start a", "start b"])
    }
}
