import Foundation

/// Makes a built environment movable (docs/behaviour.md#portability-clean-up): only `python*` entries stay in
/// `bin/`, the `RECORD` lines of removed files go, symlinks inside the build folder become
/// relative and symlinks leaving it become hard links (or copies across file systems).
public enum Portability {
    /// Applies every clean-up step to `environment`; returns the removed `bin/` entries.
    @discardableResult
    public static func apply(to environment: LayerEnvironment, buildDirectory: URL) throws(StackError) -> [String] {
        try StackError.during("cannot make \(environment.directory.path) portable", layer: environment.buildName) {
            let removed = try cleanScripts(in: environment.directory)
            if !removed.isEmpty { try pruneRecords(in: environment.sitePackages, removed: Set(removed)) }
            try convertSymlinks(in: environment.directory, buildDirectory: buildDirectory)
            return removed
        }
    }

    /// Deletes every folder and every non-`python*` file in `<env>/bin`; returns their
    /// absolute (lexically normalised) paths.
    static func cleanScripts(in environment: URL) throws -> [String] {
        let fm = FileManager.default
        let bin = environment.appendingPathComponent("bin")
        guard let names = try? fm.contentsOfDirectory(atPath: bin.path) else { return [] }
        var removed: [String] = []
        for name in names.sorted(by: bytewise) {
            let url = bin.appendingPathComponent(name)
            let isLink = (try? fm.destinationOfSymbolicLink(atPath: url.path)) != nil
            var isDirectory: ObjCBool = false
            let isFolder =
                !isLink && fm.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
            guard isFolder || !name.lowercased().hasPrefix("python") else { continue }
            try fm.removeItem(at: url)
            removed.append(PathMath.normalized(url.path))
        }
        return removed
    }

    /// Drops the lines naming removed files from each `*.dist-info/RECORD`.
    static func pruneRecords(in sitePackages: URL, removed: Set<String>) throws {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: sitePackages.path)) ?? []
        for name in names.sorted(by: bytewise) where name.hasSuffix(".dist-info") {
            let record = sitePackages.appendingPathComponent(name).appendingPathComponent("RECORD")
            guard let data = fm.contents(atPath: record.path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            if let pruned = RecordFile.pruned(text, removing: removed, sitePackages: sitePackages.path) {
                try AtomicFile.write(pruned, to: record)
            }
        }
    }

    /// Makes links into the build folder relative, then replaces links leaving it with hard
    /// links to (or copies of) what they point to.
    static func convertSymlinks(in environment: URL, buildDirectory: URL) throws {
        let fm = FileManager.default
        let build = PathMath.normalized(buildDirectory.path)
        var external: [String] = []
        for link in symlinks(under: environment.path) {
            let destination = try fm.destinationOfSymbolicLink(atPath: link)
            let directory = (link as NSString).deletingLastPathComponent
            let target = PathMath.normalized(destination.hasPrefix("/") ? destination : directory + "/" + destination)
            if PathMath.isInside(target, build) {
                let relative = PathMath.relative(from: directory, to: target)
                if relative != destination {
                    try fm.removeItem(atPath: link)
                    try fm.createSymbolicLink(atPath: link, withDestinationPath: relative)
                }
            } else {
                external.append(link)
            }
        }
        for link in external {
            let resolved = URL(fileURLWithPath: link).resolvingSymlinksInPath().path
            // A dangling link is left as it is (there is nothing to link to).
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: resolved, isDirectory: &isDirectory) else { continue }
            try fm.removeItem(atPath: link)
            if isDirectory.boolValue {
                try fm.copyItem(atPath: resolved, toPath: link)
            } else if (try? fm.linkItem(atPath: resolved, toPath: link)) == nil {
                try fm.copyItem(atPath: resolved, toPath: link)
            }
        }
    }

    /// Every symlink under `root`, without descending into linked folders.
    static func symlinks(under root: String) -> [String] {
        let fm = FileManager.default
        var result: [String] = []
        var pending = [root]
        while let directory = pending.popLast() {
            for name in ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).sorted(by: bytewise) {
                let path = directory + "/" + name
                if (try? fm.destinationOfSymbolicLink(atPath: path)) != nil {
                    result.append(path)
                } else {
                    var isDirectory: ObjCBool = false
                    if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                        pending.append(path)
                    }
                }
            }
        }
        return result
    }
}

/// A wheel's `RECORD` file: CSV rows of path, hash and size.
public enum RecordFile {
    /// The text without the rows whose path (relative to `sitePackages`) is in `removed`,
    /// or nil when no row matches. Rows are written back as Python's csv module writes them.
    public static func pruned(_ text: String, removing removed: Set<String>, sitePackages: String) -> String? {
        let rows = parse(text)
        let kept = rows.filter { row in
            guard let path = row.first, !path.isEmpty else { return true }
            let absolute = path.hasPrefix("/") ? path : sitePackages + "/" + path
            return !removed.contains(PathMath.normalized(absolute))
        }
        guard kept.count != rows.count else { return nil }
        // As Python's csv writer: a row of one empty field is written as "".
        return kept.map { ($0 == [""] ? "\"\"" : $0.map(quoted).joined(separator: ",")) + "\n" }.joined()
    }

    /// CSV rows (comma-separated, `"` quotes with doubling); blank lines are skipped.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var fieldStarted = false
        var iterator = Array(text.unicodeScalars)[...]
        while let scalar = iterator.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if iterator.first == "\"" {
                        field.unicodeScalars.append("\"")
                        iterator.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
                fieldStarted = true
            case ",":
                row.append(field)
                field = ""
                fieldStarted = true
            case "\n", "\r":
                if fieldStarted || !field.isEmpty || !row.isEmpty {
                    row.append(field)
                    rows.append(row)
                }
                row = []
                field = ""
                fieldStarted = false
            default:
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        if fieldStarted || !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
