import Foundation
import Subprocess
import SystemPackage

/// Runs tools with swift-subprocess: the one place where venvstacks starts a program.
///
/// Output and error output are collected concurrently, so a chatty tool never blocks on a
/// full pipe. A tool that exits without reading all of its input is no failure of the
/// runner: the rest of the input is dropped, and the tool's exit status and error output are
/// returned as for any other run.
public struct ProcessToolRunner: ToolRunner {
    /// The most output or error output collected from one run: no limit. swift-subprocess
    /// reserves a buffer of the limit's size for each stream up front unless it is `Int.max`
    /// (Output.swift, `captureOutput`), so a finite limit costs that much per run.
    public static let outputLimit = Int.max

    public init() {}

    public func run(_ invocation: ToolInvocation) async throws(ToolError) -> ToolResult {
        BrokenPipes.survive()
        guard let executable = ExecutableSearch.locate(invocation.executable) else {
            throw ToolError(
                invocation: invocation,
                reason: "'\(invocation.executable)' was not found on PATH (run misc/setup.sh, or install it)")
        }
        let configuration = Configuration(
            executable: .path(FilePath(executable.path)), arguments: Arguments(invocation.arguments),
            environment: .inherit.updating(
                Dictionary(
                    uniqueKeysWithValues: invocation.environment.compactMap { key, value in
                        Environment.Key(rawValue: key).map { ($0, value) }
                    })),
            workingDirectory: invocation.workingDirectory.map { FilePath($0.path) })
        do {
            switch invocation.streams {
            case .captured: return try await captured(configuration, input: invocation.standardInput ?? Data())
            case .inherited: return try await inherited(configuration)
            }
        } catch let error as SubprocessError {
            throw ToolError(invocation: invocation, reason: Self.reason(error))
        } catch {
            throw ToolError(invocation: invocation, reason: "could not run: \(FileSystemError.reason(error))")
        }
    }

    private func captured(_ configuration: Configuration, input: Data) async throws -> ToolResult {
        let result = try await Subprocess.run(
            configuration, input: .inputWriter, output: .data(limit: Self.outputLimit),
            error: .data(limit: Self.outputLimit)
        ) { execution in
            // EPIPE when the tool stopped reading: stop writing, its status tells the rest.
            if !input.isEmpty { _ = try? await execution.standardInputWriter.write(input) }
            try? await execution.standardInputWriter.finish()
        }
        return ToolResult(
            status: Self.status(result.terminationStatus), standardOutput: result.standardOutput,
            standardError: result.standardError)
    }

    private func inherited(_ configuration: Configuration) async throws -> ToolResult {
        let result = try await Subprocess.run(
            configuration, input: .currentStandardInput, output: .currentStandardOutput,
            error: .currentStandardError)
        return ToolResult(status: Self.status(result.terminationStatus))
    }

    static func status(_ termination: TerminationStatus) -> Int32 {
        switch termination {
        case .exited(let code): Int32(code)
        case .signaled(let signal): 128 + Int32(signal)
        }
    }

    static func reason(_ error: SubprocessError) -> String {
        switch error.code {
        case .executableNotFound: "could not start: the program was not found"
        case .failedToChangeWorkingDirectory: "could not start: its working directory cannot be entered"
        case .spawnFailed: "could not start: \(error.underlyingError.map { "\($0)" } ?? "the system refused")"
        default: "could not run: \(error)"
        }
    }
}
