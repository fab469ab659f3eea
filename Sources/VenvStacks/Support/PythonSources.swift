import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Python source files a layer's `postinstall.py` byte-compiles: every regular `.py` file
/// under its `lib/` folder, found without entering `__pycache__` or symlinked folders.
enum PythonSources {
    /// One source file: its path inside the layer (`lib/python3.11/os.py`) and its length.
    struct File: Equatable, Sendable {
        var path: String
        var size: Int64
    }

    /// The sources under `<layer>/lib` in bytewise order of their paths; `skip(name, path)`
    /// leaves out a file or folder by its name and its path inside the layer.
    static func files(in layer: URL, skip: (String, String) -> Bool = { _, _ in false }) -> [File] {
        var found: [File] = []
        func walk(_ relative: String) {
            let folder = layer.appendingPathComponent(relative)
            for name in directoryEntryNames(folder.path) where name != "__pycache__" {
                let path = relative + "/" + name
                guard !skip(name, path) else { continue }
                var info = stat()
                guard lstat(folder.appendingPathComponent(name).path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    walk(path)
                } else if info.st_mode & S_IFMT == S_IFREG && name.hasSuffix(".py") {
                    found.append(File(path: path, size: Int64(info.st_size)))
                }
            }
        }
        walk("lib")
        return found.sorted { bytewise($0.path, $1.path) }
    }
}
