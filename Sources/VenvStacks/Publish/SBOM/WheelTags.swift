import Foundation

/// Compatibility tags (`python-abi-platform`), for telling which of a package's locked wheels
/// is the one installed: the installed `.dist-info/WHEEL` file lists its wheel's tags.
enum WheelTags {
    /// The tags a wheel file name stands for (its compressed tag sets expanded); empty for a
    /// name that is not a wheel's.
    static func of(fileName: String) -> Set<String> {
        guard fileName.hasSuffix(".whl") else { return [] }
        let parts = fileName.dropLast(4).split(separator: "-")
        guard parts.count == 5 || parts.count == 6 else { return [] }
        let (python, abi, platform) = (parts[parts.count - 3], parts[parts.count - 2], parts[parts.count - 1])
        var tags = Set<String>()
        for p in python.split(separator: ".") {
            for a in abi.split(separator: ".") {
                for x in platform.split(separator: ".") { tags.insert("\(p)-\(a)-\(x)") }
            }
        }
        return tags
    }

    /// The `Tag:` values of a `WHEEL` file.
    static func installed(wheelFile text: String) -> Set<String> {
        Set(CoreMetadata(text: text).values("Tag").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}
