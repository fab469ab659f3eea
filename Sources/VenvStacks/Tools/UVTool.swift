import Foundation
import Synchronization

/// Which `uv` executable to run, and how it was found.
public struct UVTool: Sendable, Equatable {
    public var executable: String
    /// Where it came from, for messages ("--uv", "VENVSTACKS_UV", "pinned", "PATH").
    public var origin: String

    public init(executable: String, origin: String) {
        self.executable = executable
        self.origin = origin
    }

    /// The uv version the project pins (misc/setup.sh installs it into `.tools/`).
    public static let pinnedVersion = "0.8.18"

    /// Finds uv: an explicit path (`--uv`), then `$VENVSTACKS_UV`, then the pinned uv that
    /// `misc/setup.sh` installs (`.tools/bin/uv` in a folder above this executable or the
    /// working directory), then `uv` on `PATH`.
    public static func locate(
        explicit: String?, environment: [String: String], executableURL: URL? = Bundle.main.executableURL,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws(StackError) -> UVTool {
        let fileManager = FileManager.default
        if let explicit {
            guard fileManager.isExecutableFile(atPath: explicit) else {
                throw StackError("--uv \(explicit): no executable file there")
            }
            return UVTool(executable: explicit, origin: "--uv")
        }
        if let configured = environment["VENVSTACKS_UV"], !configured.isEmpty {
            guard fileManager.isExecutableFile(atPath: configured) else {
                throw StackError("VENVSTACKS_UV=\(configured): no executable file there")
            }
            return UVTool(executable: configured, origin: "VENVSTACKS_UV")
        }
        if let pinned = projectFile(
            ".tools/bin/uv", executableURL: executableURL, workingDirectory: workingDirectory,
            accept: fileManager.isExecutableFile(atPath:))
        {
            return UVTool(executable: pinned.path, origin: "pinned")
        }
        if let found = ExecutableSearch.locate("uv") { return UVTool(executable: found.path, origin: "PATH") }
        throw StackError(
            "uv was not found (tried --uv, $VENVSTACKS_UV, .tools/bin/uv from misc/setup.sh, and PATH)",
            hint: "run misc/setup.sh to install the pinned uv \(pinnedVersion), or pass --uv PATH")
    }
}

extension UVTool {
    /// The first `relative` path found in a folder above this executable or above the
    /// working directory (how the project's `.tools/` folder is found).
    public static func projectFile(
        _ relative: String, executableURL: URL? = Bundle.main.executableURL,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        accept: (String) -> Bool = FileManager.default.fileExists(atPath:)
    ) -> URL? {
        let starts = [executableURL?.resolvingSymlinksInPath().deletingLastPathComponent(), workingDirectory]
        for start in starts.compactMap({ $0 }) {
            var directory = start.standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent(relative)
                if accept(candidate.path) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    /// The runtime download list `misc/setup.sh` makes on machines without GitHub access.
    public static let projectMirrorList = ".tools/python-mirror/download-metadata.json"
}

/// The uv command lines venvstacks runs (docs/behaviour.md#uv-command-lines, docs/behaviour.md#runtime-layers), as
/// values.
public struct UVCommands: Sendable {
    public let uv: UVTool
    /// `uv --version`'s answer once known: asked once, however many steps want it.
    private let knownVersion = KnownVersion()

    public init(uv: UVTool) { self.uv = uv }

    /// The environment every uv run gets: no active virtual environment, and the Python
    /// variables that could leak user state cleared.
    public static let environment: [String: String?] = [
        "VIRTUAL_ENV": nil,
        "PYTHONNOUSERSITE": "1",
        "PYTHONSAFEPATH": "1",
        "PYTHONUTF8": "1",
        "PYTHONPATH": "",
        "PYTHONSTARTUP": "",
        "PYTHONLEGACYWINDOWSFSENCODING": "",
        "PYTHONLEGACYWINDOWSSTDIO": "",
    ]

    private func invocation(_ arguments: [String]) -> ToolInvocation {
        ToolInvocation(uv.executable, arguments, environment: Self.environment)
    }

    /// `uv lock` of a layer's resolve project (`--upgrade`: never reuse an old `uv.lock`).
    public func lock(project: URL, python: URL) -> ToolInvocation {
        invocation([
            "lock", "--project", project.path, "--python", python.path, "--upgrade", "--quiet", "--no-color",
            "--no-managed-python",
        ])
    }

    /// `uv export` of the resolved project as `pylock.toml`.
    public func export(project: URL, output: URL, python: URL) -> ToolInvocation {
        invocation([
            "export", "-o", output.path, "--project", project.path, "--locked", "--format", "pylock.toml",
            "--no-header", "--no-emit-project", "--python", python.path, "--quiet", "--no-color", "--no-annotate",
            "--no-managed-python",
        ])
    }

    /// `uv python install` of a runtime into the runtime cache (no shims in `~/.local/bin`).
    public func pythonInstall(request: String, installDirectory: URL) -> ToolInvocation {
        invocation(["python", "install", request, "--install-dir", installDirectory.path, "--no-bin", "--no-color"])
    }

    /// `uv pip uninstall` of installer packages from a fresh runtime.
    public func pipUninstall(python: URL, packages: [String]) -> ToolInvocation {
        invocation(["pip", "uninstall", "--python", python.path] + packages + ["--no-managed-python", "--no-color"])
    }

    /// `uv pip install` of a layer's lock into its environment (docs/behaviour.md#package-installation). `--no-config`:
    /// everything comes from the lock file, not from user or system uv settings.
    public func pipInstall(python: URL, platform: String, pylock: URL, macosxTarget: String) -> ToolInvocation {
        var result = invocation([
            "pip", "install", "--python", python.path, "--python-platform", platform, "--quiet", "--no-color",
            "--no-config", "-r", pylock.path, "--no-managed-python",
        ])
        result.environment["MACOSX_DEPLOYMENT_TARGET"] = macosxTarget
        return result
    }

    /// `uv --version`.
    public var version: ToolInvocation { invocation(["--version"]) }

    /// What `uv --version` prints (`uv 0.8.18`), or nil when it fails.
    public func versionLine(using runner: any ToolRunner) async -> String? {
        if let known = knownVersion.line.withLock({ $0 }) { return known }
        guard let result = try? await runner.run(version), result.status == 0 else { return nil }
        let line = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        knownVersion.line.withLock { $0 = line }
        return line
    }
}

/// Shared by the copies of one ``UVCommands``.
private final class KnownVersion: Sendable {
    let line = Mutex<String?>(nil)
}
