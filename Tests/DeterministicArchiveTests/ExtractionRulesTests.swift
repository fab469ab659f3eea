import Testing

@testable import DeterministicArchive

/// The entry checks on their own, without libarchive or a disk.
@Suite struct ExtractionRulesTests {
    static let archive = "app-x@1-linux_x86_64.tar.xz"

    func rules(linkRoots: Set<String> = ["cpython-3.11"], foldsCase: Bool = false) throws -> ExtractionRules {
        try ExtractionRules(archiveName: Self.archive, root: "app-x@1", linkRoots: linkRoots, foldsCase: foldsCase)
    }

    /// Admits `earlier` in order, then expects `name` to be refused; returns the message.
    func refusal(
        _ name: String, _ kind: ExtractionRules.Kind, after earlier: [(String, ExtractionRules.Kind)] = [],
        foldsCase: Bool = false
    ) throws -> String {
        var rules = try rules(foldsCase: foldsCase)
        for (path, kind) in earlier { _ = try rules.admit(path, kind) }
        do {
            let admission = try rules.admit(name, kind)
            Issue.record("'\(name)' was admitted as \(admission.path)")
            return ""
        } catch {
            #expect(error.description.hasPrefix("\(Self.archive): entry '\(name)' "), "\(error.description)")
            #expect(error.description.hasSuffix("; refusing to deploy it"), "\(error.description)")
            return error.description
        }
    }

