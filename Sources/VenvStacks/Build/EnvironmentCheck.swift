import Foundation

/// The post-build check of one environment: its Python must start, list the expected
/// site-packages folders on `sys.path` in order, import each top-level requirement, and
/// find the application's modules. Failures name the layer, the import and Python's error.
public struct EnvironmentCheck: Sendable {
    /// Distribution names of the layer's requirements that apply on this platform.
    public var distributions: [String]
    /// Module names that must be importable from the layer's own site-packages (apps).
    public var ownModules: [String]
    /// site-packages folders that must appear on `sys.path` in this order.
    public var expectedPath: [String]
    /// Where the check's Python reads and writes byte code (`-X pycache_prefix`), instead of
    /// `__pycache__` folders inside the environments: nil for Python's default.
    public var bytecodeCache: URL?

    public init(distributions: [String], ownModules: [String], expectedPath: [String], bytecodeCache: URL? = nil) {
        self.distributions = distributions
        self.ownModules = ownModules
        self.expectedPath = expectedPath
        self.bytecodeCache = bytecodeCache
    }

    /// The build folder's byte-code cache for checks (docs/behaviour.md#post-build-check): one
    /// per build folder, shared by every layer's check and kept between builds, outside every
    /// environment so no archive or export sees it.
    public static func bytecodeCache(in buildDirectory: URL) -> URL {
        buildDirectory.appendingPathComponent(".venvstacks-check-bytecode")
    }

    /// The check's input, passed on standard input.
    var input: Data {
        let value = JSONValue.object([
            "distributions": .array(distributions.map(JSONValue.string)),
            "modules": .array(ownModules.map(JSONValue.string)),
            "expected_path": .array(expectedPath.map(JSONValue.string)),
        ])
        return Data(value.rendered().utf8)
    }

    /// Thread-pool sizes of numeric libraries, capped at one for the check: BLAS and OpenMP
    /// start their worker threads on import, and those spin while other layers build, for a
    /// check that only imports (docs/behaviour.md#post-build-check).
    static let threadLimits: [String: String?] = [
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    ]

    public func invocation(python: URL, workingDirectory: URL) -> ToolInvocation {
        let cache = bytecodeCache.map { ["-X", "pycache_prefix=\($0.path)"] } ?? []
        return ToolInvocation(
            python.path, ["-X", "utf8"] + cache + ["-I", "-c", Self.script], environment: Self.threadLimits,
            workingDirectory: workingDirectory, standardInput: input)
    }

    /// The outcome reported by the check script.
    public struct Outcome: Sendable, Equatable {
        public var sysPath: [String]
        public var problems: [String]
    }

    /// Parses the script's standard output.
    public static func outcome(from output: Data) -> Outcome? {
        guard let json = try? JSONValue.parse(output), case .array(let path)? = json["sys_path"],
            case .array(let problems)? = json["problems"]
        else { return nil }
        return Outcome(sysPath: path.compactMap(\.stringValue), problems: problems.compactMap(\.stringValue))
    }

    /// Runs the check; throws a readable error when the environment does not work.
    public func run(
        layer: String, python: URL, workingDirectory: URL, runner: any ToolRunner
    ) async throws(StackError) -> Outcome {
        let result = try await StackError.during("post-build check could not run \(python.path)", layer: layer) {
            try await runner.run(invocation(python: python, workingDirectory: workingDirectory))
        }
        guard result.status == 0, let outcome = Self.outcome(from: result.standardOutput) else {
            throw StackError(
                layer: layer,
                "post-build check failed: \(python.path) exited with status \(result.status)\n"
                    + result.stderrTail(lines: 30))
        }
        guard outcome.problems.isEmpty else {
            throw StackError(
                layer: layer,
                "post-build check failed (\(python.path)):\n"
                    + outcome.problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
        return outcome
    }

    /// Runs with any Python 3.8+; reads its request as JSON on stdin, prints JSON on stdout.
    static let script = #"""
        import gc
        # Only imports follow: cyclic garbage collection during them is pure cost.
        gc.disable()
        import importlib, importlib.util, json, os, sys, traceback
        import importlib.metadata as metadata

        request = json.load(sys.stdin)
        problems = []
        # Imported modules may print: keep stdout for the report.
        report, sys.stdout = sys.stdout, sys.stderr


        def error_text(exc):
            return traceback.format_exception_only(type(exc), exc)[-1].strip()


        def import_names(dist):
            names = []
            text = dist.read_text("top_level.txt") or ""
            for line in text.split():
                name = line.strip().replace("/", ".")
                if name and name not in names:
                    names.append(name)
            if not names:
                for entry in dist.files or ():
                    parts = entry.parts
                    if not parts:
                        continue
                    head = parts[0]
                    if head in ("..", "__pycache__") or head.endswith((".dist-info", ".data", ".egg-info")):
                        continue
                    if len(parts) > 1:
                        name = head
                    elif head.endswith(".py"):
                        name = head[:-3]
                    elif head.endswith((".so", ".pyd")):
                        name = head.split(".")[0]
                    else:
                        continue
                    if name.isidentifier() and name not in names:
                        names.append(name)
            wanted = dist.metadata["Name"].replace("-", "_").replace(".", "_").lower()
            for name in names:
                if name.lower() == wanted:
                    return [name]
            public = [name for name in names if not name.startswith("_")]
            return public or names


        for requirement in request["distributions"]:
            try:
                dist = metadata.distribution(requirement)
            except Exception as exc:
                problems.append("requirement %r: distribution not found (%s)" % (requirement, error_text(exc)))
                continue
            for name in import_names(dist):
                try:
                    importlib.import_module(name)
                except BaseException as exc:
                    problems.append("requirement %r: 'import %s' failed: %s" % (requirement, name, error_text(exc)))

        own = os.path.realpath(request["expected_path"][0]) if request["expected_path"] else None
        for name in request["modules"]:
            try:
                spec = importlib.util.find_spec(name)
            except BaseException as exc:
                problems.append("module %r cannot be found: %s" % (name, error_text(exc)))
                continue
            origin = spec and (spec.origin or (list(spec.submodule_search_locations or []) or [None])[0])
            if not origin:
                problems.append("module %r is not importable" % name)
            elif own and not os.path.realpath(origin).startswith(own + os.sep):
                problems.append("module %r is imported from %s, not from this layer" % (name, origin))

        real_path = [os.path.realpath(entry) for entry in sys.path]
        positions = []
        for expected in request["expected_path"]:
            target = os.path.realpath(expected)
            positions.append(real_path.index(target) if target in real_path else -1)
        if -1 in positions or positions != sorted(positions):
            problems.append(
                "sys.path does not list the layers' site-packages in order: expected %s (in this order), got %s"
                % (request["expected_path"], sys.path)
            )

        json.dump({"sys_path": sys.path, "problems": problems}, report)
        """#
}
