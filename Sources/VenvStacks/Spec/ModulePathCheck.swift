import CArchiveSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Load-time checks of a launch or support module path that cost one `stat`: the module must
/// be an ordinary file or a package folder, not the root folder, a device, a FIFO or a folder
/// on a kernel file system such as `/proc` or `/sys` (whose trees never end or never settle).
/// Size limits on folders are enforced while walking them (`SourceTreeLimits`).
enum ModulePathCheck {
    /// Why the existing path cannot be a module, or nil when it can (or does not exist).
    static func problem(at url: URL) -> String? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        switch FileKind(mode: info.st_mode) {
        case .regularFile: return nil
        case .directory: break
        case .characterDevice, .blockDevice: return "is a device, not a Python file or package folder"
        case let other: return "is \(other), not a Python file or package folder"
        }
        if url.resolvingSymlinksInPath().path == "/" {
            return "is the root folder; give the path of a Python file or package folder"
        }
        if let system = kernelFileSystem(at: url.path) {
            return "is on the \(system) kernel file system, not a Python package folder"
        }
        return nil
    }

    /// The name of the kernel (pseudo) file system holding `path`, if it is one.
    private static func kernelFileSystem(at path: String) -> String? {
        #if os(Linux)
            let type = cas_filesystem_type(path)
            guard type >= 0 else { return nil }
            let names: [Int: String] = [
                0x9fa0: "proc", 0x6265_6572: "sysfs", 0x1cd1: "devpts", 0x27e0eb: "cgroup",
                0x6367_7270: "cgroup2", 0x6462_6720: "debugfs", 0x7472_6163: "tracefs",
                0x7363_6673: "securityfs", 0xcafe_4a11: "bpf", 0x6165_676c: "pstore",
                0x6e73_6673: "nsfs", 0x4244_4d41: "binfmt_misc", 0x4249_4e4d: "binfmt_misc",
            ]
            return names[type]
        #else
            return path == "/dev" || path.hasPrefix("/dev/") ? "devfs" : nil
        #endif
    }
}
