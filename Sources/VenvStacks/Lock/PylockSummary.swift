import Foundation
import PythonPackaging

/// The marker clause that marks a package as provided by a lower layer.
public let sharedMarkerClause = "sys_platform == 'from_lower_layer'"

/// What the lock hashes need from a `pylock.toml` file.
public struct PylockPackage: Sendable {
    public var name: String
    public var version: String
    /// The marker as stored in the file.
    public var marker: String?
    public var index: String?
    /// Wheel file names with their hashes (algorithm → hex digest).
    public var wheels: [(name: String, hashes: [(algorithm: String, digest: String)])]

    /// Builds a package entry.
    public init(
        name: String, version: String, marker: String? = nil, index: String? = nil,
        wheels: [(name: String, hashes: [(algorithm: String, digest: String)])] = []
    ) {
        self.name = name
        self.version = version
        self.marker = marker
        self.index = index
        self.wheels = wheels
    }
}

/// Reads the packages of a pylock file.
public enum PylockReader {
    public static func packages(in text: String, file: String) throws(StackError) -> [PylockPackage] {
        let root: TOMLNode
        do {
            root = try TOMLDocument.parse(text)
        } catch {
            throw StackError(
                file: file, "invalid TOML at line \(error.line), column \(error.column): \(error.message)",
                hint: "relock the layer")
        }
        guard case .array(let items)? = root["packages"] else { return [] }
        var packages: [PylockPackage] = []
        for (position, item) in items.enumerated() {
            guard let name = item["name"]?.stringValue else {
                throw StackError(file: file, "package \(position + 1) has no 'name'", hint: "relock the layer")
            }
            packages.append(package(item, name: name))
        }
        return packages
    }

    /// What the hashes need from one `[[packages]]` table.
    static func package(_ item: TOMLNode, name: String) -> PylockPackage {
        var wheels: [(name: String, hashes: [(algorithm: String, digest: String)])] = []
        if case .array(let wheelItems)? = item["wheels"] {
            for wheel in wheelItems {
                let hashes = (wheel["hashes"]?.entries ?? []).compactMap { entry in
                    entry.value.stringValue.map { (algorithm: entry.key, digest: $0) }
                }
                wheels.append((name: wheelFileName(wheel), hashes: hashes))
            }
        }
        return PylockPackage(
            name: name, version: item["version"]?.stringValue ?? "", marker: item["marker"]?.stringValue,
            index: item["index"]?.stringValue, wheels: wheels)
    }

    /// A wheel's file name: its `name`, else the last part of its `path` or `url` (URL-unquoted).
    static func wheelFileName(_ wheel: TOMLNode) -> String {
        if let name = wheel["name"]?.stringValue { return name.removingPercentEncoding ?? name }
        let location = wheel["path"]?.stringValue ?? wheel["url"]?.stringValue ?? ""
        var last = location
        if let url = URL(string: location), url.scheme != nil {
            last = url.path
        }
        last = String(last.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
        return last.removingPercentEncoding ?? last
    }
}
