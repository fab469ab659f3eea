/// A relative path inside the deploy folder, as a list of names (no empty, "." or ".." names).
///
/// Names are compared as UTF-8 bytes, never with `String`'s `==` (which treats canonically
/// equivalent spellings as equal while the file system on Linux does not).
struct ArchivePath {
    /// Why a path string cannot be used.
    enum Problem: Error, Equatable {
        /// It starts with "/".
        case absolute
        /// It has a ".." name.
        case parentReference
    }

    /// The names, outermost first; empty for the deploy folder itself.
    var names: [String]

    /// The path of `names`.
    init(names: [String]) {
        self.names = names
    }

    /// `text` with "." names and empty names (repeated or trailing "/") removed.
    ///
    /// The text is split at "/" bytes, as the file system does: splitting the `String` would
    /// miss a "/" that a combining mark joins to the next character.
    init(parsing text: String) throws(Problem) {
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        guard text.utf8.first != slash else { throw .absolute }
        var names: [String] = []
        for name in text.utf8.split(separator: slash, omittingEmptySubsequences: true) {
            if name.elementsEqual([dot]) { continue }
            guard !name.elementsEqual([dot, dot]) else { throw .parentReference }
            names.append(String(decoding: name, as: UTF8.self))
        }
        self.names = names
    }

    /// The names joined by "/" ("" for the deploy folder).
    var text: String { names.joined(separator: "/") }

    /// The UTF-8 bytes of `text`: the identity of the path in sets and dictionaries.
    var bytes: [UInt8] { Array(text.utf8) }

    /// The folder holding this path (the deploy folder for a top-level name).
    var parent: ArchivePath { ArchivePath(names: Array(names.dropLast())) }

    /// Every folder above this path that is not the deploy folder, outermost first.
    var ancestors: [ArchivePath] {
        names.indices.dropLast().map { ArchivePath(names: Array(names[...$0])) }
    }

    /// Whether this path is `other` or inside it (compared name by name, as bytes).
    func isWithin(_ other: ArchivePath) -> Bool {
        guard other.names.count <= names.count else { return false }
        return zip(names, other.names).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }
}
