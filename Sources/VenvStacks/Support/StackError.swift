import Foundation

/// The error the engine throws for anything that is not a spec problem, an archive error or a
/// tool failure (those keep their own types because callers switch on them). It says what was
/// being done (the operation, the layer, the file), what went wrong, what caused it and how to
/// fix it. Inner code fills in what it knows; the layers above add the rest with
/// ``adding(operation:layer:file:)`` or ``during(_:layer:file:hint:_:)`` instead of
/// re-wording the message (docs/architecture.md#errors).
///
/// The text users see is ``description``:
/// `Layer <layer>: [<file>: ]<problem>[: <cause>][; <hint>]` (the hint on a line of its own
/// after a message of several lines), where the layer and the file are
/// left out when the problem already names them (a layer as `'name'`), and the cause is given in plain words.
public struct StackError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The workspace operation that was running.
    public enum Operation: String, Sendable, Equatable {
        case open, lock, build, publish, export, deploy, launch, status
    }

    /// The workspace operation that failed (set by ``StackWorkspace``).
    public var operation: Operation?
    /// The layer being worked on (its build name, or its deployed name during deploy).
    public var layer: String?
    /// The file or folder involved, when the problem is about one.
    public var file: String?
    /// What went wrong, in plain words ("cannot create the virtual environment").
    public var problem: String
    /// The error that caused it (a tool failure, a file-system error, ...).
    public var cause: (any Error)?
    /// How to fix it ("run 'venvstacks lock' first").
    public var hint: String?

    public init(
        layer: String? = nil, file: String? = nil, _ problem: String, hint: String? = nil, cause: (any Error)? = nil
    ) {
        self.problem = problem
        self.layer = layer
        self.file = file
        self.hint = hint
        self.cause = cause
    }

    public var description: String {
        var text = ""
        if let layer, !problem.contains("'\(layer)'") { text += "Layer \(layer): " }
        if let file, !problem.contains(file) { text += "\(file): " }
        text += problem
        if let cause { text += (problem.isEmpty ? "" : ": ") + causeText(cause) }
        // A hint after a multi-line message (a tool's output, a list) goes on its own line.
        if let hint { text += (text.contains("\n") ? "\n" : "; ") + hint }
        return text
    }

    /// The cause in words: an error that describes itself says so; a Foundation file error
    /// becomes its plain reason, with its path only when the message does not name it yet.
    private func causeText(_ cause: any Error) -> String {
        if var own = cause as? StackError {
            if own.layer == layer { own.layer = nil }
            if own.file == file { own.file = nil }
            return own.description
        }
        if cause is FileSystemError || (cause as NSError).domain == NSCocoaErrorDomain
            || (cause as NSError).domain == NSPOSIXErrorDomain
        {
            let failure = FileSystemError(cause)
            let named = problem.contains(failure.path) || file == failure.path
            return named ? failure.reason : failure.description
        }
        // Foundation's other errors in plain words; the project's own errors describe themselves.
        if type(of: cause) is NSError.Type { return FileSystemError.reason(cause) }
        return String(describing: cause)
    }

    /// The same error with the context it lacks filled in (what it already says wins).
    public func adding(operation: Operation? = nil, layer: String? = nil, file: String? = nil) -> StackError {
        var copy = self
        copy.operation = copy.operation ?? operation
        copy.layer = copy.layer ?? layer
        copy.file = copy.file ?? file
        return copy
    }

    /// `error` as a ``StackError`` carrying this context: with an empty `problem`, a
    /// ``StackError`` only gains what it lacks; otherwise `error` becomes the cause of `problem`.
    public static func wrapping(
        _ error: any Error, _ problem: String, layer: String? = nil, file: String? = nil, hint: String? = nil
    ) -> StackError {
        if let own = error as? StackError, problem.isEmpty, hint == nil { return own.adding(layer: layer, file: file) }
        return StackError(layer: layer, file: file, problem, hint: hint, cause: error)
    }

    /// Runs `body`; whatever it throws becomes a ``StackError`` about `problem` (see
    /// ``wrapping(_:_:layer:file:hint:)``). The one way engine code puts context on a failure.
    @discardableResult
    public static func during<T>(
        _ problem: String, layer: String? = nil, file: String? = nil, hint: String? = nil,
        _ body: () throws -> T
    ) throws(StackError) -> T {
        do {
            return try body()
        } catch {
            throw wrapping(error, problem, layer: layer, file: file, hint: hint)
        }
    }

    /// ``during(_:layer:file:hint:_:)`` for asynchronous work.
    @discardableResult
    public static func during<T>(
        _ problem: String, layer: String? = nil, file: String? = nil, hint: String? = nil,
        _ body: () async throws -> T
    ) async throws(StackError) -> T {
        do {
            return try await body()
        } catch {
            throw wrapping(error, problem, layer: layer, file: file, hint: hint)
        }
    }

    public static func == (lhs: StackError, rhs: StackError) -> Bool {
        lhs.operation == rhs.operation && lhs.layer == rhs.layer && lhs.file == rhs.file
            && lhs.problem == rhs.problem && lhs.hint == rhs.hint && lhs.description == rhs.description
    }
}
