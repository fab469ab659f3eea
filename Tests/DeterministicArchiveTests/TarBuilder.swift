import Foundation

/// A minimal ustar writer for tests: it makes the archives `ArchiveWriter` never would
/// (absolute names, "..", devices, duplicates, links anywhere), uncompressed, which libarchive
/// reads as readily as a compressed one.
///
///     [512-byte header][data padded to 512] ... [512 zero bytes][512 zero bytes]
struct TarBuilder {
    /// The ustar type flags used by the tests.
    enum EntryType: UInt8 {
        case file = 0x30  // "0"
        case hardLink = 0x31  // "1"
        case symlink = 0x32  // "2"
        case characterDevice = 0x33  // "3"
        case blockDevice = 0x34  // "4"
        case directory = 0x35  // "5"
        case fifo = 0x36  // "6"
    }

    private(set) var entries: [UInt8] = []

    /// A folder entry.
    mutating func directory(_ name: String, mode: Int = 0o755) {
        add(Array(name.utf8), type: .directory, mode: mode)
    }

    /// A regular file entry.
    mutating func file(_ name: String, _ content: String = "", mode: Int = 0o644) {
        add(Array(name.utf8), type: .file, mode: mode, content: Array(content.utf8))
    }

    /// A symbolic link entry.
    mutating func symlink(_ name: String, to target: String) {
        add(Array(name.utf8), type: .symlink, mode: 0o777, linkName: Array(target.utf8))
    }

    /// A hard link entry.
    mutating func hardLink(_ name: String, to target: String) {
        add(Array(name.utf8), type: .hardLink, mode: 0o644, linkName: Array(target.utf8))
    }

    /// Any entry, the name and link target given as raw bytes (at most 100 each).
    mutating func add(
        _ name: [UInt8], type: EntryType, mode: Int = 0o644, content: [UInt8] = [], linkName: [UInt8] = []
    ) {
        precondition(name.count <= 100 && linkName.count <= 100, "TarBuilder writes short names only")
        var header = [UInt8](repeating: 0, count: 512)
        put(name, at: 0, in: &header)
        put(octal(mode, width: 8), at: 100, in: &header)
        put(octal(0, width: 8), at: 108, in: &header)
        put(octal(0, width: 8), at: 116, in: &header)
        put(octal(content.count, width: 12), at: 124, in: &header)
        put(octal(Int(testTime), width: 12), at: 136, in: &header)
        header[156] = type.rawValue
        put(linkName, at: 157, in: &header)
        put(Array("ustar\u{0}00".utf8), at: 257, in: &header)
        put(Array("root".utf8), at: 265, in: &header)
        put(Array("root".utf8), at: 297, in: &header)
        put(octal(0, width: 8), at: 329, in: &header)
        put(octal(0, width: 8), at: 337, in: &header)
        // The checksum is the byte sum with its own field read as eight spaces.
        put([UInt8](repeating: 0x20, count: 8), at: 148, in: &header)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7), at: 148, in: &header)
        entries += header + content
        entries += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    /// The archive: the entries and two zero blocks.
    var bytes: [UInt8] { entries + [UInt8](repeating: 0, count: 1024) }

    /// Writes the archive to `url`.
    func write(to url: URL) throws {
        try Data(bytes).write(to: url)
    }

    /// `value` in octal, zero-padded to `width - 1` digits and NUL-terminated.
    private func octal(_ value: Int, width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        precondition(digits.count < width, "\(value) does not fit in \(width) bytes")
        return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
    }

    private func put(_ field: [UInt8], at offset: Int, in header: inout [UInt8]) {
        header.replaceSubrange(offset..<offset + field.count, with: field)
    }
}
