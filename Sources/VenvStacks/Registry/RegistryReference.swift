import Foundation

/// `host[:port]/name[:tag]`: where a stack goes in (or comes from) a registry
/// (docs/registries.md#references).
public struct RegistryReference: Sendable, Equatable, CustomStringConvertible {
    /// `host` or `host:port`.
    public var registry: String
    /// The repository: lower-case components joined by `/`.
    public var repository: String
    public var tag: String

    public init(parsing text: String, defaultTag: String = "latest") throws(StackError) {
        let bad = { (why: String) in
            StackError(
                "'\(MessageExcerpt.quote(text))' is not a registry reference: \(why)",
                hint: "write it as host[:port]/name[:tag], e.g. 127.0.0.1:5000/stacks/sample:v1")
        }
        guard let slash = text.firstIndex(of: "/") else { throw bad("it names no registry host") }
        let host = String(text[..<slash])
        var rest = String(text[text.index(after: slash)...])
        guard !host.isEmpty, host.contains(".") || host.contains(":") || host == "localhost" else {
            throw bad("'\(host)' is not a host (a host has a '.' or a ':port', or is localhost)")
        }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) }) else {
            throw bad("the host '\(host)' has characters a host cannot have")
        }
        var tag = defaultTag
        if rest.contains("@") { throw bad("digests are not supported here; give a tag") }
        if let colon = rest.lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = String(rest[..<colon])
        }
        guard StackArtifacts.isValidTag(tag) else { throw bad("'\(tag)' is not a valid tag") }
        guard Self.isValidRepository(rest) else {
            throw bad(
                "'\(rest)' is not a repository name (lower-case letters and digits, separated by '.', '_', '-' or '/')")
        }
        registry = host
        repository = rest
        self.tag = tag
    }

    public var description: String { "\(registry)/\(repository):\(tag)" }

    /// Whether the registry is this machine (plain HTTP is allowed there).
    public var isLoopback: Bool {
        let host =
            registry.hasPrefix("[")
            ? String(registry.prefix { $0 != "]" }.dropFirst()) : String(registry.prefix { $0 != ":" })
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The distribution spec's repository grammar.
    static func isValidRepository(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 255 else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            guard let first = component.first, let last = component.last, first.isLowercaseAlphanumeric,
                last.isLowercaseAlphanumeric
            else { return false }
            var previous: Character = first
            for character in component.dropFirst() {
                if character.isLowercaseAlphanumeric {
                } else if character == "." || character == "-" {
                    if previous == "." { return false }
                } else if character == "_" {
                } else {
                    return false
                }
                previous = character
            }
            return !component.contains("___") && !component.contains("..")
        }
    }
}

extension Character {
    fileprivate var isLowercaseAlphanumeric: Bool { ("a"..."z").contains(self) || ("0"..."9").contains(self) }
}
