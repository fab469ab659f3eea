import DeterministicArchive
import Foundation
import Testing

/// Crafted and broken archives: each is refused with a message naming the archive file, the
/// entry and the reason.
@Suite struct ExtractorRefusalTests {
    static let root = "app@1"

    /// Extracts `archive` (a file in `directory`) and expects an error; returns its description.
    func failure(_ archive: URL, in directory: URL, linkRoots: Set<String> = ["cpython-3.11"]) throws -> String {
        let deploy = directory.appendingPathComponent("deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: deploy, withIntermediateDirectories: false)
        let request = ExtractionRequest(archive: archive, destination: deploy, root: Self.root, linkRoots: linkRoots)
        do {
            let result = try ArchiveExtractor.extract(request)
            Issue.record("\(archive.lastPathComponent) was extracted: \(result)")
            return ""
        } catch {
            #expect(error.description.contains(archive.lastPathComponent), "names the archive: \(error.description)")
            return error.description
        }
    }

    /// The archive `build` makes after a valid layer folder entry, refused with `reason` for `entry`.
    func expectRefusal(
        of entry: String, _ reason: String, linkRoots: Set<String> = ["cpython-3.11"], withRoot: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation, _ build: (inout TarBuilder) -> Void
    ) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var tar = TarBuilder()
        if withRoot { tar.directory("\(Self.root)/") }
        build(&tar)
        let archive = directory.appendingPathComponent("evil-\(Self.root).tar")
        try tar.write(to: archive)
        let message = try failure(archive, in: directory, linkRoots: linkRoots)
        #expect(message.contains(": entry '\(entry)' "), "\(message)", sourceLocation: sourceLocation)
        #expect(message.contains(reason), "\(message)", sourceLocation: sourceLocation)
        #expect(message.hasSuffix("refusing to deploy it"), "\(message)", sourceLocation: sourceLocation)
    }

    @Test func pathsOutsideTheLayerFolder() throws {
        try expectRefusal(of: "/etc/passwd", "is an absolute path") { $0.file("/etc/passwd", "x") }
        try expectRefusal(of: "app@1/../../etc/passwd", "has a '..' component") {
            $0.file("app@1/../../etc/passwd", "x")
        }
        try expectRefusal(of: "cpython-3.11/bin/python", "is outside the layer folder 'app@1'") {
            $0.file("cpython-3.11/bin/python", "x")
        }
    }

    @Test func symlinksLeavingTheLayer() throws {
        try expectRefusal(of: "app@1/etc", "is a symbolic link to '../../etc', which climbs above the deploy folder") {
            $0.symlink("app@1/etc", to: "../../etc")
        }
        try expectRefusal(of: "app@1/passwd", "is a symbolic link to '/etc/passwd', an absolute path") {
            $0.symlink("app@1/passwd", to: "/etc/passwd")
        }
        try expectRefusal(of: "app@1/bin/py", "resolves to 'cpython-3.12/bin/python', outside 'app@1', 'cpython-3.11'")
        {
            $0.directory("app@1/bin/")
            $0.symlink("app@1/bin/py", to: "../../cpython-3.12/bin/python")
        }
        try expectRefusal(of: "app@1/bin/py", "resolves to 'cpython-3.11/bin/python', outside 'app@1'", linkRoots: []) {
            $0.symlink("app@1/bin/py", to: "../../cpython-3.11/bin/python")
        }
        try expectRefusal(of: "app@1/x", "which has a '..' after a folder name") {
            $0.symlink("app@1/x", to: "lib/../../../etc")
        }
    }

    @Test func writingThroughASymlink() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var tar = TarBuilder()
        tar.directory("app@1/")
        tar.symlink("app@1/lib", to: "../cpython-3.11/lib")
        tar.file("app@1/lib/os.py", "import evil\n")
        let archive = directory.appendingPathComponent("through.tar")
        try tar.write(to: archive)
        let message = try failure(archive, in: directory)
        #expect(message.contains("entry 'app@1/lib/os.py' would be written through the symbolic link 'app@1/lib'"))
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
        #expect(!leftovers.contains { $0.contains("cpython-3.11") || $0.hasSuffix("os.py") }, "\(leftovers)")
    }

    @Test func entriesInsideAFileOrBeforeTheirLink() throws {
        try expectRefusal(of: "app@1/f/g", "is inside 'app@1/f', which is a file") {
            $0.file("app@1/f", "x")
            $0.file("app@1/f/g", "y")
        }
        try expectRefusal(of: "app@1/d", "is not a folder, but earlier entries are inside it") {
            $0.file("app@1/d/x", "x")
            $0.symlink("app@1/d", to: "../cpython-3.11")
        }
    }

    @Test func hardLinksToAnythingButAnEarlierFile() throws {
        let cases: [(String, String)] = [
            ("/etc/passwd", "is a hard link to the absolute path '/etc/passwd'"),
            ("app@1/../../etc/passwd", "is a hard link to 'app@1/../../etc/passwd', which has a '..' component"),
            ("etc/passwd", "is a hard link to 'etc/passwd', which is not an earlier file in the archive"),
            ("app@1/missing", "which is not an earlier file in the archive"),
            ("app@1/sub", "which is not an earlier file in the archive"),
            ("app@1/link", "which is not an earlier file in the archive"),
        ]
        for (target, reason) in cases {
            try expectRefusal(of: "app@1/h", reason) {
                $0.directory("app@1/sub/")
                $0.file("app@1/file", "x")
                $0.symlink("app@1/link", to: "file")
                $0.hardLink("app@1/h", to: target)
            }
        }
    }

    @Test func devicesFIFOsAndOtherTypes() throws {
        let types: [(TarBuilder.EntryType, String)] = [
            (.characterDevice, "character device"), (.blockDevice, "block device"), (.fifo, "FIFO"),
        ]
        for (type, name) in types {
            try expectRefusal(of: "app@1/dev", "is a \(name); only files, folders and links can be deployed") {
                $0.add(Array("app@1/dev".utf8), type: type)
            }
        }
    }

    @Test func duplicatesAndBadNames() throws {
        try expectRefusal(of: "app@1/./a.txt", "appears twice in the archive") {
            $0.file("app@1/a.txt", "one")
            $0.file("app@1/./a.txt", "two")
        }
        try expectRefusal(of: "app@1/caf\u{fffd}", "has a name that is not UTF-8") {
            $0.add(Array("app@1/caf".utf8) + [0xe9], type: .file)
        }
        try expectRefusal(of: "app@1", "is the layer folder 'app@1' but not a folder", withRoot: false) {
            $0.file("app@1", "x")
        }
    }

    @Test func aWrongRootIsNamed() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var tar = TarBuilder()
        tar.directory("other@2/")
        let archive = directory.appendingPathComponent("other@2.tar")
        try tar.write(to: archive)
        let message = try failure(archive, in: directory)
        #expect(message.contains("entry 'other@2/' is outside the layer folder 'app@1'"), "\(message)")
    }
}
