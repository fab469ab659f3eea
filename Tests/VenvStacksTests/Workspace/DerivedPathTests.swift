import Foundation
import Testing

@testable import VenvStacks

/// The second line of defence behind the layer-name rules: a spec whose layer names escaped
/// the loader's checks (built through the library by hand) is stopped before a folder is
/// locked or written.
@Suite struct DerivedPathTests {
    static let text = """
        [[runtimes]]
        name = "rt"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[applications]]
        name = "app"
        runtime = "rt"
        launch_module = "app"
        requirements = []
        """

    static func spec(renamingRuntimeTo name: String? = nil) throws -> StackSpec {
        let loaded = try StackSpec.parse(
            text: text, specURL: URL(fileURLWithPath: "/project/venvstacks.toml"), uvTomlText: nil,
            environment: [:], exists: { _ in true })
        guard let name else { return loaded }
        let runtime = loaded.runtimes[0]
        let renamed = LayerSpec(
            kind: .runtime, name: name, requirements: runtime.requirements,
            declaredPlatforms: runtime.declaredPlatforms, linuxTarget: runtime.linuxTarget,
            macosxTarget: runtime.macosxTarget, dynlibExclude: [], versioned: false, packageIndexes: [:],
            priorityIndexes: [], indexOverrides: [:], pythonImplementation: runtime.pythonImplementation,
            runtime: nil, declaredFrameworks: [], launchModule: nil, supportModules: [])
        return StackSpec(
            specURL: loaded.specURL, runtimes: [renamed], frameworks: [], applications: loaded.applications,
            uvConfig: loaded.uvConfig, warnings: [])
    }

    @Test func namesTheLoaderAcceptsStayInsideEveryFolder() throws {
        let folders = ["/project/requirements", "/project/_build", "/project/_artifacts"].map {
            URL(fileURLWithPath: $0)
        }
        try StackWorkspace.checkDerivedPaths(of: Self.spec(), in: folders)
    }

    @Test(arguments: ["..", "../../victim", ".", "a/../..", ""])
    func aNameThatWouldEscapeIsRefusedBeforeAnythingIsWritten(_ name: String) throws {
        let folder = URL(fileURLWithPath: "/project/_build")
        let spec = try Self.spec(renamingRuntimeTo: name)
        let error = try #require(throws: StackError.self) {
            try StackWorkspace.checkDerivedPaths(of: spec, in: [folder])
        }
        #expect(error.description.contains("would put its files outside '/project/_build'"), "\(error)")
        #expect(error.description.contains("nothing was written"), "\(error)")
    }
}

/// An output folder placed inside an application's module folder would be hashed, copied and
/// archived with the module: refused through the binary before anything is written.
@Suite struct ModuleFolderOutputTests {
    @Test(arguments: [["publish", "--output-dir", "app/out"], ["lock", "--build-dir", "app/build"]])
    func aFolderInsideAModuleIsRefusedAndNotCreated(_ command: [String]) throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let module = folder.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: module, withIntermediateDirectories: true)
        try Data().write(to: module.appendingPathComponent("__main__.py"))
        let spec = folder.appendingPathComponent("venvstacks.toml")
        try DerivedPathTests.text.write(to: spec, atomically: true, encoding: .utf8)
        let result = try runBounded(command + [spec.path], in: folder)
        #expect(result.status == 1)
        #expect(!result.looksLikeCrash)
        #expect(
            result.stderr.contains("the module 'app' in field 'launch_module' holds '\(folder.path)/\(command[2])'"),
            "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: module.path) == ["__main__.py"])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("requirements").path))
    }
}
