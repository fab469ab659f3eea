import Foundation
import Testing

@testable import VenvStacks

/// Mapping libraries to link names and recreating `share/venv/dynlib`
/// (docs/behaviour.md#dynamic-library-linking-and-the-python-wrapper).
@Suite struct DynamicLibraryLinkTests {
    static let site = "lib/python3.11/site-packages"
    static let suffixes = [".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"]

    func library(_ path: String, real: String? = nil) -> DynamicLibraries.Library {
        DynamicLibraries.Library(path: "\(Self.site)/\(path)", realPath: "/real/" + (real ?? path))
    }

    @Test func oneLinkPerNameSortedByNameAndSameRealFileIsNotAmbiguous() throws {
        let fixture = try BuildFixture()
        let environment = try fixture.environment("framework-x")
        let links = try DynamicLibraries.linkTargets(
            [library("z/libz.so"), library("b/libq.so", real: "a/libq.so"), library("a/libq.so")],
            environment: environment)
        #expect(links.map(\.name) == ["libq.so", "libz.so"])
        #expect(links.map(\.library.path) == ["\(Self.site)/a/libq.so", "\(Self.site)/z/libz.so"])
    }

    @Test func everyAmbiguousNameIsReportedAtOnce() throws {
        let fixture = try BuildFixture()
        let environment = try fixture.environment("framework-x")
        let libraries = [
            library("b/libz.so"), library("a/libz.so"), library("ok/libok.so"), library("m2/libm.so"),
            library("m1/libm.so"), library("m3/sub/libm.so"),
        ]
        let site = "framework-x/\(Self.site)"
        let error = #expect(throws: StackError.self) {
            try DynamicLibraries.linkTargets(libraries, environment: environment)
        }
        #expect(
            error?.description == """
                Layer framework-x: Ambiguous dynamic library link targets:

                  framework-x/share/venv/dynlib/libm.so => ['\(site)/m1/libm.so', '\(site)/m2/libm.so', '\(site)/m3/sub/libm.so']
                  framework-x/share/venv/dynlib/libz.so => ['\(site)/a/libz.so', '\(site)/b/libz.so']

                Set `dynlib_exclude` in the layer definition to resolve this ambiguity, e.g. dynlib_exclude = ["m2/libm.so", "m3/sub/libm.so", "b/libz.so"] to keep the first of each.
                """)
    }

    /// `framework-x` excludes `triton/**` and `numpy.libs/*.so`.
    @Test func linksAreRelativeAndRespectExclusions() throws {
        let fixture = try BuildFixture()
        let environment = try fixture.environment("framework-x", deployedName: "framework-x@3")
        let site = environment.sitePackages
        for file in [
            "pkg/libfoo.so", "pkg/.libs/libhidden.dylib", "pkg/_ext.cpython-311-x86_64-linux-gnu.so",
            "pkg/_fast.abi3.so", "pkg/libversioned.so.1", "triton/_C/libtriton.so", "numpy.libs/libopenblas.so",
            "numpy.libs/deeper/libkept.so",
        ] {
            try TreeHelpers.write("binary", to: site.appendingPathComponent(file))
        }
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent("folder.so"), withIntermediateDirectories: true)
        try TreeHelpers.write("old", to: environment.dynlibDirectory.appendingPathComponent("libstale.so"))

        #expect(try DynamicLibraries.link(environment, extensionSuffixes: Self.suffixes) == 3)
        let dynlib = environment.dynlibDirectory
        #expect(TreeHelpers.names(dynlib) == ["libfoo.so", "libhidden.dylib", "libkept.so"])
        let fm = FileManager.default
        #expect(
            try fm.destinationOfSymbolicLink(atPath: dynlib.appendingPathComponent("libfoo.so").path)
                == "../../../\(Self.site)/pkg/libfoo.so")
        #expect(
            try fm.destinationOfSymbolicLink(atPath: dynlib.appendingPathComponent("libkept.so").path)
                == "../../../\(Self.site)/numpy.libs/deeper/libkept.so")
        #expect(
            try String(contentsOf: dynlib.appendingPathComponent("libhidden.dylib"), encoding: .utf8) == "binary")
    }

    @Test func theFolderGoesWhenNothingIsLeftToLink() throws {
        let fixture = try BuildFixture()
        let environment = try fixture.environment("framework-y")
        try TreeHelpers.write("binary", to: environment.sitePackages.appendingPathComponent("pkg/libfoo.so"))
        #expect(try DynamicLibraries.link(environment, extensionSuffixes: Self.suffixes) == 1)
        try FileManager.default.removeItem(at: environment.sitePackages.appendingPathComponent("pkg/libfoo.so"))
        #expect(try DynamicLibraries.link(environment, extensionSuffixes: Self.suffixes) == 0)
        #expect(!FileManager.default.fileExists(atPath: environment.dynlibDirectory.path))
        #expect(FileManager.default.fileExists(atPath: environment.directory.appendingPathComponent("share/venv").path))
    }

    @Test func noLibrariesCreatesNoFolder() throws {
        let fixture = try BuildFixture()
        let environment = try fixture.environment("framework-y")
        try TreeHelpers.write("", to: environment.sitePackages.appendingPathComponent("pkg/__init__.py"))
        #expect(try DynamicLibraries.link(environment, extensionSuffixes: Self.suffixes) == 0)
        #expect(!FileManager.default.fileExists(atPath: environment.directory.appendingPathComponent("share").path))
    }

    @Test func ambiguityFoundOnDiskLeavesTheOldLinksAlone() throws {
        let fixture = try BuildFixture()
        let environment = try fixture.environment("framework-y")
        try TreeHelpers.write("a", to: environment.sitePackages.appendingPathComponent("a/libdup.so"))
        try TreeHelpers.write("b", to: environment.sitePackages.appendingPathComponent("b/libdup.so"))
        try TreeHelpers.write("old", to: environment.dynlibDirectory.appendingPathComponent("libold.so"))
        #expect(throws: StackError.self) {
            try DynamicLibraries.link(environment, extensionSuffixes: Self.suffixes)
        }
        #expect(TreeHelpers.names(environment.dynlibDirectory) == ["libold.so"])
    }
}
