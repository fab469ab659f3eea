import DeterministicArchive
import Foundation

/// Which installed package owns each member of a layer archive, read from the `RECORD` files
/// in the archive's `.dist-info` folders. Paths are relative to the layer folder.
struct PackageOwnership {
    /// Installed packages (normalised name) and their versions.
    var versions: [String: String] = [:]
    /// Member path -> owning package. A folder belongs to a package when only that package
    /// has files in it (inside `site-packages`).
    var owners: [String: String] = [:]
    /// Package -> the path of its `RECORD`.
    var records: [String: String] = [:]

    /// Reads the ownership from `members` (relative path -> member); RECORD content must have
    /// been kept by the lister.
    init(members: [String: ArchiveMember]) {
        var folderOwners: [String: String?] = [:]
        for (path, member) in members where path.hasSuffix(".dist-info/RECORD") {
            let folder = Self.parent(path)
            guard let distribution = InstalledDistribution(folder: Self.lastComponent(folder)) else { continue }
            versions[distribution.name] = distribution.version
            records[distribution.name] = path
            guard let content = member.content else { continue }
            let base = Self.parent(folder)
            for line in String(decoding: content, as: UTF8.self).split(whereSeparator: \.isNewline) {
                guard let listed = Self.firstField(of: line), let full = Self.normalize(base, listed) else { continue }
                owners[full] = distribution.name
                var ancestor = Self.parent(full)
                while !base.isEmpty && ancestor.hasPrefix(base + "/") {
                    switch folderOwners[ancestor] {
                    case nil: folderOwners[ancestor] = .some(distribution.name)
                    case .some(let owner?) where owner != distribution.name: folderOwners[ancestor] = .some(nil)
                    default: break
                    }
                    ancestor = Self.parent(ancestor)
                }
            }
            owners[folder] = distribution.name
        }
        for (folder, owner) in folderOwners {
            if let owner, owners[folder] == nil { owners[folder] = owner }
        }
    }

    /// The path field of a RECORD line (a CSV row whose first field may be quoted).
    static func firstField(of line: Substring) -> String? {
        guard line.first == "\"" else {
            let field = line.prefix { $0 != "," }
            return field.isEmpty ? nil : String(field)
        }
        var field = ""
        var index = line.index(after: line.startIndex)
        while index < line.endIndex {
            let character = line[index]
            index = line.index(after: index)
            if character == "\"" {
                guard index < line.endIndex, line[index] == "\"" else { return field }
                index = line.index(after: index)
            }
            field.append(character)
        }
        return nil
    }

    /// `base/relative` with `.` and `..` resolved; nil when it leaves the layer folder.
    static func normalize(_ base: String, _ relative: String) -> String? {
        var parts: [Substring] = []
        for part in (base + "/" + relative).split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
