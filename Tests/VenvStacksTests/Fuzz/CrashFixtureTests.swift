import Foundation
import Testing

@testable import VenvStacks

/// Every input that ever crashed, hung or misled the tool, through the real binary: each gives
/// exit status 1 and one short, clear error (Tests/Fixtures/fuzz_crashes/, first line of each
/// file says what it once did).
@Suite struct CrashFixtureTests {
    static let folder = TestPaths.fixtures.appendingPathComponent("fuzz_crashes")

    static let cases: [(file: String, expected: String)] = [
        ("table_header_brace.toml", "invalid TOML at line 2"),
        ("long_dotted_header.toml", "more than 100"),
        ("nul_raw.toml", "line 3"),
        ("nul_escape.toml", "NUL"),
        ("utf16le_bom.toml", "UTF-16"),
        ("utf16be_no_bom.toml", "UTF-16"),
        ("launch_module_root.toml", "is the root folder"),
        ("launch_module_proc.toml", "kernel file system"),
        ("launch_module_device.toml", "is a device"),
        ("launch_module_dot.toml", "field 'launch_module': module '"),
        (
            "launch_module_dot.toml",
            "is the spec file's own folder, which holds the requirements, build and output folders"
        ),
        ("launch_module_dotdot.toml", "is a folder above the spec file's folder"),
        ("unsafe_runtime_name.toml", "'..' is not a usable layer name"),
    ]

    @Test(arguments: Set(cases.map(\.file)).sorted())
    func eachFormerCrashIsOneClearError(_ file: String) throws {
        let result = try runBounded(["show", Self.folder.appendingPathComponent(file).path], in: Self.folder)
        #expect(result.status == 1, "\(file): exit \(result.status)\n\(result.stderr)")
        #expect(!result.looksLikeCrash)
        #expect(result.stderr.hasPrefix("ERROR: Invalid stack specification"), "\(result.stderr)")
        for expected in Self.cases.filter({ $0.file == file }).map(\.expected) {
            #expect(result.stderr.contains(expected), "\(file): expected «\(expected)» in\n\(result.stderr)")
        }
        #expect(result.stderr.count < 1_500, "\(file): \(result.stderr.count) characters")
    }

    @Test func everyCrashFixtureIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".toml")
        }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
    }

    /// A 5 MB invalid requirement is quoted as a short excerpt, not echoed whole.
    @Test func aHugeBadValueIsQuotedAsAnExcerpt() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("venvstacks.toml")
        let huge = String(repeating: "x<", count: 2_500_000)
        try """
        [[runtimes]]
        name = "\(String(repeating: "n", count: 3_000))"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = ["\(huge)"]
        platforms = ["\(huge)"]
        """.write(to: spec, atomically: true, encoding: .utf8)
        let result = try runBounded(["show", spec.path], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("5000000 characters"), "\(result.stderr.prefix(2_000))")
        #expect(result.stderr.count < 3_000, "\(result.stderr.count) characters")
    }

    /// A FIFO or a device given as the spec fails at once, saying what it is.
    @Test(arguments: ["fifo", "/dev/zero"])
    func aSpecThatIsNotARegularFileIsRefusedAtOnce(_ kind: String) throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var path = kind
        if kind == "fifo" {
            path = folder.appendingPathComponent("venvstacks.toml").path
            #expect(mkfifo(path, 0o644) == 0)
        }
        let result = try runBounded(["show", path], in: folder, seconds: 10)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not a regular file"), "\(result.stderr)")
        #expect(result.stderr.contains(kind == "fifo" ? "FIFO" : "character device"), "\(result.stderr)")
    }
}

/// The data-loss and slow-load defects, through the commands that showed them.
@Suite struct UnsafeSpecCommandTests {
    /// A runtime named `..` made `lock` replace `<spec folder>/_build/..` (the spec folder);
    /// `../../victim` made it write outside the project. Now nothing is touched.
    @Test(arguments: ["..", "../../victim", "."])
    func lockRefusesAnUnsafeNameAndTouchesNothing(_ name: String) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = root.appendingPathComponent("a/b/project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        let sentinel = project.appendingPathComponent("precious.txt")
        try Data("keep me\n".utf8).write(to: sentinel)
        let spec = project.appendingPathComponent("venvstacks.toml")
        try """
        [[runtimes]]
        name = "\(name)"
        python_implementation = "cpython@3.11.7"
        requirements = []
        """.write(to: spec, atomically: true, encoding: .utf8)
        let before = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        let result = try runBounded(["lock", spec.path], in: project)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("field 'name'"), "\(result.stderr)")
        #expect(try String(contentsOf: sentinel, encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted() == before)
    }

    /// A chain of 3,000 frameworks took 25 s to load (release build), growing with the cube of
    /// its length. A chain's `show` output is quadratic by nature (each layer lists every layer
    /// below it: 4.5 million lines for 3,000), so this test times a 1,000-layer chain in the
    /// debug build; misc/bench-spec-load.sh measures the growth in a release build.
    @Test func aLongChainOfFrameworksLoadsQuickly() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text =
            "[[runtimes]]\nname = \"cpython-3.11\"\npython_implementation = \"cpython@3.11.7\"\nrequirements = []\n"
        for index in 0..<1_000 {
            let dependency = index == 0 ? "runtime = \"cpython-3.11\"" : "frameworks = [\"f\(index - 1)\"]"
            text += "\n[[frameworks]]\nname = \"f\(index)\"\n\(dependency)\nrequirements = []\n"
        }
        text +=
            "\n[[applications]]\nname = \"top\"\nframeworks = [\"f999\"]\nlaunch_module = \"top.py\"\nrequirements = []\n"
        try Data().write(to: folder.appendingPathComponent("top.py"))
        let spec = folder.appendingPathComponent("venvstacks.toml")
        try text.write(to: spec, atomically: true, encoding: .utf8)
        let clock = ContinuousClock()
        let started = clock.now
        let result = try runBounded(["show", spec.path], in: folder, seconds: 60)
        let elapsed = clock.now - started
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        #expect(result.stdout.contains("app-top") && result.stdout.contains("framework-f999"))
        #expect(elapsed < .seconds(15), "show took \(elapsed)")
    }
}

/// The second line of defence: removal helpers refuse a path that names a folder itself, its
/// parent or the root, whatever produced it.
@Suite struct PathContainmentTests {
    @Test(arguments: ["/", "/tmp/x/..", "/tmp/x/.", "/tmp/x/../.."])
    func removalRefusesFolderItselfParentOrRoot(_ path: String) {
        let url = URL(fileURLWithPath: path)
        #expect(throws: PathContainment.Escape.self) { try PathContainment.checkEntry(url) }
        #expect(throws: (any Error).self) { try FileManager.default.removeItemIfPresent(at: url) }
        #expect(throws: FileSystemError.self) { try FileSystem.removeMadeItem(at: url) }
    }

    @Test func checkInsideAcceptsOnlyEntriesBelowTheFolder() throws {
        let folder = URL(fileURLWithPath: "/work/p/_build")
        try PathContainment.check(folder.appendingPathComponent("cpython-3.11"), inside: folder)
        #expect(throws: PathContainment.Escape.self) {
            try PathContainment.check(folder.appendingPathComponent("../victim"), inside: folder)
        }
        #expect(throws: PathContainment.Escape.self) {
            try PathContainment.check(URL(fileURLWithPath: "/work/p/_build2/x"), inside: folder)
        }
    }
}
