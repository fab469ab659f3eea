import DeterministicArchive
import Foundation

/// What a published or exported layer holds (docs/formats.md#archive-contents, docs/behaviour.md#export-copy-rules):
/// the build environment
/// under its deployed name without `__pycache__` folders, `sitecustomize.py` files, top-level
/// dot files and `pyvenv.cfg`, with the python wrapper and `python_` link regenerated for
/// the deployed names, plus `postinstall.py`. The entries stream from the build
/// environment: nothing is staged. Paths start with the deployed name
/// (`framework-scipy@2/bin/python`).
public enum LayerContents {
    /// Byte code compiled for a precompiled layer (``BytecodeCompiler``) and where it is.
    public struct Bytecode: Sendable {
        public var output: BytecodeCompiler.Output
        public var scratch: URL

        public init(output: BytecodeCompiler.Output, scratch: URL) {
            self.output = output
            self.scratch = scratch
        }
    }

    /// Where a precompiled layer says so (and which Python its byte code is for).
    public static let bytecodeRecordPath = "share/venv/metadata/venvstacks_bytecode.json"

    /// The entries of `environment`'s deployed layer, in no particular order; with `bytecode`,
    /// its `.pyc` files, the record of them and the precompiled layer's `postinstall.py`.
    public static func entries(
        of environment: LayerEnvironment, macOS: Bool = false, bytecode: Bytecode? = nil
    ) throws(StackError) -> [ArchiveEntry] {
        let root = environment.deployedName
        var entries = [ArchiveEntry(path: root, content: .directory)]
        let generated = generatedFiles(of: environment, macOS: macOS, bytecode: bytecode?.output)
        try walk(environment.directory, relative: "", into: &entries, root: root, skipping: Set(generated.keys))
        for (relative, entry) in generated {
            entries.append(
                ArchiveEntry(path: root + "/" + relative, content: entry.content, executable: entry.executable))
        }
        if let bytecode {
            entries += BytecodeCompiler.entries(bytecode.output, scratch: bytecode.scratch, root: root)
        }
        return entries
    }

    /// Entries written for the deployed layer, keyed by their path inside it.
    static func generatedFiles(
        of environment: LayerEnvironment, macOS: Bool, bytecode: BytecodeCompiler.Output? = nil
    ) -> [String: ArchiveEntry] {
        let script = bytecode == nil ? PostInstallScript.bytes : Array(PostInstallScript.precompiledSource.utf8)
        var files = [
            "postinstall.py": ArchiveEntry(path: "postinstall.py", content: .data(script))
        ]
        if let bytecode {
            let record = JSONValue.object([
                "cache_tag": .string(bytecode.cacheTag), "invalidation_mode": .string("unchecked-hash"),
                "files": .int(bytecode.files.count), "skipped": .array(bytecode.skipped.map(JSONValue.string)),
            ])
            files[bytecodeRecordPath] = ArchiveEntry(
                path: bytecodeRecordPath, content: .data(Array(record.rendered().utf8)))
        }
        if !environment.isRuntime {
            let wrapper = PythonWrapper.script(
                dynlibDirectories: environment.dependencies.map {
                    "../../\($0.deployedName)/\(LayerEnvironment.dynlibPath)"
                },
                macOS: macOS)
            files[LayerEnvironment.pythonPath] = ArchiveEntry(
                path: LayerEnvironment.pythonPath, content: .data(Array(wrapper.utf8)), executable: true)
            files["bin/python_"] = ArchiveEntry(
                path: "bin/python_",
                content: .symlink("../../\(environment.runtime.deployedName)/\(LayerEnvironment.pythonPath)"))
        }
        return files
    }

    /// Whether the entry `name` at `relative` (its path in the environment) is left out.
    static func isExcluded(name: String, relative: String) -> Bool {
        if name == "__pycache__" || name == "sitecustomize.py" { return true }
        let topLevel = !relative.contains("/")
        return topLevel && (name.hasPrefix(".") || name == "pyvenv.cfg")
    }

    private static func walk(
        _ directory: URL, relative: String, into entries: inout [ArchiveEntry], root: String, skipping: Set<String>
    ) throws(StackError) {
        let names = try StackError.during("cannot read \(directory.path)") {
            try FileManager.default.contentsOfDirectory(atPath: directory.path)
        }
        for name in names {
            let path = relative.isEmpty ? name : relative + "/" + name
            guard !isExcluded(name: name, relative: path), !skipping.contains(path) else { continue }
            let url = directory.appendingPathComponent(name)
            var info = stat()
            guard lstat(url.path, &info) == 0 else {
                throw StackError("cannot read \(url.path)", cause: FileSystemError.posix(path: url.path))
            }
            let stored = root + "/" + path
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                entries.append(ArchiveEntry(path: stored, content: .directory))
                try walk(url, relative: path, into: &entries, root: root, skipping: skipping)
            case S_IFREG:
                entries.append(ArchiveEntry(path: stored, content: .file(url), executable: info.st_mode & 0o111 != 0))
            case S_IFLNK:
                let target = try StackError.during("cannot read the symbolic link \(url.path)") {
                    try FileManager.default.destinationOfSymbolicLink(atPath: url.path)
                }
                entries.append(ArchiveEntry(path: stored, content: .symlink(target)))
            default:
                throw StackError(
                    "\(url.path) is not a file, folder or symbolic link (a socket, device or pipe cannot be published)",
                    hint: "remove it from the build environment")
            }
        }
    }
}
