import DeterministicArchive
import Foundation

/// Writes a layer's entries (``LayerContents``) as a folder: files hard-linked to the build
/// environment where the file system allows it (copied otherwise), generated files
/// written, symbolic links recreated (docs/behaviour.md#export-copy-rules).
enum LayerExportWriter {
    /// Writes `entries` (whose paths start with `root`) into `folder`, which must not exist.
    static func write(_ entries: [ArchiveEntry], root: String, into folder: URL) throws(StackError) {
        let fm = FileManager.default
        // Parents sort before their children.
        for entry in entries.sorted(by: { bytewise($0.path, $1.path) }) {
            let relative = entry.path == root ? "" : String(entry.path.dropFirst(root.count + 1))
            let target = relative.isEmpty ? folder : folder.appendingPathComponent(relative)
            do {
                switch entry.content {
                case .directory:
                    try fm.createDirectory(at: target, withIntermediateDirectories: false)
                case .file(let source):
                    if link(source.path, target.path) != 0 {
                        try FileSystem.copyFile(from: source, to: target)
                    }
                case .data(let bytes):
                    let descriptor = try FileSystem.createFile(at: target, mode: entry.executable ? 0o755 : 0o644)
                    defer { close(descriptor) }
                    try FileSystem.write(Data(bytes), to: descriptor, path: target.path)
                case .symlink(let destination):
                    try fm.createSymbolicLink(atPath: target.path, withDestinationPath: destination)
                }
            } catch {
                throw StackError("cannot export \(entry.path) to \(target.path)", cause: error)
            }
        }
    }
}
