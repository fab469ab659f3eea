import Foundation
import Testing
import VenvStacksTestSupport
import VenvStacks

/// Slow group: two real `build` runs on one build folder and two real `publish` runs into
/// one output folder, started together: the second waits for the first, both succeed, and
/// the result is what one run makes.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct SharedFolderIntegrationTests: SlowCLISupport {
    /// The http-client framework and its runtime: the smallest part of the sample to build.
    let selection = ["--include", "framework-http-client"]

    /// Starts `venvstacks arguments`, waits until it holds the lock of `folder`, runs
    /// `venvstacks arguments` again, and returns both results (first, second).
    func twoRuns(_ arguments: [String], lockedFolder folder: URL) throws -> (ToolResult, ToolResult) {
        let binary = IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path
        let first = Background()
        Thread.detachNewThread {
            first.result = try? TestProcess.run(ToolInvocation(binary, arguments))
            first.done.signal()
        }
        let lockFile = folder.appendingPathComponent(FolderLock.fileName).path
        let end = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: lockFile) && Date() < end {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(FileManager.default.fileExists(atPath: lockFile), "the first run took the lock")
        let second = try venvstacks(arguments)
        first.done.wait()
        return (try #require(first.result), second)
    }

    func notice(_ folder: URL) -> String {
        "waiting for another venvstacks run that is writing \(folder.path) (it holds .venvstacks.lock)…"
    }

    @Test func twoBuildsOfOneFolderAndTwoPublishesIntoOneFolderBothSucceed() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let project = spec.deletingLastPathComponent()
        let build = project.appendingPathComponent("_build")

        let (firstBuild, secondBuild) = try twoRuns(["build"] + selection + [spec.path], lockedFolder: build)
        #expect(firstBuild.status == 0, "\(firstBuild.stderrText)")
        #expect(secondBuild.status == 0, "\(secondBuild.stderrText)")
        #expect(secondBuild.stderrText.components(separatedBy: notice(build)).count == 2, "\(secondBuild.stderrText)")
        #expect(firstBuild.stdoutText.contains("framework-http-client: built"), "\(firstBuild.stdoutText)")
        // The second run found the layers the first one built, complete and current.
        #expect(secondBuild.stdoutText.contains("cpython-3.11: up to date"), "\(secondBuild.stdoutText)")
        #expect(secondBuild.stdoutText.contains("framework-http-client: up to date"), "\(secondBuild.stdoutText)")
        let python = build.appendingPathComponent("framework-http-client/bin/python")
        let imported = try TestProcess.run(
            ToolInvocation(
                python.path, ["-c", "import httpx, numpy; print('ok')"],
                workingDirectory: FileManager.default.temporaryDirectory))
        #expect(imported.stdoutText == "ok\n", "\(imported.stderrText)")
        // No leftovers: the only hidden entry is the checks' byte-code cache (docs/behaviour.md#post-build-check).
        let hidden = try FileManager.default.contentsOfDirectory(atPath: build.path).filter { $0.hasPrefix(".") }
        #expect(hidden == [EnvironmentCheck.bytecodeCache(in: build).lastPathComponent], "\(hidden)")

        let publish = ["publish", "--format", "tar.zst", "--publish-dependencies"] + selection
        let reference = root.appendingPathComponent("reference")
        let single = try venvstacks(publish + ["--output-dir", reference.path, spec.path])
        #expect(single.status == 0, "\(single.stderrText)")
        let output = project.appendingPathComponent("_artifacts")
        let (firstPublish, secondPublish) = try twoRuns(publish + [spec.path], lockedFolder: output)
        #expect(firstPublish.status == 0, "\(firstPublish.stderrText)")
        #expect(secondPublish.status == 0, "\(secondPublish.stderrText)")
        #expect(secondPublish.stderrText.contains(notice(output)), "\(secondPublish.stderrText)")
        let expected = try files(under: reference), published = try files(under: output)
        #expect(published.keys.sorted() == expected.keys.sorted(), "no lock or partial file is left")
        #expect(expected.keys.contains("cpython-3.11.tar.zst"))
        for (path, data) in expected {
            #expect(published[path] == data, "\(path) differs from a single run's")
        }
    }
}

/// The result of a run on another thread.
private final class Background: @unchecked Sendable {
    var result: ToolResult?
    let done = DispatchSemaphore(value: 0)
}
