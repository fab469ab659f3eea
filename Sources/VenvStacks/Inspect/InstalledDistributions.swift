import Foundation
import PythonPackaging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An installed distribution's `<name>-<version>.dist-info` folder in a site-packages folder.
struct InstalledDistribution: Equatable {
    /// The normalised name.
    let name: String
    let version: String
    /// The folder's name.
    let folder: String

    /// Parses a folder name; nil for anything that is not a `.dist-info` folder name.
    init?(folder: String) {
        guard folder.hasSuffix(".dist-info") else { return nil }
        let stem = folder.dropLast(".dist-info".count)
        guard let dash = stem.firstIndex(of: "-") else { return nil }
        name = canonicalizeName(String(stem[..<dash]))
        version = String(stem[stem.index(after: dash)...])
        self.folder = folder
    }

    /// Every distribution installed in `sitePackages`, in bytewise folder order.
    static func all(in sitePackages: URL) -> [InstalledDistribution] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sitePackages.path)) ?? []).sorted(by: bytewise)
            .compactMap(InstalledDistribution.init(folder:))
    }
}

/// The names in a folder, read with `readdir` (for walks that look at every entry of a big
/// tree and need `lstat` anyway), without `.` and `..`; empty when it cannot be opened.
func directoryEntryNames(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
