/// A field-level problem raised by a value parser; the loader adds file, layer and field.
public struct SpecFieldError: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Where in a stack spec a problem was found.
public struct SpecLocation: Equatable, Sendable, CustomStringConvertible {
    /// The spec file (or `venvstacks.uv.toml`) path.
    public var file: String
    /// `Runtime 'cpython-3.11'`-style layer label, if the problem belongs to a layer.
    public var layer: String?
    /// The field (key) name, if the problem belongs to a field.
    public var field: String?

    public init(file: String, layer: String? = nil, field: String? = nil) {
        self.file = file
        self.layer = layer
        self.field = field
    }

    /// `file: layer: field 'key'`; the key is quoted as a short escaped excerpt and the file
    /// path escaped (``MessageExcerpt``), since an unknown key is whatever the spec holds.
    public var description: String {
        var parts = [MessageExcerpt.escapePath(file)]
        if let layer { parts.append(layer) }
        if let field { parts.append("field \(MessageExcerpt.quote(field))") }
        return parts.joined(separator: ": ")
    }
}

/// One problem (error or warning) found while loading a stack spec.
public struct SpecProblem: Equatable, Sendable, CustomStringConvertible {
    public var location: SpecLocation
    /// What is wrong, and how to fix it where that is not obvious.
    public var message: String

    public init(_ location: SpecLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// Every error found in a stack spec; loading reports them all at once, up to a limit.
///
/// A spec with thousands of bad keys would otherwise give one line each (megabytes of
/// output): the first ``shownLimit`` problems are kept and shown in full, the rest only
/// counted (`omitted`), and the message ends with how many more there are.
public struct StackSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The problems shown in full.
    public static let shownLimit = 50

    /// The problems kept, in the order they were found.
    public var problems: [SpecProblem]
    /// Problems found beyond those kept, counted only.
    public var omitted: Int

    public init(problems: [SpecProblem], omitted: Int = 0) {
        self.problems = problems
        self.omitted = omitted
    }

    /// Every problem found, shown or not.
    public var count: Int { problems.count + omitted }

    public var description: String {
        if count == 1, let only = problems.first { return "Invalid stack specification: \(only)" }
        let shown = problems.prefix(Self.shownLimit)
        var lines = ["Invalid stack specification (\(count) problems):"] + shown.map { "  - \($0)" }
        if count > shown.count {
            lines.append("  … and \(count - shown.count) more problems (fix these first)")
        }
        return lines.joined(separator: "\n")
    }
}