    @Test func namesAreNormalised() throws {
        var rules = try rules()
        #expect(try rules.admit("app-x@1/", .directory) == .init(path: "app-x@1"))
        #expect(try rules.admit("./app-x@1//lib/./", .directory) == .init(path: "app-x@1/lib"))
        #expect(try rules.admit("app-x@1/lib/mod.py", .file) == .init(path: "app-x@1/lib/mod.py"))
        #expect(
            try rules.admit("app-x@1/lib/same.py", .hardLink(target: "./app-x@1/lib//mod.py"))
                == .init(path: "app-x@1/lib/same.py", hardLinkTarget: "app-x@1/lib/mod.py"))
    }

    @Test func pathsMustStayInsideTheRoot() throws {
        #expect(try refusal("/etc/passwd", .file).contains("is an absolute path"))
        #expect(try refusal("app-x@1/../../etc/passwd", .file).contains("has a '..' component"))
        #expect(try refusal("app-x@1/lib/..", .directory).contains("has a '..' component"))
        #expect(try refusal("other@1/x", .file).contains("is outside the layer folder 'app-x@1'"))
        #expect(try refusal("app-x@1-evil/x", .file).contains("is outside the layer folder 'app-x@1'"))
        #expect(try refusal("./", .directory).contains("is outside the layer folder"))
        #expect(try refusal("app-x@1", .file).contains("is the layer folder 'app-x@1' but not a folder"))
        #expect(try refusal("app-x@1", .symlink(target: "../cpython-3.11")).contains("but not a folder"))
    }

    @Test func namesAreSplitAtSlashBytesNotCharacters() throws {
        // "/" followed by a combining mark is one Character; the file system still splits there.
        let message = try refusal("app-x@1/\u{301}/../../../etc", .file)
        #expect(message.contains("has a '..' component"), "\(message)")
    }

    @Test func rootsAreComparedAsBytes() throws {
        var rules = try ExtractionRules(archiveName: "a.tar", root: "caf\u{e9}@1", linkRoots: [], foldsCase: false)
        _ = try rules.admit("caf\u{e9}@1/x", .file)
        #expect(throws: ArchiveError.self) { try rules.admit("cafe\u{301}@1/x", .file) }
    }

    @Test func symlinksMayPointIntoTheRootOrALinkRoot() throws {
        var rules = try rules()
        let accepted: [(String, String)] = [
            ("app-x@1/bin/python_", "../../cpython-3.11/bin/python"),
            ("app-x@1/bin/runtime", "../../cpython-3.11"),
            ("app-x@1/bin/python3", "python_"),
            ("app-x@1/lib64", "lib"),
            ("app-x@1/lib/self", "."),
            ("app-x@1/lib/layer", ".."),
            ("app-x@1/lib/again", "../../app-x@1/lib/"),
            ("app-x@1/lib/dangling", "no/such/file"),
        ]
        for (name, target) in accepted {
            #expect(try rules.admit(name, .symlink(target: target)) == .init(path: name))
        }
    }

    @Test func symlinksThatLeaveAreRefused() throws {
        let absolute = try refusal("app-x@1/etc", .symlink(target: "/etc"))
        #expect(absolute.contains("is a symbolic link to '/etc', an absolute path"), "\(absolute)")
        let climbing = try refusal("app-x@1/bin/up", .symlink(target: "../../../etc"))
        #expect(climbing.contains("climbs above the deploy folder"), "\(climbing)")
        let sibling = try refusal("app-x@1/bin/py", .symlink(target: "../../cpython-3.12/bin/python"))
        #expect(sibling.contains("resolves to 'cpython-3.12/bin/python', outside 'app-x@1', 'cpython-3.11'"))
        let deployFolder = try refusal("app-x@1/up", .symlink(target: ".."))
        #expect(deployFolder.contains("resolves to '', outside"), "\(deployFolder)")
        let inner = try refusal("app-x@1/x", .symlink(target: "lib/../../../etc"))
        #expect(inner.contains("has a '..' after a folder name"), "\(inner)")
        #expect(try refusal("app-x@1/x", .symlink(target: "")).contains("with an empty target"))
    }

    @Test func nothingIsWrittenThroughALinkOrAFile() throws {
        let link: [(String, ExtractionRules.Kind)] = [("app-x@1/lib", .symlink(target: "../cpython-3.11/lib"))]
        let through = try refusal("app-x@1/lib/evil.py", .file, after: link)
        #expect(through.contains("would be written through the symbolic link 'app-x@1/lib'"), "\(through)")
        let deeper = try refusal("app-x@1/lib/a/b/c", .directory, after: link)
        #expect(deeper.contains("through the symbolic link 'app-x@1/lib'"), "\(deeper)")
        let file = try refusal("app-x@1/f/g", .file, after: [("app-x@1/f", .file)])
        #expect(file.contains("is inside 'app-x@1/f', which is a file"), "\(file)")
        let late = try refusal("app-x@1/d", .symlink(target: "../cpython-3.11"), after: [("app-x@1/d/x", .file)])
        #expect(late.contains("is not a folder, but earlier entries are inside it"), "\(late)")
    }

    @Test func aFolderMayFollowItsContents() throws {
        var rules = try rules()
        _ = try rules.admit("app-x@1/d/x", .file)
        _ = try rules.admit("app-x@1/d", .directory)
        _ = try rules.admit("app-x@1", .directory)
    }

    @Test func hardLinksMustPointAtAnEarlierFile() throws {
        let earlier: [(String, ExtractionRules.Kind)] = [
            ("app-x@1/dir", .directory), ("app-x@1/file", .file), ("app-x@1/link", .symlink(target: "file")),
        ]
        for (target, reason) in [
            ("/etc/passwd", "is a hard link to the absolute path '/etc/passwd'"),
            ("app-x@1/../../etc/passwd", "which has a '..' component"),
            ("etc/passwd", "is a hard link to 'etc/passwd', which is not an earlier file in the archive"),
            ("app-x@1/missing", "which is not an earlier file"), ("app-x@1/dir", "which is not an earlier file"),
            ("app-x@1/link", "which is not an earlier file"), ("app-x@1/h", "which is not an earlier file"),
            ("app-x@1/later", "which is not an earlier file"),
        ] {
            let message = try refusal("app-x@1/h", .hardLink(target: target), after: earlier)
            #expect(message.contains(reason), "\(message)")
        }
        var rules = try rules()
        _ = try rules.admit("app-x@1/file", .file)
        _ = try rules.admit("app-x@1/second", .hardLink(target: "app-x@1/file"))
        #expect(
            try rules.admit("app-x@1/third", .hardLink(target: "app-x@1/second")).hardLinkTarget == "app-x@1/second")
    }

    @Test func onlyFilesFoldersAndLinks() throws {
        for type in ["character device", "block device", "FIFO", "socket"] {
            let message = try refusal("app-x@1/dev", .unsupported(type))
            #expect(message.contains("is a \(type); only files, folders and links can be deployed"), "\(message)")
        }
    }

    @Test func aPathAppearsOnce() throws {
        #expect(try refusal("app-x@1/a", .file, after: [("app-x@1/a", .file)]).contains("appears twice in the archive"))
        #expect(try refusal("app-x@1//a/", .directory, after: [("app-x@1/a", .file)]).contains("appears twice"))
        #expect(try refusal("app-x@1", .directory, after: [("app-x@1/", .directory)]).contains("appears twice"))
    }

    @Test func caseFoldingFileSystemsCompareFoldedNames() throws {
        let link: [(String, ExtractionRules.Kind)] = [("app-x@1/Lib", .symlink(target: "../cpython-3.11/lib"))]
        let through = try refusal("app-x@1/lib/evil.py", .file, after: link, foldsCase: true)
        #expect(through.contains("through the symbolic link 'app-x@1/lib'"), "\(through)")
        let twice = try refusal("app-x@1/cafe\u{301}", .file, after: [("app-x@1/CAF\u{c9}", .file)], foldsCase: true)
        #expect(twice.contains("appears twice"), "\(twice)")
        // Where the file system tells them apart, so do the rules: byte-different names are different.
        var rules = try rules()
        _ = try rules.admit("app-x@1/Lib", .symlink(target: "../cpython-3.11/lib"))
        _ = try rules.admit("app-x@1/lib/fine.py", .file)
        _ = try rules.admit("app-x@1/caf\u{e9}", .file)
        _ = try rules.admit("app-x@1/cafe\u{301}", .file)
    }

    @Test func theRootAndLinkRootsMustBeRelativeNames() throws {
        for root in ["", "/abs", "../up", "a/../b", "."] {
            #expect(throws: ArchiveError.self) {
                try ExtractionRules(archiveName: "a.tar", root: root, linkRoots: [])
            }
        }
        #expect(throws: ArchiveError.self) { try ExtractionRules(archiveName: "a.tar", root: "a", linkRoots: ["../b"]) }
    }
}
