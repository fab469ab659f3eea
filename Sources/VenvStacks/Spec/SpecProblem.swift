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

    public var description: String {
        var parts = [file]
        if let layer { parts.append(layer) }
        if let field { parts.append("field '\(field)'") }
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

/// Every error found in a stack spec; loading reports them all at once.
public struct StackSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [SpecProblem]

    public init(problems: [SpecProblem]) { self.problems = problems }

    public var description: String {
        if problems.count == 1 { return "Invalid stack specification: \(problems[0])" }
        let lines = problems.map { "  - \($0)" }
        return (["Invalid stack specification (\(problems.count) problems):"] + lines)
            .joined(separator: "\n")
    }
}
