import Foundation

/// Byte-compiles deployed layers for `venvstacks deploy`, before their `postinstall.py` runs
/// (docs/behaviour.md#deploy).
///
/// The post-install script compiles one layer at a time, with as many interpreters as there are
/// cores but no more work than its own layer holds. Deploy instead cuts each unpacked layer's
/// sources into pieces of about equal size and compiles them with one scheduler for every
/// layer, so compiling one layer overlaps with unpacking and compiling the others and no core
/// idles at the end of a layer. The script then finds every file current (the same
/// timestamp-based `.pyc` files `compileall` writes) and only compiles the `sitecustomize.py`
/// it writes. A layer published with its byte code (docs/precompiled.md) is left to its
/// script; so is anything this step could not compile, which the script then compiles itself.
enum DeployCompiler {
    /// Source bytes per piece: each takes an interpreter about half a second here.
    static let bytesPerPiece: Int64 = 3 << 20
    /// The most pieces one layer is cut into.
    static let maximumPieces = 16

    /// How many pieces a layer whose archive has `archiveSize` bytes is cut into (fixed before
    /// the archive is unpacked: the scheduler plans every step up front). An xz archive of
    /// Python code holds about five times its size in sources and other files.
    static func pieceCount(archiveSize: Int64) -> Int {
        Int(min(Int64(maximumPieces), max(1, archiveSize / bytesPerPiece)))
    }

    /// The sources of the deployed layer at `folder` that deploy compiles: none when the layer
    /// ships its byte code.
    static func sources(in folder: URL) -> [PythonSources.File] {
        let record = folder.appendingPathComponent(LayerContents.bytecodeRecordPath)
        if (try? FileSystem.kind(at: record)) != nil { return [] }
        return PythonSources.files(in: folder)
    }

    /// `files` cut into `count` pieces of about equal total size (largest file first, each
    /// into the lightest piece so far); empty pieces are dropped.
    static func pieces(_ files: [PythonSources.File], count: Int) -> [[PythonSources.File]] {
        var pieces = Array(repeating: [PythonSources.File](), count: max(1, count))
        var sizes = Array(repeating: Int64(0), count: pieces.count)
        let largestFirst = files.enumerated().sorted {
            $0.element.size != $1.element.size ? $0.element.size > $1.element.size : $0.offset < $1.offset
        }
        for (_, file) in largestFirst {
            let lightest = sizes.indices.min { sizes[$0] < sizes[$1] }!
            pieces[lightest].append(file)
            sizes[lightest] += file.size
        }
        return pieces.filter { !$0.isEmpty }
    }

    /// The command compiling `files` (paths inside the layer at `folder`) with `python`.
    static func invocation(python: URL, folder: URL, files: [PythonSources.File]) -> ToolInvocation {
        let list = files.map { folder.appendingPathComponent($0.path).path }.joined(separator: "\0")
        return ToolInvocation(
            python.path, ["-X", "utf8", "-I", "-S", "-c", worker], standardInput: Data(list.utf8))
    }

    /// Run by each interpreter (any CPython from 3.8 on): compiles the NUL-separated sources on
    /// its standard input into the `.pyc` files `py_compile` would write (timestamp-based,
    /// same mode, written under a temporary name and renamed). The cyclic garbage collector is
    /// off: compiling makes no cycles worth collecting, and it costs a tenth of the time here.
    /// A file that does not compile or cannot be written is skipped; the post-install script
    /// deals with it.
    static let worker = #"""
        import gc, marshal, os, sys, warnings
        from importlib.util import MAGIC_NUMBER, cache_from_source
        gc.disable()
        warnings.simplefilter("ignore")
        def field(number):
            return (int(number) & 0xFFFFFFFF).to_bytes(4, "little")
        for name in sys.stdin.buffer.read().split(b"\0"):
            if not name:
                continue
            path = os.fsdecode(name)
            try:
                info = os.stat(path)
                with open(path, "rb") as stream:
                    source = stream.read()
                code = compile(source, path, "exec", dont_inherit=True, optimize=0)
                data = MAGIC_NUMBER + field(0) + field(info.st_mtime) + field(info.st_size) + marshal.dumps(code)
                target = cache_from_source(path)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                temporary = "{}.{}".format(target, os.getpid())
                handle = os.open(temporary, os.O_EXCL | os.O_CREAT | os.O_WRONLY, (info.st_mode | 0o200) & 0o666)
                try:
                    with os.fdopen(handle, "wb") as stream:
                        stream.write(data)
                    os.replace(temporary, target)
                except BaseException:
                    try:
                        os.unlink(temporary)
                    except OSError:
                        pass
                    raise
            except Exception:
                pass
        """#
}
