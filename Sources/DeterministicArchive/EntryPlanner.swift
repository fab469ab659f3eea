import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns the caller's entries into the members to write: checks every path, sorts bytewise by
/// stored name, looks at every source file once (lstat) and turns repeated on-disk files into
/// hard links to their first name.
enum EntryPlanner {
    /// The members in archive order.
    static func plan(_ entries: [ArchiveEntry]) throws(ArchiveError) -> [PlannedEntry] {
        var seen = Set<[UInt8]>()
        seen.reserveCapacity(entries.count)
        for entry in entries {
            try checkPath(entry.path)
            if !seen.insert(Array(entry.path.utf8)).inserted {
                throw ArchiveError(description: "the path '\(entry.path)' appears more than once")
            }
        }
        var planned: [PlannedEntry] = []
        planned.reserveCapacity(entries.count)
        for entry in entries {
            planned.append(try describe(entry))
        }
        planned.sort { $0.storedName.lexicographicallyPrecedes($1.storedName) }
        linkRepeatedFiles(&planned)
        return planned
    }

    /// A relative path with "/" separators and nothing that could escape or repeat a folder.
    static func checkPath(_ path: String) throws(ArchiveError) {
        let problem: String?
        if path.isEmpty {
            problem = "it is empty"
        } else if path.utf8.contains(0) {
            problem = "it contains a NUL character"
        } else if path.hasPrefix("/") || path.hasSuffix("/") {
            problem = "it starts or ends with '/'"
        } else if path.split(separator: "/", omittingEmptySubsequences: false)
            .contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        {
            problem = "it has an empty, '.' or '..' component"
        } else {
            problem = nil
        }
        if let problem {
            throw ArchiveError(description: "the entry path '\(path)' is not a relative archive path: \(problem)")
        }
    }

    private static func describe(_ entry: ArchiveEntry) throws(ArchiveError) -> PlannedEntry {
        let name = Array(entry.path.utf8)
        switch entry.content {
        case .directory:
            return PlannedEntry(
                path: entry.path, storedName: name + [UInt8(ascii: "/")],
                permissions: PlannedEntry.directoryPermissions, body: .directory)
        case .data(let bytes):
            return PlannedEntry(
                path: entry.path, storedName: name,
                permissions: PlannedEntry.filePermissions(executable: entry.executable), body: .data(bytes))
        case .symlink(let target):
            if target.isEmpty || target.utf8.contains(0) {
                throw ArchiveError(
                    description: "the symlink '\(entry.path)' has an empty target or one with a NUL character")
            }
            return PlannedEntry(
                path: entry.path, storedName: name,
                permissions: PlannedEntry.symlinkPermissions, body: .symlink(target: target))
        case .file(let source):
            let status = try regularFileStatus(source, entryPath: entry.path)
            return PlannedEntry(
                path: entry.path, storedName: name,
                permissions: PlannedEntry.filePermissions(executable: entry.executable),
                body: .file(source: source, size: status.size, identity: status.identity))
        }
    }

    /// The status of a regular file, without following a symlink.
    private static func regularFileStatus(_ source: URL, entryPath: String) throws(ArchiveError) -> FileStatus {
        guard let status = FileStatus.of(source) else {
            let reason = String(cString: strerror(errno))
            throw ArchiveError(description: "cannot read the source of '\(entryPath)', \(source.path): \(reason)")
        }
        guard status.isRegularFile else {
            throw ArchiveError(
                description: "the source of '\(entryPath)', \(source.path), is not a regular file "
                    + "(it is a \(status.kindName))")
        }
        return status
    }

    /// Every `.file` member after the first with the same (device, inode) becomes a hard link
    /// to the first one's path (members are already in archive order).
    private static func linkRepeatedFiles(_ planned: inout [PlannedEntry]) {
        var firstPath: [FileIdentity: String] = [:]
        for index in planned.indices {
            guard case .file(_, _, let identity) = planned[index].body else { continue }
            if let target = firstPath[identity] {
                planned[index].body = .hardLink(target: target)
            } else {
                firstPath[identity] = planned[index].path
            }
        }
    }
}
