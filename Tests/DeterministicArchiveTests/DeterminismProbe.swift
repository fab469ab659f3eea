import DeterministicArchive
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes an archive of the sample tree in a child process with its own time zone, umask and
/// locale, so ``DeterminismTests`` can vary process-wide settings without touching the test
/// process the other suites run in. The child is this test binary running only ``probe()``.
@Suite struct DeterminismProbe {
    static let variable = "VENVSTACKS_DETERMINISM_PROBE"

    /// Runs in the child only: archives `<root>/tree` (or a tree it creates itself at
    /// `<root>/<name>-tree`, under its umask) to `<root>/<name><extension>`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[DeterminismProbe.variable] != nil))
    func probe() throws {
        let environment = ProcessInfo.processInfo.environment
        let root = URL(fileURLWithPath: try #require(environment["PROBE_ROOT"]))
        let name = try #require(environment["PROBE_NAME"])
        let format = try #require(ArchiveFormat(rawValue: environment["PROBE_FORMAT"] ?? ""))
        // Adopt LC_ALL (and TZ) from the environment the parent gave.
        #expect(setlocale(LC_ALL, "") != nil)
        tzset()
        let tree =
            environment["PROBE_CREATE_TREE"] == "1"
            ? try SampleTree.create(at: root.appendingPathComponent("\(name)-tree"))
            : SampleTree(root: root.appendingPathComponent("tree"))
        _ = try archiveBytes(try tree.entries, format: format, in: root, name: name)
    }

    /// The archive the child wrote, after running it with `environment` and `umask`.
    static func archive(
        _ format: ArchiveFormat, in root: URL, name: String, environment: [String: String] = [:],
        umask: String = "022", createTree: Bool = false
    ) throws -> ArchiveFile {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var settings = environment
        settings[variable] = "1"
        settings["PROBE_ROOT"] = root.path
        settings["PROBE_NAME"] = name
        settings["PROBE_FORMAT"] = format.rawValue
        settings["PROBE_CREATE_TREE"] = createTree ? "1" : "0"
        let output = try runTool(
            "sh",
            [
                "-c", "umask \(umask) && exec \"$0\" \"$@\"", binary, "--testing-library", "swift-testing",
                "--filter", "DeterminismProbe",
            ], environment: settings)
        let archive = root.appendingPathComponent(name + format.fileExtension)
        guard output.status == 0, FileManager.default.fileExists(atPath: archive.path) else {
            throw ProbeFailure(
                description: "the probe for \(name) failed (status \(output.status)):\n\(output.text)\(output.stderr)")
        }
        return try ArchiveFile(contentsOf: archive)
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        var description: String
    }
}
