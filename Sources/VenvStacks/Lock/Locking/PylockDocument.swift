import Foundation

/// A whole `pylock.toml` document as plain data: the top-level keys and one entry list
/// per package. Key order is not kept by the TOML parser; ``PylockWriter`` restores the
/// order uv writes.
public struct PylockDocument: Sendable, Equatable {
    /// Top-level keys other than `packages` (`lock-version`, `created-by`, ...).
    public var topLevel: [TOMLEntry]
    /// The `[[packages]]` entries in file order.
    public var packages: [PylockEntry]

    public init(topLevel: [TOMLEntry], packages: [PylockEntry]) {
        self.topLevel = topLevel
        self.packages = packages
    }

    /// Parses pylock text (as uv exports it, or as this tool writes it).
    public static func parse(_ text: String, file: String) throws(StackError) -> PylockDocument {
        let root: TOMLNode
        do {
            root = try TOMLDocument.parse(text)
        } catch {
            throw StackError(file: file, "invalid TOML at line \(error.line), column \(error.column): \(error.message)")
        }
        var topLevel: [TOMLEntry] = []
        var packages: [PylockEntry] = []
        for entry in root.entries ?? [] {
            guard entry.key == "packages" else {
                topLevel.append(entry)
                continue
            }
            guard case .array(let items) = entry.value else {
                throw StackError(file: file, "'packages' must be an array of tables")
            }
            for (position, item) in items.enumerated() {
                guard case .table(let fields) = item, fields.contains(where: { $0.key == "name" }) else {
                    throw StackError(file: file, "package \(position + 1) is not a table with a 'name'")
                }
                packages.append(PylockEntry(fields: fields))
            }
        }
        return PylockDocument(topLevel: topLevel, packages: packages)
    }
}

/// One `[[packages]]` table of a pylock file.
public struct PylockEntry: Sendable, Equatable {
    public var fields: [TOMLEntry]

    public init(fields: [TOMLEntry]) { self.fields = fields }

    public subscript(key: String) -> TOMLNode? {
        get { fields.first { $0.key == key }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(TOMLEntry(key: key, value: newValue))
            }
        }
    }

    public var name: String { self["name"]?.stringValue ?? "" }
    public var version: String { self["version"]?.stringValue ?? "" }
    public var marker: String? {
        get { self["marker"]?.stringValue }
        set { self["marker"] = newValue.map(TOMLNode.string) }
    }

    /// True for a package a lower layer provides (its marker has the `from_lower_layer` clause).
    public var isShared: Bool { marker?.contains("from_lower_layer") ?? false }

    /// The package as the lock hashes see it.
    public var hashed: PylockPackage { PylockReader.package(.table(fields), name: name) }

    /// The wheel tables (empty when there are none).
    public var wheels: [[TOMLEntry]] {
        get {
            guard case .array(let items)? = self["wheels"] else { return [] }
            return items.compactMap(\.entries)
        }
        set { self["wheels"] = newValue.isEmpty ? nil : .array(newValue.map(TOMLNode.table)) }
    }
}
