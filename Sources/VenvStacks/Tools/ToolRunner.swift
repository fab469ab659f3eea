import Foundation

/// An external command described as a value, so its argv can be unit-tested.
public struct ToolInvocation: Sendable, Equatable {
    /// Where the command's standard streams go.
    public enum Streams: Sendable, Equatable {
        /// Input from `standardInput`; output and error output collected into the result.
        case captured
        /// This process's own standard input, output and error (a deployed application).
        case inherited
    }

    /// A program name looked up on `PATH`, or an absolute path.
    public var executable: String
    public var arguments: [String]
    /// Variables to set or override (nil values remove a variable).
    public var environment: [String: String?] = [:]
    public var workingDirectory: URL?
    public var standardInput: Data?
    public var streams: Streams = .captured

    public init(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:],
        workingDirectory: URL? = nil, standardInput: Data? = nil, streams: Streams = .captured
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
        self.streams = streams
    }

    /// The command line as a shell-like string for messages.
    public var commandLine: String {
        ([executable] + arguments).map { arg in
            arg.isEmpty || arg.contains(where: { " \"'$\\".contains($0) }) ? "'\(arg)'" : arg
        }.joined(separator: " ")
    }

    /// The program's file name (`uv`, `git`, ...), for messages.
    public var displayName: String { URL(fileURLWithPath: executable).lastPathComponent }
}

/// What a finished command produced. A non-zero exit is a result, not an error.
public struct ToolResult: Sendable, Equatable {
    /// The exit status; 128 + the signal number when a signal ended the command (as shells do).
    public var status: Int32
    public var standardOutput: Data
    public var standardError: Data

    public init(status: Int32, standardOutput: Data = Data(), standardError: Data = Data()) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    public var stdoutText: String { String(decoding: standardOutput, as: UTF8.self) }
    public var stderrText: String { String(decoding: standardError, as: UTF8.self) }

    /// The last `lines` lines of stderr, for error messages.
    public func stderrTail(lines: Int = 20) -> String {
        let all = stderrText.split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A command that could not be started, or finished with a failure the caller cannot accept.
public struct ToolError: Error, Sendable, CustomStringConvertible {
    public var invocation: ToolInvocation
    public var reason: String
    public var stderrTail: String

    public init(invocation: ToolInvocation, reason: String, stderrTail: String = "") {
        self.invocation = invocation
        self.reason = reason
        self.stderrTail = stderrTail
    }

    public var description: String {
        var text = "\(reason)\n  command: \(invocation.commandLine)"
        if !stderrTail.isEmpty {
            text +=
                "\n  its error output:\n"
                + stderrTail.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        }
        return text
    }
}

/// The only way the engine starts other programs (``ProcessToolRunner`` in production, a
/// scripted fake in tests).
public protocol ToolRunner: Sendable {
    /// Runs `invocation` to its end. Throws only when it cannot be run at all; a non-zero
    /// exit is returned as a result.
    func run(_ invocation: ToolInvocation) async throws(ToolError) -> ToolResult
}

extension ToolRunner {
    /// Runs `invocation` and treats a non-zero exit as an error that carries the tail of
    /// the tool's own error output: the one place where an exit status becomes an error.
    @discardableResult
    public func runChecked(_ invocation: ToolInvocation, tailLines: Int = 20) async throws(ToolError) -> ToolResult {
        let result = try await run(invocation)
        guard result.status == 0 else {
            throw ToolError(
                invocation: invocation, reason: "\(invocation.displayName) exited with status \(result.status)",
                stderrTail: result.stderrTail(lines: tailLines))
        }
        return result
    }
}

/// Finds programs the way a shell does.
public enum ExecutableSearch {
    /// `name` itself when it holds a `/`, else the first executable `name` on `PATH`.
    public static func locate(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        for directory in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
