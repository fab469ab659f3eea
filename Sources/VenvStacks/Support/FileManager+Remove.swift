import Foundation

extension FileManager {
    /// True when something (a file, a folder or a symlink, even a dangling one) is at `url`.
    func itemExists(at url: URL) -> Bool {
        fileExists(atPath: url.path) || (try? destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// Removes whatever is at `url`; nothing there is not an error.
    func removeItemIfPresent(at url: URL) throws {
        if itemExists(at: url) { try removeItem(at: url) }
    }
}
