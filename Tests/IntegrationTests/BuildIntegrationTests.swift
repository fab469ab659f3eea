import Foundation
import Testing
import VenvStacksTestSupport
import VenvStacks

/// Slow group: `venvstacks build` with the real CLI, uv, PyPI and runtimes, then the built
/// applications run with their own `bin/python`.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct BuildIntegrationTests: SlowCLISupport {
    /// Runs `python` with `arguments` from a neutral folder (so nothing is imported from the cwd).
    func runPython(_ python: URL, _ arguments: [String]) throws -> ToolResult {
        try TestProcess.run(
            ToolInvocation(python.path, arguments, workingDirectory: FileManager.default.temporaryDirectory))
    }

    /// Layer name → what the build said about it ("built (...)" or "up to date").
    func buildOutcomes(_ stdout: String) -> [String: String] {
        var result: [String: String] = [:]
        let lines = stdout.split(separator: "\n").drop { $0 != "Built environments:" }.dropFirst()
        for line in lines.prefix(while: { $0.hasPrefix("  ") }) {
            let parts = line.dropFirst(2).split(separator: ": ", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    @Test func sampleProjectBuildsAndItsAppsRunOnTheirLayers() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let build = spec.deletingLastPathComponent().appendingPathComponent("_build")

        let first = try venvstacks(["build", "--lock-if-needed", spec.path])
        #expect(first.status == 0, "build failed:\n\(first.stderrText)")
        let linuxLayers = [
            "cpython-3.11", "cpython-3.12", "framework-scipy", "framework-sklearn", "framework-http-client",
            "app-scipy-import", "app-sklearn-import",
        ]
        let outcomes = buildOutcomes(first.stdoutText)
        #expect(outcomes.keys.sorted() == linuxLayers.sorted())
        #expect(outcomes.values.allSatisfy { $0.hasPrefix("built") }, "\(outcomes)")
        #expect(!FileManager.default.fileExists(atPath: build.appendingPathComponent("app-scipy-client").path))

        // Each app's launch module runs on its layers; sys.path lists the app, its
        // frameworks in linearised order, then the runtime.
        let apps: [(layer: String, module: String, python: String, below: [String])] = [
            ("app-scipy-import", "scipy_import", "3.11", ["framework-scipy", "cpython-3.11"]),
            ("app-sklearn-import", "sklearn_import", "3.12", ["framework-sklearn", "cpython-3.12"]),
        ]
        for app in apps {
            let interpreter = build.appendingPathComponent("\(app.layer)/bin/python")
            let run = try runPython(interpreter, ["-m", app.module])
            #expect(run.status == 0, "\(app.layer): \(run.stderrText)")
            #expect(run.stdoutText.hasPrefix("\(app.layer.dropFirst(4)): OK (numpy "), "\(run.stdoutText)")
            let probe = try runPython(
                interpreter,
                [
                    "-c",
                    "import sys, importlib.metadata as m; print(m.version('numpy')); print('\\n'.join(p for p in sys.path if p.endswith('site-packages')))",
                ])
            #expect(probe.status == 0, "\(probe.stderrText)")
            let lines = probe.stdoutText.split(separator: "\n").map(String.init)
            #expect(lines.first == "2.3.2")
            let expected = ([app.layer] + app.below).map {
                build.appendingPathComponent("\($0)/lib/python\(app.python)/site-packages").path
            }
            #expect(Array(lines.dropFirst()) == expected)
        }

        // Portability: numpy's scripts left bin/, and their RECORD lines went with them, not the RECORD.
        let runtimeBin = try FileManager.default.contentsOfDirectory(
            atPath: build.appendingPathComponent("cpython-3.11/bin").path)
        #expect(runtimeBin.sorted() == ["python", "python3", "python3.11"])
        let files = try runPython(
            build.appendingPathComponent("cpython-3.11/bin/python"),
            [
                "-c",
                "import importlib.metadata as m; f = [str(p) for p in m.files('numpy')]; print('numpy/__init__.py' in f, any('bin/' in p for p in f))",
            ])
        #expect(files.stdoutText == "True False\n", "\(files.stderrText)")

        // Nothing changed: nothing is installed again, no file in any layer is touched.
        let record = build.appendingPathComponent("framework-scipy/lib/python3.11/site-packages/scipy/__init__.py")
        let before = try FileManager.default.attributesOfItem(atPath: record.path)[.modificationDate] as? Date
        let second = try venvstacks(["build", "-v", spec.path])
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(buildOutcomes(second.stdoutText).values.allSatisfy { $0 == "up to date" })
        #expect(!second.stderrText.contains("installing packages"))
        #expect(try FileManager.default.attributesOfItem(atPath: record.path)[.modificationDate] as? Date == before)

        // Editing an unversioned app's launch module rebuilds that app only.
        let launch = spec.deletingLastPathComponent().appendingPathComponent("launch_modules/sklearn_import.py")
        let handle = try FileHandle(forWritingTo: launch)
        handle.seekToEndOfFile()
        handle.write(Data("# edited by the build test\n".utf8))
        try handle.close()
        let third = try venvstacks(["build", spec.path])
        #expect(third.status == 0, "\(third.stderrText)")
        let rebuilt = buildOutcomes(third.stdoutText).filter { $0.value != "up to date" }
        #expect(rebuilt.keys.sorted() == ["app-sklearn-import"], "\(rebuilt)")
        #expect(rebuilt["app-sklearn-import"]?.contains("app_launch_module_hash") == true)
        let copied = build.appendingPathComponent("app-sklearn-import/lib/python3.12/site-packages/sklearn_import.py")
        #expect(try String(contentsOf: copied, encoding: .utf8).hasSuffix("# edited by the build test\n"))

        // A runtime recreated by `lock --clean` has lost its packages: the next build redoes it.
        let relock = try venvstacks(["lock", "--clean", "--if-needed", "--include", "cpython-3.12", spec.path])
        #expect(relock.status == 0, "\(relock.stderrText)")
        let fourth = try venvstacks(["build", spec.path])
        #expect(fourth.status == 0, "\(fourth.stderrText)")
        #expect(buildOutcomes(fourth.stdoutText).filter { $0.value != "up to date" }.keys.sorted() == ["cpython-3.12"])
        let numpy = try runPython(build.appendingPathComponent("cpython-3.12/bin/python"), ["-c", "import numpy"])
        #expect(numpy.status == 0, "\(numpy.stderrText)")
    }

    /// A shared library shipped by a framework's package, loaded by a package of the app
    /// above it through the app's wrapper (its dynlib folder on `LD_LIBRARY_PATH`).
    @Test(arguments: [false, true]) func sharedLibrariesAreFoundAcrossLayers(excludeAll: Bool) throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let wheels = root.appendingPathComponent("wheels")
        try FileManager.default.createDirectory(at: wheels, withIntermediateDirectories: true)
        let library = try #require(
            [
                "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1",
                "/lib/aarch64-linux-gnu/libz.so.1",
                "/usr/lib/aarch64-linux-gnu/libz.so.1", "/usr/lib64/libz.so.1", "/lib64/libz.so.1",
            ].first { FileManager.default.fileExists(atPath: $0) }, "no libz.so.1 to package")
        try TinyWheel.write(
            name: "vs-shared", version: "1.0",
            files: [
                "vs_shared/__init__.py": Data("\"\"\"Ships libvsshared.so (a copy of zlib).\"\"\"\n".utf8),
                "vs_shared/lib/libvsshared.so": try Data(contentsOf: URL(fileURLWithPath: library)),
            ], to: wheels)
        try TinyWheel.write(
            name: "vs-consumer", version: "1.0",
            files: [
                "vs_consumer/__init__.py": Data(
                    """
                    import ctypes

                    # Found through the loader's search path only (no absolute path).
                    _lib = ctypes.CDLL("libvsshared.so")
                    _lib.zlibVersion.restype = ctypes.c_char_p


                    def zlib_version():
                        return _lib.zlibVersion().decode()

                    """.utf8)
            ], to: wheels)
        let exclude = excludeAll ? "dynlib_exclude = [\"*\"]\n" : ""
        let spec = root.appendingPathComponent("venvstacks.toml")
        try """
        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[frameworks]]
        name = "shared"
        runtime = "cpython-3.11"
        requirements = ["vs-shared"]
        \(exclude)
        [[applications]]
        name = "consumer"
        launch_module = "consumer_app.py"
        frameworks = ["shared"]
        requirements = ["vs-consumer"]
        """.write(to: spec, atomically: true, encoding: .utf8)
        try "from vs_consumer import zlib_version\n\nprint('consumer: zlib', zlib_version())\n".write(
            to: root.appendingPathComponent("consumer_app.py"), atomically: true, encoding: .utf8)

        let result = try venvstacks([
            "build", "--lock-if-needed", "--no-index", "--local-wheels", "wheels", spec.path,
        ])
        let build = root.appendingPathComponent("_build")
        if excludeAll {
            #expect(result.status == 1)
            #expect(result.stderrText.contains("Layer app-consumer: post-build check failed"), "\(result.stderrText)")
            #expect(result.stderrText.contains("'import vs_consumer' failed: OSError: libvsshared.so"))
            #expect(
                !FileManager.default.fileExists(
                    atPath: build.appendingPathComponent("framework-shared/share/venv/dynlib").path))
            #expect(
                !FileManager.default.fileExists(
                    atPath: build.appendingPathComponent("app-consumer.last-build.json").path))
        } else {
            #expect(result.status == 0, "build failed:\n\(result.stderrText)")
            let link = build.appendingPathComponent("framework-shared/share/venv/dynlib/libvsshared.so")
            #expect(
                try FileManager.default.destinationOfSymbolicLink(atPath: link.path)
                    == "../../../lib/python3.11/site-packages/vs_shared/lib/libvsshared.so")
            let run = try runPython(build.appendingPathComponent("app-consumer/bin/python"), ["-m", "consumer_app"])
            #expect(run.status == 0, "\(run.stderrText)")
            #expect(run.stdoutText.hasPrefix("consumer: zlib 1."), "\(run.stdoutText)")
            // Without the wrapper (the base interpreter directly), the library is not found.
            let direct = try runPython(
                build.appendingPathComponent("app-consumer/bin/python_"),
                [
                    "-c",
                    "import sys; sys.path.insert(0, '\(build.path)/app-consumer/lib/python3.11/site-packages'); import vs_consumer",
                ])
            #expect(direct.status != 0)
        }
    }

    /// Launch packages are copied through git's ignore rules, and files deleted from the
    /// source disappear from the layer on the next build.
    @Test func launchPackagesFollowGitAndDeletedFilesDisappear() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let git = try TestProcess.run(ToolInvocation("git", ["init", "-q", root.path]))
        #expect(git.status == 0, "\(git.stderrText)")
        let package = root.appendingPathComponent("pkgapp")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        let sources = [
            "__init__.py": "",
            "__main__.py": "from pkgapp import extra\n\nprint('pkgapp:', extra.VALUE)\n",
            "extra.py": "VALUE = 'extra'\n",
            "ignored.py": "raise SystemExit('must not be copied')\n",
        ]
        for (name, text) in sources {
            try text.write(to: package.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try "ignored.py\n".write(to: root.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        let spec = root.appendingPathComponent("venvstacks.toml")
        try """
        [[runtimes]]
        name = "cpython-3.11"
        python_implementation = "cpython@3.11.7"
        requirements = []

        [[applications]]
        name = "pkg"
        launch_module = "pkgapp"
        runtime = "cpython-3.11"
        requirements = []
        """.write(to: spec, atomically: true, encoding: .utf8)

        let first = try venvstacks(["build", "--lock-if-needed", "--no-index", spec.path])
        #expect(first.status == 0, "build failed:\n\(first.stderrText)")
        let copied = root.appendingPathComponent("_build/app-pkg/lib/python3.11/site-packages/pkgapp")
        let names = try FileManager.default.contentsOfDirectory(atPath: copied.path).sorted()
        #expect(names == ["__init__.py", "__main__.py", "extra.py"])
        let python = root.appendingPathComponent("_build/app-pkg/bin/python")
        #expect(try runPython(python, ["-m", "pkgapp"]).stdoutText == "pkgapp: extra\n")

        try FileManager.default.removeItem(at: package.appendingPathComponent("extra.py"))
        try "print('pkgapp: alone')\n".write(
            to: package.appendingPathComponent("__main__.py"), atomically: true, encoding: .utf8)
        let second = try venvstacks(["build", spec.path])
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(buildOutcomes(second.stdoutText)["cpython-3.11"] == "up to date")
        #expect(buildOutcomes(second.stdoutText)["app-pkg"]?.hasPrefix("built") == true)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: copied.path).sorted() == ["__init__.py", "__main__.py"])
        #expect(try runPython(python, ["-m", "pkgapp"]).stdoutText == "pkgapp: alone\n")
    }
}
