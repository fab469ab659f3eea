import Foundation
import Testing

@testable import VenvStacks

@Suite struct ShowStatusTests {
    static let minimalTree = """
        ├── Runtimes
        │   └── *cpython-3.11
        ├── Frameworks
        │   ├── *framework-layerA
        │   │   └── *cpython-3.11
        │   ├── *framework-layerB
        │   │   ├── *framework-layerA
        │   │   └── *cpython-3.11
        │   ├── *framework-layerC
        │   │   ├── *framework-layerA
        │   │   └── *cpython-3.11
        │   ├── *framework-layerD
        │   │   ├── *framework-layerB
        │   │   ├── *framework-layerC
        │   │   ├── *framework-layerA
        │   │   └── *cpython-3.11
        │   ├── *framework-layerE
        │   │   ├── *framework-layerB
        │   │   ├── *framework-layerA
        │   │   └── *cpython-3.11
        │   └── *framework-layerF@1
        │       ├── *framework-layerE
        │       ├── *framework-layerB
        │       ├── *framework-layerA
        │       └── *cpython-3.11
        └── Applications
            ├── *app-empty
            │   ├── *framework-layerD
            │   ├── *framework-layerF@1
            │   ├── *framework-layerE
            │   ├── *framework-layerB
            │   ├── *framework-layerC
            │   ├── *framework-layerA
            │   └── *cpython-3.11
            └── *app-no-framework
                └── *cpython-3.11

        """

    static let minimalTreeLayerC = """
        ├── Runtimes
        │   └── *cpython-3.11
        ├── Frameworks
        │   ├── *framework-layerA
        │   │   └── *cpython-3.11
        │   ├── *framework-layerC
        │   │   ├── *framework-layerA
        │   │   └── *cpython-3.11
        │   └── *framework-layerD
        │       ├── *framework-layerB
        │       ├── *framework-layerC
        │       ├── *framework-layerA
        │       └── *cpython-3.11
        └── Applications
            └── *app-empty
                ├── *framework-layerD
                ├── *framework-layerF@1
                ├── *framework-layerE
                ├── *framework-layerB
                ├── *framework-layerC
                ├── *framework-layerA
                └── *cpython-3.11

        """

    @Test func showTreeOfTheMinimalProject() throws {
        let result = try runCLI(["show", TestPaths.minimalProject.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == TestPaths.minimalProject.path + "\n" + Self.minimalTree)
    }

    @Test func showIncludeAddsDependenciesAndDerivedLayers() throws {
        let result = try runCLI(["show", "--include", "*-layerC", TestPaths.minimalProject.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == TestPaths.minimalProject.path + "\n" + Self.minimalTreeLayerC)
    }

    @Test func showResolvesARelativeSpecPathAgainstTheWorkingDirectory() throws {
        let result = try runCLI(["show", "minimal_project/venvstacks.toml"], in: TestPaths.fixtures)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(TestPaths.minimalProject.path + "\n"))
    }

    @Test func showSampleProjectWithIncludeShowsTheAppItsFrameworksAndRuntime() throws {
        let result = try runCLI(["show", "--include", "app-scipy*", TestPaths.sampleProject.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let topLevel = lines.filter {
            $0.hasPrefix("│   ├── ") || $0.hasPrefix("│   └── ") || $0.hasPrefix("    ├── ") || $0.hasPrefix("    └── ")
        }
        .map { $0.dropFirst(8) }
        // The sample project's lock state decides the '*'; names and structure do not depend on it.
        let names = topLevel.map { $0.hasPrefix("*") ? String($0.dropFirst()) : String($0) }
            .map { $0.components(separatedBy: " -> ").first! }
        #expect(
            names == [
                "cpython-3.11", "framework-scipy", "framework-http-client", "app-scipy-client", "app-scipy-import",
            ])
        #expect(result.stdout.contains("framework-scipy -> framework-scipy@"))
        #expect(result.stdout.contains("app-scipy-import -> app-scipy-import@"))
    }

    @Test func showJSONHasVenvstacks08Shape() throws {
        let result = try runCLI([
            "show", "--json", TestPaths.lockProject.appendingPathComponent("venvstacks.toml").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let spec = TestPaths.lockProject.appendingPathComponent("venvstacks.toml").path
        let expected = """
            {
              "applications": [
                {
                  "dependencies": [
                    {
                      "has_valid_lock": true,
                      "install_target": "framework-demo",
                      "name": "framework-demo",
                      "selected_operations": null
                    },
                    {
                      "has_valid_lock": true,
                      "install_target": "cpython-3.11",
                      "name": "cpython-3.11",
                      "selected_operations": null
                    }
                  ],
                  "has_valid_lock": true,
                  "install_target": "app-hello@3",
                  "name": "app-hello",
                  "selected_operations": null
                }
              ],
              "frameworks": [
                {
                  "dependencies": [
                    {
                      "has_valid_lock": true,
                      "install_target": "cpython-3.11",
                      "name": "cpython-3.11",
                      "selected_operations": null
                    }
                  ],
                  "has_valid_lock": true,
                  "install_target": "framework-demo",
                  "name": "framework-demo",
                  "selected_operations": null
                }
              ],
              "runtimes": [
                {
                  "has_valid_lock": true,
                  "install_target": "cpython-3.11",
                  "name": "cpython-3.11",
                  "selected_operations": null
                }
              ],
              "spec_name": "\(spec)"
            }

            """
        #expect(result.stdout == expected)
    }

    @Test func validVersionedLayersShowTheirDeployedName() throws {
        let result = try runCLI(["show", TestPaths.lockProject.appendingPathComponent("venvstacks.toml").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("└── app-hello -> app-hello@3\n"))
        #expect(!result.stdout.contains("*"))
    }

    @Test func unmatchedIncludePatternFailsUnlessAllowed() throws {
        let failing = try runCLI(["show", "--include", "nomatch", TestPaths.minimalProject.path])
        #expect(failing.status == 1)
        #expect(
            failing.stderr
                == "ERROR: No matching layers found for: {'nomatch'}\n  Pass '--allow-missing' to convert to warning\n")
        #expect(failing.stdout.isEmpty)

        let allowed = try runCLI([
            "show", "--include", "nomatch", "--include", "app-empty", "--allow-missing", TestPaths.minimalProject.path,
        ])
        #expect(allowed.status == 0)
        #expect(allowed.stderr == "WARNING: No matching layers found for: {'nomatch'}\n")
        #expect(allowed.stdout.contains("*app-empty"))
    }

    @Test func disabledLayersCannotBeIncluded() throws {
        let spec = try loadSpec(TestPaths.minimalProject)
        let (matches, unmatched) = LayerSelection.filter(["app-*"], in: spec)
        #expect(matches == ["app-empty", "app-no-framework"])
        #expect(unmatched == [])
        #expect(LayerSelection.filter(["app-disabled"], in: spec).unmatched == ["app-disabled"])
    }
}
