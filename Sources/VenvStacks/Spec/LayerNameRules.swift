/// What a layer name may be. A name becomes a folder and file name (`_build/<name>`,
/// `requirements/<name>/`, `<name>.tar.xz`, ...), so it must be exactly one safe path
/// component: never empty, `.` or `..`, no `/` or `\`, no control characters, and short
/// enough that the longest derived file name (`framework-<name>@<N>-<platform>-<N>.tar.xz`
/// plus a temporary suffix) stays under the usual 255-byte limit. Letters of any script,
/// digits, `@`, `.`, `-`, `_` and spaces are all fine.
public enum LayerNameRules {
    /// The longest name accepted, in UTF-8 bytes.
    public static let maximumBytes = 128

    /// Why `name` cannot be a layer name, or nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name == "." || name == ".." {
            return
                "'\(name)' is not a usable layer name (it would name the folder itself or its parent); choose a name such as 'cpython-3.12'"
        }
        if let bad = name.unicodeScalars.first(where: { $0 == "/" || $0 == "\\" }) {
            return
                "\(MessageExcerpt.quote(name)) contains '\(bad)'; a layer name becomes a folder name, so it cannot hold a path separator"
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "\(MessageExcerpt.quote(name)) contains a control character; use printable characters only"
        }
        if name.utf8.count > maximumBytes {
            return
                "\(MessageExcerpt.quote(name)) is too long (\(name.utf8.count) bytes in UTF-8; at most \(maximumBytes)), since it becomes part of file names"
        }
        return nil
    }
}
