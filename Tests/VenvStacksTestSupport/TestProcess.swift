import Foundation
import VenvStacks

/// Runs a program to its end for a test, synchronously, so the many tests that start the
/// real `venvstacks` binary stay plain functions. Input, output and error output go through
/// temporary files: no pipe can fill up, and no thread is needed to drain one.
public enum TestProcess {
    public static func run(_ invocation: ToolInvocation) throws -> ToolResult {
        guard let executable = ExecutableSearch.locate(invocation.executable) else {
            throw ToolError(invocation: invocation, reason: "'\(invocation.executable)' was not found on PATH")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("venvstacks-test-process-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = ["in", "out", "err"].map { folder.appendingPathComponent($0) }
        try (invocation.standardInput ?? Data()).write(to: files[0])
        for file in files.dropFirst() { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let input = try FileHandle(forReadingFrom: files[0])
        let output = try FileHandle(forWritingTo: files[1])
        let error = try FileHandle(forWritingTo: files[2])
        defer { for handle in [input, output, error] { try? handle.close() } }
        let process = Process()
        process.executableURL = executable
        process.arguments = invocation.arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in invocation.environment { environment[key] = value }
        process.environment = environment
        if let directory = invocation.workingDirectory { process.currentDirectoryURL = directory }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ToolResult(
            status: status, standardOutput: try Data(contentsOf: files[1]),
            standardError: try Data(contentsOf: files[2]))
    }
}
