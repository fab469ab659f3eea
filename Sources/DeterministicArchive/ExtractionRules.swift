import Foundation

/// The checks every archive entry passes before anything is written for it; pure, so every
/// rule is tested without libarchive.
///
///     deploy folder (the extraction destination)
///     ├── <root>/...          every entry is <root> (a folder) or inside it
///     ├── <linkRoot>/...      symbolic links may point here too (other layers)
///     └── anything else       never written, never linked to
///
/// Entries are checked in archive order and the rules remember what came before:
/// - names are relative: no leading "/", no ".." name ("." and empty names are dropped);
/// - nothing is written inside an earlier symbolic link or file, and a path that earlier
///   entries made a folder cannot become anything else;
/// - a symbolic link's target is relative, has its ".." names only at the start, and lands in
///   `<root>` or a `<linkRoot>`, resolved from the folder holding the link;
/// - a hard link points at an earlier file of the archive;
/// - only folders, files and links; no path twice.
///
/// Because every folder above an entry is then a real folder made by this archive, and a link
/// target has no ".." after a name (so it cannot climb back out of a link it passes through),
/// resolving link targets by their text gives the same answer as the file system does.
struct ExtractionRules {
    /// What an entry is, as the archive describes it.
    enum Kind: Equatable {
        case directory
        case file
        case symlink(target: String)
        case hardLink(target: String)
        /// Any other type, named for the message ("character device", "FIFO", ...).
        case unsupported(String)
    }

    /// Where an accepted entry goes: normalised paths relative to the deploy folder.
    struct Admission: Equatable {
        var path: String
        /// For a hard link: the earlier file it links to.
        var hardLinkTarget: String?
    }

    /// An earlier entry that cannot hold others.
    private enum Blocker {
        case symlink, file
    }

    private let archiveName: String
    private let root: ArchivePath
    private let linkRoots: [ArchivePath]
    private let foldsCase: Bool
    private var seen: Set<[UInt8]> = []
    private var folders: Set<[UInt8]> = []
    private var blockers: [[UInt8]: Blocker] = [:]
    private var files: Set<[UInt8]> = []

    /// Rules for one archive. `foldsCase` compares paths ignoring case and Unicode
    /// normalisation, as macOS file systems do (so "A" after a link "a" is refused there).
    init(
        archiveName: String, root: String, linkRoots: Set<String>, foldsCase: Bool = Self.fileSystemFoldsCase
    ) throws(ArchiveError) {
        self.archiveName = archiveName
        self.foldsCase = foldsCase
        self.root = try Self.folderName(root, what: "layer folder", archiveName: archiveName)
        var parsed: [ArchivePath] = []
        for name in linkRoots.sorted() {
            parsed.append(try Self.folderName(name, what: "link folder", archiveName: archiveName))
        }
        self.linkRoots = parsed
    }

    /// Whether this platform's usual file systems ignore case (macOS: APFS and HFS+).
    static var fileSystemFoldsCase: Bool {
        #if canImport(Darwin)
            true
        #else
            false
        #endif
    }

    /// Checks the next entry (`name` exactly as stored) and records it; throws if it is refused.
    mutating func admit(_ name: String, _ kind: Kind) throws(ArchiveError) -> Admission {
        let path = try parse(name, kind)
        let key = key(path)
        if case .unsupported(let type) = kind {
            throw refusal(name, "is a \(type); only files, folders and links can be deployed")
        }
        guard !seen.contains(key) else { throw refusal(name, "appears twice in the archive") }
        for ancestor in path.ancestors {
            switch blockers[self.key(ancestor)] {
            case .symlink?:
                throw refusal(name, "would be written through the symbolic link '\(ancestor.text)'")
            case .file?:
                throw refusal(name, "is inside '\(ancestor.text)', which is a file")
            case nil:
                break
            }
        }
        if kind != .directory {
            guard !folders.contains(key) else {
                throw refusal(name, "is not a folder, but earlier entries are inside it")
            }
            guard path.names.count > root.names.count else {
                throw refusal(name, "is the layer folder '\(root.text)' but not a folder")
            }
        }
        var admission = Admission(path: path.text)
        switch kind {
        case .symlink(let target):
            try checkSymlink(name, at: path, target: target)
            blockers[key] = .symlink
        case .hardLink(let target):
            let linked = try parseHardLinkTarget(name, target)
            guard files.contains(self.key(linked)) else {
                throw refusal(name, "is a hard link to '\(target)', which is not an earlier file in the archive")
            }
            admission.hardLinkTarget = linked.text
            blockers[key] = .file
            files.insert(key)
        case .file:
            blockers[key] = .file
            files.insert(key)
        case .directory:
            folders.insert(key)
        case .unsupported:
            break
        }
        seen.insert(key)
        for ancestor in path.ancestors { folders.insert(self.key(ancestor)) }
        return admission
    }

