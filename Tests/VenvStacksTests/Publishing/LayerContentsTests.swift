import DeterministicArchive
import Foundation
import Testing

@testable import VenvStacks

/// What a published or exported layer holds (docs/formats.md#archive-contents, docs/behaviour.md#export-copy-rules).
@Suite struct LayerContentsTests {
    /// A small build environment of framework `x@2` on the runtime, with everything the
    /// content rules leave out.
    func makeFramework(_ fixture: BuildFixture) throws -> LayerEnvironment {
        let environment = try fixture.environment(
            "framework-x", deployedName: "framework-x@2", dependencies: [("cpython-3.11", "cpython-3.11")])
        let env = environment.directory
        let site = "lib/python3.11/site-packages"
        try TreeHelpers.write(
            "# wrapper for the build dir\n", to: env.appendingPathComponent("bin/python"), mode: 0o755)
        try FileManager.default.createSymbolicLink(
            atPath: env.appendingPathComponent("bin/python_").path, withDestinationPath: "../../cpython-3.11/bin/python"
        )
        try FileManager.default.createSymbolicLink(
            atPath: env.appendingPathComponent("bin/python3").path, withDestinationPath: "python")
        try FileManager.default.createSymbolicLink(
            atPath: env.appendingPathComponent("lib64").path, withDestinationPath: "lib")
        try TreeHelpers.write("home = /build\n", to: env.appendingPathComponent("pyvenv.cfg"))
        try TreeHelpers.write("*\n", to: env.appendingPathComponent(".gitignore"))
        try TreeHelpers.write("old\n", to: env.appendingPathComponent("postinstall.py"))
        try TreeHelpers.write("x = 1\n", to: env.appendingPathComponent("\(site)/pkg/__init__.py"))
        try TreeHelpers.write("pyc", to: env.appendingPathComponent("\(site)/pkg/__pycache__/__init__.cpython-311.pyc"))
        try TreeHelpers.write("import site\n", to: env.appendingPathComponent("\(site)/sitecustomize.py"))
        try TreeHelpers.write("keep\n", to: env.appendingPathComponent("\(site)/pkg/.hidden"))
        try TreeHelpers.write("#!/bin/sh\n", to: env.appendingPathComponent("\(site)/pkg/tool.sh"), mode: 0o700)
        try TreeHelpers.write("{}\n", to: env.appendingPathComponent(LayerEnvironment.configPath))
        return environment
    }

    @Test func buildEnvironmentIsFilteredAndRenamedToTheDeployedName() throws {
        let fixture = try BuildFixture()
        let environment = try makeFramework(fixture)
        let entries = try LayerContents.entries(of: environment)
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
        let site = "framework-x@2/lib/python3.11/site-packages"
        #expect(byPath["framework-x@2"]?.content == .directory)
        #expect(
            byPath["\(site)/pkg/__init__.py"]?.content
                == .file(environment.sitePackages.appendingPathComponent("pkg/__init__.py")))
        #expect(byPath["\(site)/pkg/.hidden"] != nil, "dot files below the top level stay")
        #expect(byPath["\(site)/pkg/tool.sh"]?.executable == true)
        #expect(byPath["\(site)/pkg/__init__.py"]?.executable == false)
        #expect(byPath["framework-x@2/lib64"]?.content == .symlink("lib"))
        #expect(byPath["framework-x@2/bin/python3"]?.content == .symlink("python"))
        for excluded in [
            "framework-x@2/pyvenv.cfg", "framework-x@2/.gitignore", "\(site)/sitecustomize.py",
            "\(site)/pkg/__pycache__",
            "\(site)/pkg/__pycache__/__init__.cpython-311.pyc",
        ] {
            #expect(byPath[excluded] == nil, "\(excluded) should be left out")
        }
        #expect(entries.allSatisfy { $0.path == "framework-x@2" || $0.path.hasPrefix("framework-x@2/") })
        #expect(Set(entries.map(\.path)).count == entries.count, "no duplicates")
    }

    @Test func wrapperPythonLinkAndPostInstallAreGenerated() throws {
        let fixture = try BuildFixture()
        let environment = try makeFramework(fixture)
        let byPath = Dictionary(uniqueKeysWithValues: try LayerContents.entries(of: environment).map { ($0.path, $0) })
        let wrapper = PythonWrapper.script(dynlibDirectories: ["../../cpython-3.11/share/venv/dynlib"])
        #expect(
            byPath["framework-x@2/bin/python"]
                == ArchiveEntry(
                    path: "framework-x@2/bin/python", content: .data(Array(wrapper.utf8)), executable: true))
        #expect(byPath["framework-x@2/bin/python_"]?.content == .symlink("../../cpython-3.11/bin/python"))
        #expect(byPath["framework-x@2/postinstall.py"]?.content == .data(PostInstallScript.bytes))
        #expect(byPath["framework-x@2/postinstall.py"]?.executable == false)
    }

    @Test func runtimesKeepTheirPythonAndGetThePostInstallScript() throws {
        let fixture = try BuildFixture()
        let environment = try fixture.environment("cpython-3.11")
        let python = environment.directory.appendingPathComponent("bin/python3.11")
        try TreeHelpers.write("ELF", to: python, mode: 0o755)
        try FileManager.default.createSymbolicLink(
            atPath: environment.directory.appendingPathComponent("bin/python").path, withDestinationPath: "python3.11")
        let byPath = Dictionary(uniqueKeysWithValues: try LayerContents.entries(of: environment).map { ($0.path, $0) })
        #expect(byPath["cpython-3.11/bin/python"]?.content == .symlink("python3.11"))
        #expect(byPath["cpython-3.11/bin/python3.11"]?.content == .file(python))
        #expect(byPath["cpython-3.11/bin/python_"] == nil)
        #expect(byPath["cpython-3.11/postinstall.py"] != nil)
    }

    @Test func aFifoInTheBuildEnvironmentIsAClearError() throws {
        let fixture = try BuildFixture()
        let environment = try makeFramework(fixture)
        let fifo = environment.sitePackages.appendingPathComponent("pkg/pipe")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect {
            try LayerContents.entries(of: environment)
        } throws: { error in
            "\(error)".contains(fifo.path) && "\(error)".contains("cannot be published")
        }
    }

    @Test func exportWriterHardLinksFilesAndWritesGeneratedOnes() throws {
        let fixture = try BuildFixture()
        let environment = try makeFramework(fixture)
        let target = fixture.root.appendingPathComponent("export/framework-x@2")
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try LayerExportWriter.write(
            try LayerContents.entries(of: environment), root: "framework-x@2", into: target)
        let source = environment.sitePackages.appendingPathComponent("pkg/__init__.py")
        let copy = target.appendingPathComponent("lib/python3.11/site-packages/pkg/__init__.py")
        var a = stat(), b = stat()
        #expect(stat(source.path, &a) == 0 && stat(copy.path, &b) == 0)
        #expect(a.st_ino == b.st_ino, "files are hard-linked")
        let wrapper = try String(contentsOf: target.appendingPathComponent("bin/python"), encoding: .utf8)
        #expect(wrapper.contains("../../cpython-3.11/share/venv/dynlib"))
        #expect(FileManager.default.isExecutableFile(atPath: target.appendingPathComponent("bin/python").path))
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: target.appendingPathComponent("lib64").path)
                == "lib")
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("pyvenv.cfg").path))
        #expect(
            !FileManager.default.fileExists(
                atPath: target.appendingPathComponent("lib/python3.11/site-packages/sitecustomize.py").path))
    }
}
