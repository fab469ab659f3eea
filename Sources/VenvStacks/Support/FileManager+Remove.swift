import Foundation

extension FileManager {
    /// True when something (a file, a folder or a symlink, even a dangling one) is at `url`.
    func itemExists(at url: URL) -> Bool {
        fileExists(atPath: url.path) || (try? destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// Removes whatever is at `url`; nothing there is not an error. A path that names a
    /// folder's parent or the folder itself (`x/..`, `x/.`, `/`) is refused, whatever made it.
    func removeItemIfPresent(at url: URL) throws {
        try PathContainment.checkEntry(url)
        if itemExists(at: url) { try removeItem(at: url) }
    }
}