    /// The normalised entry path; it must be the root or inside it.
    private func parse(_ name: String, _ kind: Kind) throws(ArchiveError) -> ArchivePath {
        let path: ArchivePath
        do throws(ArchivePath.Problem) {
            path = try ArchivePath(parsing: name)
        } catch .absolute {
            throw refusal(name, "is an absolute path")
        } catch {
            throw refusal(name, "has a '..' component")
        }
        guard path.isWithin(root) else {
            throw refusal(name, "is outside the layer folder '\(root.text)'")
        }
        return path
    }

    /// A hard link target: the same path rules as entry names.
    private func parseHardLinkTarget(_ name: String, _ target: String) throws(ArchiveError) -> ArchivePath {
        do throws(ArchivePath.Problem) {
            return try ArchivePath(parsing: target)
        } catch .absolute {
            throw refusal(name, "is a hard link to the absolute path '\(target)'")
        } catch {
            throw refusal(name, "is a hard link to '\(target)', which has a '..' component")
        }
    }

    /// A symbolic link must resolve, from the folder holding it, into the root or a link root.
    private func checkSymlink(_ name: String, at path: ArchivePath, target: String) throws(ArchiveError) {
        let link = "is a symbolic link to '\(target)'"
        guard !target.isEmpty else { throw refusal(name, "is a symbolic link with an empty target") }
        guard target.utf8.first != UInt8(ascii: "/") else {
            throw refusal(name, "\(link), an absolute path")
        }
        var resolved = path.parent
        var climbing = true
        for part in target.utf8.split(separator: UInt8(ascii: "/")) where !part.elementsEqual(".".utf8) {
            if part.elementsEqual("..".utf8) {
                guard climbing else {
                    throw refusal(name, "\(link), which has a '..' after a folder name")
                }
                guard !resolved.names.isEmpty else {
                    throw refusal(name, "\(link), which climbs above the deploy folder")
                }
                resolved.names.removeLast()
            } else {
                climbing = false
                resolved.names.append(String(decoding: part, as: UTF8.self))
            }
        }
        guard resolved.isWithin(root) || linkRoots.contains(where: resolved.isWithin) else {
            let allowed = ([root] + linkRoots).map { "'\($0.text)'" }.joined(separator: ", ")
            throw refusal(name, "\(link), which resolves to '\(resolved.text)', outside \(allowed)")
        }
    }

    /// How a path is looked up among earlier entries.
    private func key(_ path: ArchivePath) -> [UInt8] {
        guard foldsCase else { return path.bytes }
        return Array(path.text.decomposedStringWithCanonicalMapping.lowercased().utf8)
    }

    private func refusal(_ name: String, _ reason: String) -> ArchiveError {
        Self.refusal(archiveName: archiveName, entry: name, reason)
    }

    /// The error for an entry that is not deployed.
    static func refusal(archiveName: String, entry: String, _ reason: String) -> ArchiveError {
        ArchiveError(description: "\(archiveName): entry '\(entry)' \(reason); refusing to deploy it")
    }

    /// A root or link root given by the caller: relative, no "..", not empty.
    private static func folderName(
        _ text: String, what: String, archiveName: String
    ) throws(ArchiveError) -> ArchivePath {
        let path = try? ArchivePath(parsing: text)
        guard let path, !path.names.isEmpty else {
            throw ArchiveError(
                description: "\(archiveName): the \(what) '\(text)' must be a relative path without '..'")
        }
        return path
    }
}
