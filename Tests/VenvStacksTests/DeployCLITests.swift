import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// `venvstacks deploy` run as a subprocess on published folders the test makes: a runtime
/// layer `rt` and an application `app-echo`, whose "Pythons" are shell scripts, so every
/// path (checks, refusals, post-install, --run) runs for real without building a stack.
/// Archives are written with Python's tarfile, which writes what `publish` never would.
@Suite(.serialized) final class DeployCLITests {
    let root: URL
    let published: URL
    let target: URL

    init() throws {
        root = try makeTemporaryDirectory()
        published = root.appendingPathComponent("published")
        target = root.appendingPathComponent("target")
        try FileManager.default.createDirectory(
            at: published.appendingPathComponent("__venvstacks__"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A tar member for `makeArchive`: type f(ile), d(ir), l(symlink), h(ard link), p (FIFO), c(har device).
    struct Member: Encodable {
        var name: String
        var type = "f"
        var text = ""
        var link = ""
        var mode = 0o644
    }

    /// The members of a well-formed layer `name` whose `bin/python` is a shell script:
    /// `python` says what it does with `-m MODULE ARGS`; given `-X utf8 -I SCRIPT` (how deploy
    /// runs post-install scripts) it runs SCRIPT with sh, so `postinstall` is shell code.
    func layer(_ name: String, base: String, python: String, postinstall: String = "exit 0") -> [Member] {
        let script = """
            #!/bin/sh
            if [ "$1" = "-m" ]; then shift; \(python); fi
            exec /bin/sh "$4"
            """
        return [
            Member(name: name, type: "d", mode: 0o755),
            Member(name: "\(name)/bin", type: "d", mode: 0o755),
            Member(name: "\(name)/bin/python", text: script + "\n", mode: 0o755),
            Member(name: "\(name)/postinstall.py", text: postinstall + "\n"),
            Member(
                name: "\(name)/share/venv/metadata/venvstacks_layer.json",
                text: "{\"base_python\": \"\(base)\", \"python\": \"bin/python\"}\n"),
        ]
    }

    /// Writes `members` as `<published>/<file>` (gzip-compressed) with Python's tarfile.
    func makeArchive(_ file: String, _ members: [Member]) throws {
        let script = """
            import io, json, sys, tarfile
            with tarfile.open(sys.argv[1], "w:gz") as tar:
                for m in json.loads(sys.argv[2]):
                    info = tarfile.TarInfo(m["name"])
                    info.mode = m["mode"]
                    info.type = {"f": tarfile.REGTYPE, "d": tarfile.DIRTYPE, "l": tarfile.SYMTYPE,
                                 "h": tarfile.LNKTYPE, "p": tarfile.FIFOTYPE, "c": tarfile.CHRTYPE}[m["type"]]
                    info.linkname = m["link"]
                    data = m["text"].encode()
                    info.size = len(data) if m["type"] == "f" else 0
                    tar.addfile(info, io.BytesIO(data) if m["type"] == "f" else None)
            """
        let json = String(decoding: try JSONEncoder().encode(members), as: UTF8.self)
        let result = try TestProcess.run(
            ToolInvocation("python3", ["-c", script, published.appendingPathComponent(file).path, json]))
        #expect(result.status == 0, "\(result.stderrText)")
    }

    /// Writes the manifest for the archives present, with their real sizes and hashes
    /// unless `overrides` says otherwise (layer → sha256).
    func writeManifest(hashOverrides: [String: String] = [:]) throws {
        func entry(_ name: String, kind: LayerKind) throws -> JSONValue {
            let data = try Data(contentsOf: published.appendingPathComponent("\(name).tar.gz"))
            let hash = hashOverrides[name] ?? ContentHash.sha256Hex(data)
            var fields: [String: JSONValue] = [
                "layer_name": .string(name), "install_target": .string(name), "runtime_layer": .string("rt"),
                "archive_name": .string("\(name).tar.gz"), "archive_size": .int(data.count),
                "archive_hashes": .object(["sha256": .string(hash)]),
            ]
            if kind == .application {
                fields["required_layers"] = .array([])
                fields["app_launch_module"] = .string("echo_app")
            }
            return .object(fields)
        }
        let manifest = JSONValue.object([
            "layers": .object([
                "runtimes": .array([try entry("rt", kind: .runtime)]),
                "frameworks": .array([]),
                "applications": .array([try entry("app-echo", kind: .application)]),
            ])
        ])
        try manifest.rendered().write(
            to: published.appendingPathComponent("__venvstacks__/venvstacks.json"), atomically: true, encoding: .utf8)
    }

    /// A good runtime and an app whose python prints its arguments and exits with `exitCode`.
    func publishGoodStack(exitCode: Int = 0, appPostInstall: String = "exit 0") throws {
        try makeArchive("rt.tar.gz", layer("rt", base: "bin/python", python: "exit 0"))
        try makeArchive(
            "app-echo.tar.gz",
            layer(
                "app-echo", base: "../rt/bin/python", python: "echo \"echo-app ran: $*\"; exit \(exitCode)",
                postinstall: appPostInstall))
        try writeManifest()
    }

    func deploy(_ arguments: [String]) throws -> CLIResult {
        try runCLI(["deploy", published.path, target.path] + arguments)
    }

    /// Names in the target folder, hidden ones included (the lock file is gone after a run).
    func deployedNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []).sorted()
    }

    @Test func deploysRunsAndPassesTheExitStatus() throws {
        try publishGoodStack(exitCode: 7)
        let run = try deploy(["app-echo", "--run", "--", "--flag", "two words"])
        #expect(run.status == 7, "\(run.stderr)")
        #expect(run.stdout == "echo-app ran: echo_app --flag two words\n")
        #expect(deployedNames() == ["app-echo", "rt"])
        let again = try deploy(["app-*"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("rt        unchanged") && again.stdout.contains("app-echo  unchanged"))
        #expect(again.stdout.contains("\(target.path)/app-echo/bin/python -m echo_app"))
    }

    @Test func usageMistakesExitWith64() throws {
        let noLayers = try deploy([])
        #expect(noLayers.status == 64 && noLayers.stderr.contains("name at least one layer to deploy"))
        let strayArguments = try deploy(["app-echo", "--", "x"])
        #expect(strayArguments.status == 64 && strayArguments.stderr.contains("add --run to run it"))
        let jobs = try deploy(["app-echo", "--jobs", "0"])
        #expect(jobs.status == 64 && jobs.stderr.contains("--jobs must be at least 1"))
    }

    @Test func aMissingOrEmptyPublishedFolderIsExplained() throws {
        let missing = try runCLI(["deploy", root.appendingPathComponent("nope").path, target.path, "app-echo"])
        #expect(missing.status == 1 && missing.stderr.contains("does not exist"))
        let empty = try deploy(["app-echo"])
        #expect(empty.status == 1 && empty.stderr.contains("holds no published stack for this platform"))
        #expect(!missing.looksLikeCrash && !empty.looksLikeCrash)
    }

    /// The message once read `cannot read the manifest /…json is not a regular file`.
    @Test func aManifestThatIsNotAFileIsOneReadableSentence() throws {
        let manifest = published.appendingPathComponent("__venvstacks__/venvstacks.json")
        try FileManager.default.createDirectory(at: manifest, withIntermediateDirectories: true)
        let result = try deploy(["app-echo"])
        #expect(result.status == 1)
        #expect(
            result.stderr == "ERROR: the manifest \(manifest.path) is not a regular file (it is a directory)\n",
            "\(result.stderr)")
    }

    @Test func aHashMismatchStopsBeforeAnythingIsUnpacked() throws {
        try publishGoodStack()
        try writeManifest(hashOverrides: ["app-echo": String(repeating: "ab", count: 32)])
        let result = try deploy(["app-echo"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ERROR: Layer app-echo: app-echo.tar.gz has SHA-256 "))
        #expect(result.stderr.contains("but venvstacks.json says abab"))
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func aCorruptedArchiveIsRefusedAndLeavesNothing() throws {
        try publishGoodStack()
        // Same size, a damaged middle; the manifest is updated to match, so only unpacking can tell.
        let url = published.appendingPathComponent("app-echo.tar.gz")
        var bytes = try Data(contentsOf: url)
        for index in stride(from: 20, to: bytes.count - 10, by: 7) { bytes[index] ^= 0x5A }
        try bytes.write(to: url)
        try writeManifest()
        let result = try deploy(["app-echo"])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stderr.contains("ERROR: Layer app-echo: app-echo.tar.gz is damaged or not a tar archive"))
        #expect(!result.looksLikeCrash)
        #expect(!deployedNames().contains { $0.contains("app-echo") })
    }

    @Test(arguments: [
        ("..", [Member(name: "app-echo/../../escaped.txt", text: "x")], "has a '..' component"),
        ("absolute", [Member(name: "/tmp/venvstacks-escaped.txt", text: "x")], "/tmp/venvstacks-escaped.txt"),
        ("symlink out", [Member(name: "app-echo/lib", type: "l", link: "../../..")], "app-echo/lib"),
        ("absolute symlink", [Member(name: "app-echo/etc", type: "l", link: "/etc")], "app-echo/etc"),
        (
            "write through a symlink",
            [
                Member(name: "app-echo/rt-lib", type: "l", link: "../rt"),
                Member(name: "app-echo/rt-lib/bin/python", text: "evil"),
            ], "app-echo/rt-lib/bin/python"
        ),
        ("hard link out", [Member(name: "app-echo/passwd", type: "h", link: "/etc/passwd")], "app-echo/passwd"),
        ("FIFO", [Member(name: "app-echo/pipe", type: "p")], "app-echo/pipe"),
        ("device", [Member(name: "app-echo/dev", type: "c")], "app-echo/dev"),
        (
            "duplicate", [Member(name: "app-echo/bin/python", text: "#!/bin/sh\nexit 0\n", mode: 0o755)],
            "appears twice"
        ),
        ("another layer", [Member(name: "rt/bin/python", text: "evil")], "rt/bin/python"),
    ])
    func aMaliciousArchiveIsRefusedNamingTheEntry(_ case: String, extra: [Member], expected: String) throws {
        try makeArchive("rt.tar.gz", layer("rt", base: "bin/python", python: "exit 0"))
        try makeArchive(
            "app-echo.tar.gz", layer("app-echo", base: "../rt/bin/python", python: "exit 0") + extra)
        try writeManifest()
        let result = try deploy(["app-echo"])
        #expect(result.status == 1, "\(`case`): \(result.stdout)")
        #expect(result.stderr.contains("app-echo.tar.gz"), "\(`case`): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(`case`): \(result.stderr)")
        #expect(!result.looksLikeCrash)
        #expect(!deployedNames().contains { $0.contains("app-echo") }, "\(`case`): \(deployedNames())")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escaped.txt").path))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/venvstacks-escaped.txt"))
        let runtimePython = try String(
            contentsOf: target.appendingPathComponent("rt/bin/python"), encoding: .utf8)
        #expect(!runtimePython.contains("evil"))
    }

    @Test func aFailingPostInstallShowsItsOutput() throws {
        try publishGoodStack(appPostInstall: "echo 'postinstall.py: error: no site-packages' >&2; exit 3")
        let result = try deploy(["app-echo"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Layer app-echo: its post-install script failed (exit status 3)"))
        #expect(result.stderr.contains("postinstall.py: error: no site-packages"))
        #expect(deployedNames() == ["rt"])
    }

    @Test func aChangedLayerIsReplacedOnlyWithForce() throws {
        try publishGoodStack()
        #expect(try deploy(["app-echo"]).status == 0)
        try publishGoodStack(exitCode: 1)  // new archive bytes for app-echo
        let refused = try deploy(["app-echo"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("app-echo is already deployed from another archive (app-echo.tar.gz)"))
        #expect(refused.stderr.contains("use --force"))
        let forced = try deploy(["app-echo", "--force", "--run"])
        #expect(forced.status == 1 && forced.stdout == "echo-app ran: echo_app\n")
    }

    @Test func aSecondDeployWaitsOrWithNoWaitFailsAtOnce() throws {
        try publishGoodStack()
        let held = try FolderLock(folder: target)
        let started = Date()
        let refused = try deploy(["app-echo", "--no-wait"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "ERROR: cannot deploy into \(target.path): another venvstacks run is writing \(target.path) "
                    + "(it holds .venvstacks.lock)"), "\(refused.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 1)
            held.release()
        }
        let waited = try deploy(["app-echo"])
        #expect(waited.status == 0, "\(waited.stderr)")
        let notice = "waiting for another venvstacks run that is writing \(target.path) (it holds .venvstacks.lock)…"
        #expect(waited.stderr.components(separatedBy: notice).count == 2, "said once: \(waited.stderr)")
        #expect(deployedNames() == ["app-echo", "rt"])
    }

    @Test func aSymbolicLinkPlantedAtALockPathIsNeverFollowed() throws {
        try publishGoodStack()
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let planted = root.appendingPathComponent("planted")
        // The lock file earlier versions used: left alone, and its target is not created.
        let legacy = target.appendingPathComponent(".venvstacks-deploy.lock")
        try FileManager.default.createSymbolicLink(atPath: legacy.path, withDestinationPath: planted.path)
        let deployed = try deploy(["rt"])
        #expect(deployed.status == 0, "\(deployed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: planted.path))
        // The lock file itself: refused.
        let lock = target.appendingPathComponent(".venvstacks.lock")
        try FileManager.default.createSymbolicLink(atPath: lock.path, withDestinationPath: planted.path)
        let refused = try deploy(["app-echo"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(lock.path) is a symbolic link"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: planted.path))
        #expect(deployedNames() == [".venvstacks-deploy.lock", ".venvstacks.lock", "rt"])
    }

    #if os(Linux)
        @Test func programsItStartsDoNotInheritItsBrokenPipeHandling() throws {
            // venvstacks survives a reader that has gone; the programs it starts (post-install
            // scripts, tools, the application) die of SIGPIPE as usual.
            try makeArchive("rt.tar.gz", layer("rt", base: "bin/python", python: "exit 0"))
            try makeArchive(
                "app-echo.tar.gz",
                layer("app-echo", base: "../rt/bin/python", python: "grep '^SigIgn:' /proc/self/status; exit 0"))
            try writeManifest()
            let run = try deploy(["app-echo", "--run"])
            #expect(run.status == 0, "\(run.stderr)")
            let mask = UInt64(
                run.stdout.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespacesAndNewlines), radix: 16)
            #expect(mask.map { $0 & (1 << (UInt64(SIGPIPE) - 1)) == 0 } == true, "\(run.stdout)")
        }
    #endif

    @Test(arguments: ["FIFO", "link to /dev/zero"])
    func anArchiveThatIsNotARegularFileFailsAtOnceNamingIt(_ kind: String) throws {
        try publishGoodStack()
        let archive = published.appendingPathComponent("app-echo.tar.gz")
        try FileManager.default.removeItem(at: archive)
        if kind == "FIFO" {
            #expect(mkfifo(archive.path, 0o644) == 0)
        } else {
            try FileManager.default.createSymbolicLink(atPath: archive.path, withDestinationPath: "/dev/zero")
        }
        let started = Date()
        let result = try deploy(["app-echo"])
        #expect(Date().timeIntervalSince(started) < 5, "it must not wait for the FIFO or read /dev/zero")
        #expect(result.status == 1)
        let what = kind == "FIFO" ? "a FIFO (named pipe)" : "a character device"
        #expect(
            result.stderr.contains(
                "ERROR: Layer app-echo: its archive \(archive.path) is not a regular file (it is \(what))"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path), "nothing was deployed")
    }

    @Test func anArchiveMayBeALinkToTheRealFile() throws {
        try publishGoodStack()
        let archive = published.appendingPathComponent("app-echo.tar.gz")
        let elsewhere = root.appendingPathComponent("app-echo.tar.gz")
        try FileManager.default.moveItem(at: archive, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: archive, withDestinationURL: elsewhere)
        let result = try deploy(["app-echo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(deployedNames() == ["app-echo", "rt"])
    }
}
