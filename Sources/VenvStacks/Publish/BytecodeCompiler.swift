import DeterministicArchive
import Foundation
import Synchronization

/// Compiles a layer's Python sources to byte code for a precompiled archive
/// (docs/precompiled.md): the files `postinstall.py` would compile (every `.py` under `lib/`,
/// symlinked folders and `__pycache__` not entered), with the layer's own Python, as
/// `unchecked-hash` `.pyc` files that stay valid wherever the layer is unpacked.
///
/// The byte code is reproducible: CPython's marshal output depends on what the compiling
/// interpreter did before (3.12 here gives different bytes for a few modules when the same
/// files are compiled in another order), so the sorted file list is cut into fixed chunks,
/// each compiled in order by a fresh interpreter (`-I -S`, `PYTHONHASHSEED=0`), and the
/// chunks do not depend on the number of jobs. Each file's recorded name is its path inside the
/// deployed layer (Python puts the real path back when it imports from the cache).
public struct BytecodeCompiler: Sendable {
    /// Files per interpreter.
    static let chunkSize = 200
    let runner: any ToolRunner
    /// Interpreters run at once.
    let jobs: Int

    public init(runner: any ToolRunner, jobs: Int) {
        self.runner = runner
        self.jobs = jobs
    }

    /// What compiling one layer gave.
    public struct Output: Sendable, Equatable {
        /// `cpython-311`.
        public var cacheTag: String
        /// The `.pyc` files written under the scratch folder, by their path inside the layer
        /// (`lib/python3.11/site-packages/x/__pycache__/y.cpython-311.pyc`).
        public var files: [String]
        /// Sources that did not compile (some packages ship such files on purpose).
        public var skipped: [String]
    }

    /// Compiles `environment`'s sources into `scratch` (emptied first) with its runtime's Python.
    /// `progress` is told how many of the sources are done, and of how many: once with 0
    /// before the first interpreter starts, then as each chunk finishes (from its task).
    public func compile(
        _ environment: LayerEnvironment, into scratch: URL,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws(StackError) -> Output {
        let name = environment.buildName
        try StackError.during("cannot prepare the byte-code folder \(scratch.path)", layer: name) {
            try? FileManager.default.removeItem(at: scratch)
            try FileSystem.makeDirectories(at: scratch)
        }
        let sources = Self.sources(in: environment.directory)
        let chunks = stride(from: 0, to: sources.count, by: Self.chunkSize).map {
            Array(sources[$0..<min($0 + Self.chunkSize, sources.count)])
        }
        let names = chunks.indices.map { String($0) }
        let finished = ChunkCounter()
        progress(0, sources.count)
        let python = environment.runtimePython
        let deployed = environment.deployedName
        let runner = self.runner
        let results = try await LayerScheduler.run(order: names, dependencies: [:], limit: jobs) {
            chunkName throws(StackError) in
            let chunk = chunks[Int(chunkName) ?? 0]
            let request = JSONValue.object([
                "root": .string(environment.directory.path), "out": .string(scratch.path),
                "prefix": .string(deployed), "files": .array(chunk.map(JSONValue.string)),
            ])
            let invocation = ToolInvocation(
                python.path, ["-X", "utf8", "-I", "-S", "-c", Self.worker],
                environment: ["PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": nil],
                standardInput: Data(request.rendered().utf8))
            let result = try await StackError.during("cannot byte-compile the layer with \(python.path)", layer: name) {
                try await runner.runChecked(invocation)
            }
            guard let json = try? JSONValue.parse(result.standardOutput), let tag = json["cache_tag"]?.stringValue,
                case .array(let compiled)? = json["compiled"], case .array(let skipped)? = json["skipped"]
            else {
                throw StackError(layer: name, "byte-compiling with \(python.path) gave no report")
            }
            progress(finished.add(chunk.count), sources.count)
            return Output(
                cacheTag: tag, files: compiled.compactMap(\.stringValue), skipped: skipped.compactMap(\.stringValue))
        }
        var output = Output(cacheTag: "", files: [], skipped: [])
        for chunk in names {
            guard let part = results[chunk] else { continue }
            output.cacheTag = part.cacheTag
            output.files += part.files
            output.skipped += part.skipped
        }
        return output
    }

    /// ``compile(_:into:progress:)`` for publish and local-export: the progress goes to
    /// `observer` as ``PublishEvent/compiling(layer:done:total:)``, and the result comes with
    /// the folder it is in.
    func bytecode(
        of environment: LayerEnvironment, into scratch: URL, reportingTo observer: PublishObserver?
    ) async throws(StackError) -> LayerContents.Bytecode {
        let name = environment.buildName
        let output = try await compile(environment, into: scratch) { done, total in
            observer?.handle(.compiling(layer: name, done: done, total: total))
        }
        return LayerContents.Bytecode(output: output, scratch: scratch)
    }

    /// The number of sources compiled so far, shared by the chunks' tasks.
    private final class ChunkCounter: Sendable {
        private let count = Mutex(0)

        /// Adds `files` and returns the new total.
        func add(_ files: Int) -> Int {
            count.withLock {
                $0 += files
                return $0
            }
        }
    }

    /// Every `.py` file under `lib/` of `layer`, by its path inside the layer, in bytewise
    /// order, as `postinstall.py` finds them (symlinked folders and `__pycache__` are not
    /// entered); the files the archive leaves out (`sitecustomize.py`) are left out too.
    static func sources(in layer: URL) -> [String] {
        PythonSources.files(in: layer, skip: LayerContents.isExcluded(name:relative:)).map(\.path)
    }

    /// The archive entries of compiled byte code: each `.pyc` file and its `__pycache__` folder.
    static func entries(_ output: Output, scratch: URL, root: String) -> [ArchiveEntry] {
        var entries: [ArchiveEntry] = []
        var folders = Set<String>()
        for file in output.files {
            let folder = PackageOwnership.parent(file)
            if folders.insert(folder).inserted {
                entries.append(ArchiveEntry(path: root + "/" + folder, content: .directory))
            }
            entries.append(
                ArchiveEntry(path: root + "/" + file, content: .file(scratch.appendingPathComponent(file))))
        }
        return entries
    }

    /// Run by each interpreter: compiles the listed sources (paths inside the layer, read from
    /// `root`) into `out/<folder>/__pycache__/<name>.<cache tag>.pyc` as `unchecked-hash`
    /// byte code recorded under `<prefix>/<path>`; prints what it wrote and what it skipped.
    static let worker = #"""
        import importlib.util, json, os, py_compile, sys
        request = json.load(sys.stdin)
        tag = sys.implementation.cache_tag
        compiled, skipped = [], []
        for path in request["files"]:
            folder, name = os.path.split(path)
            target = os.path.join(folder, "__pycache__", name[:-3] + "." + tag + ".pyc")
            destination = os.path.join(request["out"], target)
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            try:
                py_compile.compile(
                    os.path.join(request["root"], path), cfile=destination,
                    dfile=request["prefix"] + "/" + path, doraise=True,
                    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            except (py_compile.PyCompileError, SyntaxError, ValueError):
                skipped.append(path)
            else:
                compiled.append(target)
        json.dump({"cache_tag": tag, "compiled": compiled, "skipped": skipped}, sys.stdout)
        """#
}
