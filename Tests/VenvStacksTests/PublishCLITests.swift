import Foundation
import Testing

@testable import VenvStacks

/// `venvstacks publish` / `local-export` argument handling and errors that need no build.
@Suite struct PublishCLITests {
    let minimal = TestPaths.fixtures.appendingPathComponent("minimal_project/venvstacks.toml")

    @Test func helpListsVenvstacks08OptionsAndOurs() throws {
        let publish = try runCLI(["publish", "--help"])
        #expect(publish.status == 0)
        for option in [
            "--build-dir", "--output-dir", "--force", "--dry-run", "--tag-outputs", "--include", "--allow-missing",
            "--publish-dependencies", "--publish-derived", "--show", "--show-only", "--json", "--format", "--jobs",
        ] {
            #expect(publish.stdout.contains(option), "publish --help lacks \(option)")
        }
        let export = try runCLI(["local-export", "--help"])
        #expect(export.status == 0)
        for option in ["--output-dir", "--force", "--dry-run", "--publish-dependencies", "--publish-derived"] {
            #expect(export.stdout.contains(option), "local-export --help lacks \(option)")
        }
    }

    @Test func operationsThePublishCommandsNeverDoAreRejected() throws {
        for option in ["--lock", "--build", "--publish", "--clean"] {
            let result = try runCLI(["publish", option, minimal.path])
            #expect(result.status == 64, "publish \(option): \(result.stderr)")
            #expect(result.stderr.contains(option), "\(result.stderr)")
        }
        let tagged = try runCLI(["local-export", "--tag-outputs", minimal.path])
        #expect(tagged.status == 64)
    }

    @Test func anUnknownFormatListsTheKnownOnes() throws {
        let result = try runCLI(["publish", "--format", "tar.bz2", minimal.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("tar.xz") && result.stderr.contains("tar.zst"), "\(result.stderr)")
        let jobs = try runCLI(["publish", "--jobs", "0", minimal.path])
        #expect(jobs.status == 64)
        #expect(jobs.stderr.contains("--jobs must be at least 1"), "\(jobs.stderr)")
    }

    @Test func publishingUnlockedLayersSaysToLockFirst() throws {
        let result = try runCLI(["publish", "--dry-run", minimal.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Environment has not been locked"), "\(result.stderr)")
        #expect(result.stderr.contains("venvstacks lock"))
        #expect(!result.looksLikeCrash)
    }

    @Test func showOnlyListsThePublishSelection() throws {
        let result = try runCLI([
            "publish", "--show-only", "--include", "app-empty", "--publish-dependencies", minimal.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("app-empty (publish)"), "\(result.stdout)")
        #expect(result.stdout.contains("cpython-3.11 (publish)"), "\(result.stdout)")
    }
}
