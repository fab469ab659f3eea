import Foundation

/// The second line of defence behind the layer-name rules: before the tool creates, replaces
/// or deletes something at a path it derived from a name or a spec field, the path must name
/// an entry *inside* the folder it belongs to (never the folder itself, its parent, or `/`).
public enum PathContainment {
    /// A derived path that would escape its folder.
    public struct Escape: Error, LocalizedError, CustomStringConvertible, Sendable {
        public var path: String
        public var folder: String?
        public var description: String {
            if let folder {
                return
                    "refusing to touch \(path): it is not inside \(folder) (a layer or file name must be a single plain folder name)"
            }
            return
                "refusing to touch \(path): it names a folder itself, its parent or the root, not an entry inside a folder"
        }
        public var errorDescription: String? { description }
    }

    /// Throws unless the last component of `url` is an ordinary name (not empty, `.`, `..`,
    /// and `url` is not `/`).
    public static func checkEntry(_ url: URL) throws(Escape) {
        let last = (url.path as NSString).lastPathComponent
        if url.path == "/" || last.isEmpty || last == "." || last == ".." || url.path.hasSuffix("/.")
            || url.path.hasSuffix("/..")
        {
            throw Escape(path: url.path, folder: nil)
        }
    }

    /// Throws unless `url` lies strictly inside `folder` (both compared after removing `.` and
    /// `..` components, without following links).
    public static func check(_ url: URL, inside folder: URL) throws(Escape) {
        try checkEntry(url)
        let path = url.standardizedFileURL.path
        var base = folder.standardizedFileURL.path
        if !base.hasSuffix("/") { base += "/" }
        guard path.hasPrefix(base), path.count > base.count else { throw Escape(path: url.path, folder: folder.path) }
    }
}
