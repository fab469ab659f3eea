import Foundation

/// Lexical path arithmetic on absolute POSIX paths.
public enum PathMath {
    /// `target` relative to the folder `directory` (both absolute), e.g. `../../x/bin/python`.
    public static func relative(from directory: String, to target: String) -> String {
        let from = components(directory)
        let to = components(target)
        var common = 0
        while common < from.count && common < to.count && from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The components of an absolute path with `.` and `..` resolved lexically.
    static func components(_ path: String) -> [String] {
        var result: [String] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !result.isEmpty { result.removeLast() }
            default: result.append(String(part))
            }
        }
        return result
    }

    /// `path` with `.` and `..` resolved lexically (absolute).
    static func normalized(_ path: String) -> String { "/" + components(path).joined(separator: "/") }

    /// True when `path` is `directory` or inside it (lexically).
    static func isInside(_ path: String, _ directory: String) -> Bool {
        let inner = components(path), outer = components(directory)
        return inner.count >= outer.count && Array(inner.prefix(outer.count)) == outer
    }
}
