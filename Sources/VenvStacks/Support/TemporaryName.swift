import Foundation

/// Names of the temporary files and folders venvstacks makes beside their final place.
///
/// ```
/// <folder>/
///   .<name>.partial-<pid>-<8 hex>   a file or folder being written, renamed to <name> when complete
///   .<name>.old-<pid>-<8 hex>       a deployed layer being replaced
/// ```
/// Each run makes its own names (process id and a random number), creates them exclusively
/// and never through a symbolic link, so two runs never share one. A run that holds a
/// folder's ``FolderLock`` removes what killed runs left (``removeLeftovers(in:)``).
public enum TemporaryName {
    /// `.<name>.partial-<pid>-<8 hex>` beside `url`.
    public static func partial(for url: URL) -> URL {
        sibling(of: url, marker: "partial")
    }

    /// `.<name>.old-<pid>-<8 hex>` beside `url`.
    public static func old(for url: URL) -> URL {
        sibling(of: url, marker: "old")
    }

    private static func sibling(of url: URL, marker: String) -> URL {
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let suffix = String(repeating: "0", count: 8 - random.count) + random
        let name = ".\(url.lastPathComponent).\(marker)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
        return url.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Whether `name` is one of these temporary names, or one earlier versions used
    /// (`.<name>.partial`, `.<name>.partial-<pid>`).
    public static func isTemporary(_ name: String) -> Bool {
        guard name.hasPrefix(".") else { return false }
        for marker in [".partial", ".old"] {
            guard let range = name.range(of: marker, options: .backwards),
                name.distance(from: name.startIndex, to: range.lowerBound) > 1
            else { continue }
            let parts = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
            let isNumber = { (part: Substring) in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
            let isHex = { (part: Substring) in part.count == 8 && part.allSatisfy { $0.isHexDigit && !$0.isUppercase } }
            switch parts.count {
            case 1 where marker == ".partial": if parts[0].isEmpty { return true }
            case 2 where marker == ".partial": if parts[0].isEmpty && isNumber(parts[1]) { return true }
            case 3: if parts[0].isEmpty && isNumber(parts[1]) && isHex(parts[2]) { return true }
            default: break
            }
        }
        return false
    }

    /// Removes the temporary files and folders in `folder` (not below it) that an earlier,
    /// interrupted run left. Only regular files and folders are removed; a symbolic link
    /// (or anything else) with such a name is left alone and never followed. The caller
    /// must hold the folder's ``FolderLock``, so that no other run is writing them.
    /// Returns the names removed.
    @discardableResult
    public static func removeLeftovers(in folder: URL) throws(FileSystemError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            let failure = FileSystemError(error, path: folder.path)
            if failure.isMissing { return [] }
            throw failure
        }
        var removed: [String] = []
        for name in names.sorted() where isTemporary(name) {
            let url = folder.appendingPathComponent(name)
            guard let kind = try FileSystem.kind(at: url), kind == .regularFile || kind == .directory else { continue }
            try FileSystem.removeMadeItem(at: url)
            removed.append(name)
        }
        return removed
    }
}
