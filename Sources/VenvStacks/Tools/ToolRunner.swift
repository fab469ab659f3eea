import Foundation

/// An external command described as a value, so its argv can be unit-tested.
public struct ToolInvocation: Sendable, Equatable {
    /// A program name looked up on `PATH`, or an absolute path.
    public var executable: String
    public var arguments: [String]
    /// Variables to set or override (nil values remove a variable).
    public var environment: [String: String?] = [:]
    public var workingDirectory: URL?
    public var standardInput: Data?

    public init(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:],
        workingDirectory: URL? = nil, standardInput: Data? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
    }

    /// The command line as a shell-like string for messages.
    public var commandLine: String {
        ([executable] + arguments).map { arg in
            arg.isEmpty || arg.contains(where: { " \"'$\\".contains($0) }) ? "'\(arg)'" : arg
        }.joined(separator: " ")
    }
}

/// What a finished command produced. A non-zero exit is a result, not an error.
public struct ToolResult: Sendable, Equatable {
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

/// The only way the engine spawns processes.
public protocol ToolRunner: Sendable {
    func run(_ invocation: ToolInvocation) throws(ToolError) -> ToolResult
}

extension ToolRunner {
    /// Runs `invocation` and treats a non-zero exit as an error that carries the tail of
    /// the tool's own error output.
    @discardableResult
    public func runChecked(_ invocation: ToolInvocation, tailLines: Int = 20) throws(ToolError) -> ToolResult {
        let result = try run(invocation)
        guard result.status == 0 else {
            throw ToolError(
                invocation: invocation, reason: "\(invocation.displayName) exited with status \(result.status)",
                stderrTail: result.stderrTail(lines: tailLines))
        }
        return result
    }
}

extension ToolInvocation {
    /// The program's file name (`uv`, `git`, ...), for messages.
    public var displayName: String { URL(fileURLWithPath: executable).lastPathComponent }
}

/// Runs tools with Foundation's `Process`. A tool that exits without reading all of its
/// input is no failure of the runner: the rest of the input is dropped, and the tool's exit
/// status and error output are returned as for any other run.
public struct ProcessToolRunner: ToolRunner {
    public init() {}

    public func run(_ invocation: ToolInvocation) throws(ToolError) -> ToolResult {
        BrokenPipes.survive()
        guard let executable = Self.locate(invocation.executable) else {
            throw ToolError(
                invocation: invocation,
                reason: "'\(invocation.executable)' was not found on PATH (run misc/setup.sh, or install it)",
                stderrTail: "")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = invocation.arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in invocation.environment {
            environment[key] = value
        }
        process.environment = environment
        if let directory = invocation.workingDirectory { process.currentDirectoryURL = directory }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        do {
            try process.run()
        } catch {
            throw ToolError(
                invocation: invocation, reason: "could not start: \(FileSystemError.reason(error))", stderrTail: "")
        }
        let input = invocation.standardInput ?? Data()
        let writer = Thread {
            // EPIPE when the tool stopped reading: stop writing, its status tells the rest.
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = ErrorCollector(stderr.fileHandleForReading)
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus, standardOutput: outData, standardError: errorData.finish())
    }

    /// Resolves a program name through `PATH`.
    public static func locate(_ name: String) -> URL? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

/// Drains a pipe on a background thread so a chatty tool cannot block on a full pipe.
private final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
