import Foundation

/// The header fields of an installed distribution's core metadata (`METADATA`): one field per
/// line, a line starting with white space continuing the field before it, the headers ending at
/// the first blank line (the description follows as the body).
struct CoreMetadata: Sendable, Equatable {
    /// Field names as written, values with continuation lines joined by newlines.
    let fields: [(name: String, value: String)]

    init(text: String) {
        var fields: [(name: String, value: String)] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { break }
            if let first = line.first, first == " " || first == "\t" {
                guard !fields.isEmpty else { continue }
                var continued = line.drop { $0 == " " || $0 == "\t" }
                // setuptools marks the continuation lines of a long License with "|".
                if continued.first == "|" { continued = continued.dropFirst() }
                fields[fields.count - 1].value += "\n" + continued
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            fields.append((String(line[..<colon]), String(value)))
        }
        self.fields = fields
    }

    /// Every value of the field `name` (compared case-insensitively), in file order.
    func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    static func == (lhs: CoreMetadata, rhs: CoreMetadata) -> Bool {
        lhs.fields.map { "\($0.name)\u{0}\($0.value)" } == rhs.fields.map { "\($0.name)\u{0}\($0.value)" }
    }

    /// The distribution's declared licences as CycloneDX 1.5 `licenses` entries
    /// (docs/formats.md#layer-sboms): its `License-Expression` alone when it has one; otherwise
    /// its `License` field (a short one as the name, a long one as the text, named by its first
    /// line) and then the names of its `License ::` classifiers, each name once.
    var licenses: [JSONValue] {
        if let expression = values("License-Expression").first?.trimmingCharacters(in: .whitespacesAndNewlines),
            !expression.isEmpty
        {
            return [.object(["expression": .string(expression)])]
        }
        var names: [String] = []
        var entries: [JSONValue] = []
        if let license = values("License").first?.trimmingCharacters(in: .whitespacesAndNewlines),
            !license.isEmpty, license.uppercased() != "UNKNOWN"
        {
            let firstLine = String(license.prefix { $0 != "\n" }.prefix(Self.nameLimit))
            var fields: [String: JSONValue] = ["name": .string(firstLine)]
            if firstLine != license {
                fields["text"] = .object(["content": .string(license), "contentType": .string("text/plain")])
            }
            names.append(firstLine)
            entries.append(.object(["license": .object(fields)]))
        }
        for classifier in values("Classifier") {
            let parts = classifier.split(separator: "::").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 2, parts[0] == "License", let name = parts.last, !name.isEmpty,
                !names.contains(name)
            else { continue }
            names.append(name)
            entries.append(.object(["license": .object(["name": .string(name)])]))
        }
        return entries
    }

    /// The longest licence name kept from a `License` field's first line.
    static let nameLimit = 200
}
