import Foundation
import Synchronization
import Testing
import VenvStacks

/// The test stand-in for every program the engine starts. It answers only the calls a
/// test scripts; any other call fails the test (an issue is recorded where it happens, even
/// when the engine would swallow the error) and is refused with a `ToolError`.
///
/// ```swift
/// let runner = ScriptedToolRunner()
///     .on("uv lock", { $0.arguments.first == "lock" }) { _ in ToolResult(status: 0) }
/// ```
public final class ScriptedToolRunner: ToolRunner, Sendable {
    /// One scripted answer: which calls it takes, and what they get.
    public struct Rule: Sendable {
        public var name: String
        public var matches: @Sendable (ToolInvocation) -> Bool
        public var respond: @Sendable (ToolInvocation) async throws(ToolError) -> ToolResult
    }

    private let rules: [Rule]
    private let log = Mutex<[ToolInvocation]>([])
    private let refused = Mutex<[ToolInvocation]>([])
    /// Whether an unscripted call records a test issue (off only in the test of this fake).
    private let recordsIssues: Bool

    public convenience init() { self.init(rules: [], recordsIssues: true) }

    private init(rules: [Rule], recordsIssues: Bool) {
        self.rules = rules
        self.recordsIssues = recordsIssues
    }

    /// A copy that also answers calls `matches` accepts (earlier rules win).
    public func on(
        _ name: String, _ matches: @escaping @Sendable (ToolInvocation) -> Bool,
        respond: @escaping @Sendable (ToolInvocation) async throws(ToolError) -> ToolResult
    ) -> ScriptedToolRunner {
        ScriptedToolRunner(
            rules: rules + [Rule(name: name, matches: matches, respond: respond)], recordsIssues: recordsIssues)
    }

    /// A copy whose unscripted calls are refused without recording an issue.
    public func refusingQuietly() -> ScriptedToolRunner {
        ScriptedToolRunner(rules: rules, recordsIssues: false)
    }

    public func run(_ invocation: ToolInvocation) async throws(ToolError) -> ToolResult {
        guard let rule = rules.first(where: { $0.matches(invocation) }) else {
            refused.withLock { $0.append(invocation) }
            let known = rules.map(\.name).joined(separator: ", ")
            let message =
                "unscripted call to a fake tool runner: \(invocation.commandLine) (scripted: \(known.isEmpty ? "nothing" : known))"
            if recordsIssues { Issue.record(Comment(rawValue: message)) }
            throw ToolError(invocation: invocation, reason: message)
        }
        log.withLock { $0.append(invocation) }
        return try await rule.respond(invocation)
    }

    /// The scripted calls answered so far, in the order they came.
    public var calls: [ToolInvocation] { log.withLock { $0 } }
    /// The unscripted calls refused so far.
    public var unscripted: [ToolInvocation] { refused.withLock { $0 } }
}

extension ScriptedToolRunner {
    /// Answers calls to `executable` (its file name, e.g. `uv`) whose arguments start with `prefix`.
    public func on(
        _ executable: String, arguments prefix: [String],
        respond: @escaping @Sendable (ToolInvocation) async throws(ToolError) -> ToolResult
    ) -> ScriptedToolRunner {
        on(
            ([executable] + prefix).joined(separator: " "),
            { $0.displayName == executable && $0.arguments.starts(with: prefix) }, respond: respond)
    }

    /// Runs calls to `executable` for real (e.g. `cp` or `python` in a test that needs them).
    public func passingThrough(_ executable: String) -> ScriptedToolRunner {
        on("\(executable) (real)", { $0.displayName == executable }) { invocation throws(ToolError) in
            try await ProcessToolRunner().run(invocation)
        }
    }
}
