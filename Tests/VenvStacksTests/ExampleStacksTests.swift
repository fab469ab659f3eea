import Foundation
import Testing

@testable import VenvStacks

/// The example stacks: every subfolder of `examples/` holding a `venvstacks.toml`, found by
/// listing the folder, so a new example is checked without editing these tests.
enum ExampleStacks {
    static let folder = TestPaths.packageRoot.appendingPathComponent("examples")

    /// The examples' folder names, sorted.
    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: spec($0).path) }.sorted()
    }()

    static func spec(_ name: String) -> URL {
        folder.appendingPathComponent(name).appendingPathComponent("venvstacks.toml")
    }
}

/// Fast checks of the committed example stacks: each one loads, has valid committed locks for
/// the layers built on linux_x86_64 (as `venvstacks show --json` reports `has_valid_lock`), at
/// least one application, real launch modules and a README.
@Suite struct ExampleStacksTests {
    @Test func atLeastTwoExamplesAreFound() {
        #expect(
            ExampleStacks.names.count >= 2, "examples found in \(ExampleStacks.folder.path): \(ExampleStacks.names)")
    }

    @Test(arguments: ExampleStacks.names)
    func everyLinuxLayerHasAValidCommittedLock(example: String) async throws {
        let spec = try loadSpec(ExampleStacks.spec(example), environment: [:])
        let locks = try LockStateEvaluator(spec: spec, filter: await SourceTreeFilter.scan(spec)).evaluate()
        let status = StackStatus(spec: spec, locks: locks)
        let linuxLayers = Set(spec.enabledLayers.filter { $0.platforms.contains(.linuxX86_64) }.map(\.buildName))
        #expect(!linuxLayers.isEmpty, "\(example) has no layer for linux_x86_64")
        let checked = (status.runtimes + status.frameworks + status.applications).filter {
            linuxLayers.contains($0.name)
        }
        #expect(Set(checked.map(\.name)) == linuxLayers)
        for layer in checked {
            let reasons = locks[layer.name]?.invalidityReasons.joined(separator: "; ") ?? "no lock state"
            #expect(
                layer.hasValidLock,
                "\(example): \(layer.name) has no valid committed lock (\(reasons)); run misc/lock-example-stacks.sh")
        }
    }

    @Test(arguments: ExampleStacks.names)
    func everyExampleHasApplicationsWithLaunchModules(example: String) throws {
        let spec = try loadSpec(ExampleStacks.spec(example), environment: [:])
        #expect(!spec.applications.isEmpty, "\(example) has no application")
        for app in spec.applications {
            let module = try #require(app.launchModule, "\(example): \(app.buildName) has no launch module")
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: module.url.path, isDirectory: &isDirectory)
            #expect(exists, "\(example): launch module \(module.specPath) of \(app.buildName) is missing")
            if exists && isDirectory.boolValue {
                // `python -m <package>` runs the package's __main__.py.
                let main = module.url.appendingPathComponent("__main__.py")
                #expect(
                    FileManager.default.fileExists(atPath: main.path),
                    "\(example): launch package \(module.specPath) has no __main__.py")
            } else if exists {
                #expect(module.specPath.hasSuffix(".py"), "\(example): \(module.specPath) is not a .py file")
            }
        }
    }

    @Test(arguments: ExampleStacks.names)
    func everyExampleHasAReadme(example: String) {
        let readme = ExampleStacks.folder.appendingPathComponent(example).appendingPathComponent("README.md")
        #expect(FileManager.default.fileExists(atPath: readme.path), "\(example) has no README.md")
    }
}
