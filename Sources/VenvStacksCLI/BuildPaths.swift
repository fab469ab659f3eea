import Foundation
import VenvStacks

/// Resolves `--build-dir` / `--output-dir` values: `~` is expanded, relative paths are
/// taken from the spec file's folder, `..` is resolved lexically (symlinks are kept).
func resolveDirectory(_ value: String, specDirectory: URL) -> URL {
    let expanded = (value as NSString).expandingTildeInPath
    let url =
        expanded.hasPrefix("/")
        ? URL(fileURLWithPath: expanded) : specDirectory.appendingPathComponent(expanded)
    return url.standardizedFileURL
}
