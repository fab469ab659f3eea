import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a compressed archive file's headers say about how it was compressed: the format and its
/// settings (check type, filters, dictionary or window size, block layout, gzip header fields),
/// read from the first and last bytes of the file without decompressing anything.
///
/// Settings are shown as "8 MiB", "24 MiB" or "64 KiB" when they are whole multiples of a unit,
/// otherwise in bytes; totals of uncompressed data are always in bytes. Damaged or truncated
/// headers are facts too ("header" or "index" with the value "damaged: <why>"), never errors.
/// The xz "blocks", "uncompressed size" and "streams" come from the stream indexes at the end of
/// the file, as far back as the bytes read reach: one stream always, earlier streams of a
/// concatenated file only if they end within the last bytes ("streams" then says "at least N").
public struct CompressionFacts: Sendable, Equatable {
    /// One named fact, e.g. ("check", "CRC64").
    public struct Fact: Sendable, Equatable {
        /// What the fact is about, e.g. "dictionary".
        public var name: String
        /// Its value in words, e.g. "8 MiB".
        public var value: String

        /// A fact.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// "xz", "zstd", "gzip" or "none" (no known magic: e.g. a plain tar).
    public var format: String
    /// Ordered (name, value) facts, e.g. ("check", "CRC64"), ("dictionary", "8 MiB"),
    /// ("block size", "24 MiB"), ("blocks", "5"), ("streams", "1").
    public var details: [Fact]

    /// Facts of one file.
    public init(format: String, details: [Fact]) {
        self.format = format
        self.details = details
    }

    /// The value of the first fact called `name`, if any.
    public func value(_ name: String) -> String? {
        details.first { $0.name == name }?.value
    }

    /// How many bytes `read(from:)` takes from the start of a file.
    static let headLimit = 64 << 10
    /// How many bytes `read(from:)` takes from the end of a file (room for the xz indexes).
    static let tailLimit = 256 << 10

    /// Reads the facts of the file at `url`: only its first 64 KiB and last 256 KiB (fewer for a
    /// small file), never the whole file. Throws if the file cannot be opened or read.
    public static func read(from url: URL) throws(ArchiveError) -> CompressionFacts {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(url, "cannot open") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(url, "cannot read the size of") }
        let fileSize = Int64(status.st_size)
        let head = try readBytes(descriptor, at: 0, count: Int(min(fileSize, Int64(headLimit))), url)
        let tailCount = Int(min(fileSize, Int64(tailLimit)))
        let tail = try readBytes(descriptor, at: fileSize - Int64(tailCount), count: tailCount, url)
        return parse(head: head, tail: tail, fileSize: fileSize)
    }

    /// The same facts from bytes: `head` holds the first bytes of a file, `tail` its last bytes
    /// and `fileSize` its size. The two may overlap or together cover less than the file.
    public static func parse(head: [UInt8], tail: [UInt8], fileSize: Int64) -> CompressionFacts {
        let file = FileView(head: head, tail: tail, fileSize: fileSize)
        if file.size == 0 { return CompressionFacts(format: "none", details: [Fact(name: "file", value: "empty")]) }
        if file.starts(with: XZFacts.headerMagic) { return XZFacts.facts(file) }
        if file.starts(with: [0x1f, 0x8b]) { return GzipFacts.facts(file) }
        if file.starts(with: ZstdFacts.frameMagic) || ZstdFacts.isSkippable(file.bytes(at: 0, count: 4)) {
            return ZstdFacts.facts(file)
        }
        var facts = CompressionFacts(format: "none", details: [])
        if file.bytes(at: 257, count: 5) == Array("ustar".utf8) { facts.add("tar", "ustar magic") }
        return facts
    }

    /// Adds a fact at the end.
    mutating func add(_ name: String, _ value: String) {
        details.append(Fact(name: name, value: value))
    }

    /// `count` bytes of `descriptor` from `offset`, short only if the file is shorter.
    private static func readBytes(
        _ descriptor: Int32, at offset: Int64, count: Int, _ url: URL
    ) throws(ArchiveError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + done }, count - done, off_t(offset) + off_t(done))
            }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { throw failure(url, "cannot read") }
            if result == 0 { break }
            done += result
        }
        return Array(bytes.prefix(done))
    }

    private static func failure(_ url: URL, _ what: String) -> ArchiveError {
        ArchiveError(description: "\(what) \(url.path): \(String(cString: strerror(errno)))")
    }

    /// A size in words: "24 MiB" or "64 KiB" for whole multiples, otherwise "N bytes".
    static func size(_ bytes: UInt64) -> String {
        for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)]
        where bytes != 0 && bytes & ((1 << UInt64(shift)) - 1) == 0 {
            return "\(bytes >> UInt64(shift)) \(unit)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }

    /// The CRC-32 (ISO-HDLC, as in xz and gzip) of `bytes`.
    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xedb8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}

/// The known bytes of a file: its start and its end, addressed by file offset.
struct FileView {
    let head: [UInt8]
    let tail: [UInt8]
    /// The file size (at least as long as either part).
    let size: Int64
    /// The file offset of `tail[0]`.
    let tailStart: Int64

    init(head: [UInt8], tail: [UInt8], fileSize: Int64) {
        self.head = head
        self.tail = tail
        size = max(fileSize, Int64(head.count), Int64(tail.count))
        tailStart = size - Int64(tail.count)
    }

    /// `count` bytes from file offset `offset`, or nil if they are not all known.
    func bytes(at offset: Int64, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset <= size - Int64(count) else { return nil }
        if offset + Int64(count) <= Int64(head.count) { return Array(head[Int(offset)..<Int(offset) + count]) }
        guard offset >= tailStart else { return nil }
        let start = Int(offset - tailStart)
        return Array(tail[start..<start + count])
    }

    func starts(with magic: [UInt8]) -> Bool { bytes(at: 0, count: magic.count) == magic }
}

/// Reads little-endian integers and xz variable-length integers from a byte array.
struct ByteCursor {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// A little-endian unsigned integer of `count` bytes (at most 8).
    mutating func littleEndian(_ count: Int) -> UInt64? {
        guard count <= 8, remaining >= count else { return nil }
        defer { position += count }
        return Self.littleEndian(bytes[position..<position + count])
    }

    /// The little-endian unsigned integer in `bytes` (only the first 8 count).
    static func littleEndian(_ bytes: some Collection<UInt8>) -> UInt64 {
        bytes.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// An xz variable-length integer: 7 bits a byte, low bits first, at most 9 bytes, no
    /// needless trailing zero byte.
    mutating func xzInteger() -> UInt64? {
        var value: UInt64 = 0
        for index in 0..<9 {
            guard let byte = byte() else { return nil }
            value |= UInt64(byte & 0x7f) << (7 * UInt64(index))
            if byte & 0x80 == 0 { return byte == 0 && index > 0 ? nil : value }
        }
        return nil
    }
}

/// The .xz container: stream header, first block header, then the index and stream footer of
/// each stream, walked back from the end of the file. Streams are counted only as far back as
/// the known tail bytes reach; when earlier streams lie beyond them, "streams" says "at least N"
/// and the block and size totals cover the streams that were read.
enum XZFacts {
    static let headerMagic: [UInt8] = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]
    static let footerMagic: [UInt8] = [0x59, 0x5a]

    static func facts(_ file: FileView) -> CompressionFacts {
        var facts = CompressionFacts(format: "xz", details: [])
        guard let header = file.bytes(at: 0, count: 12) else {
            facts.add("header", "damaged: stream header truncated")
            return facts
        }
        guard CompressionFacts.crc32(header[6..<8]) == UInt32(ByteCursor.littleEndian(header[8..<12]))
        else {
            facts.add("header", "damaged: stream header CRC32 mismatch")
            return facts
        }
        guard header[6] == 0, header[7] & 0xf0 == 0 else {
            facts.add("header", "damaged: unsupported stream flags")
            return facts
        }
        facts.add("check", checkName(header[7]))
        readBlockHeader(file, into: &facts)
        readIndexes(file, flags: Array(header[6..<8]), into: &facts)
        return facts
    }

    static func checkName(_ id: UInt8) -> String {
        switch id {
        case 0x00: "None"
        case 0x01: "CRC32"
        case 0x04: "CRC64"
        case 0x0a: "SHA-256"
        default: "unknown (\(id))"
        }
    }

    /// The filter chain, LZMA2 dictionary and recorded uncompressed size of the first block.
    static func readBlockHeader(_ file: FileView, into facts: inout CompressionFacts) {
        guard let sizeByte = file.bytes(at: 12, count: 1)?.first else {
            facts.add("header", "damaged: no block header or index after the stream header")
            return
        }
        if sizeByte == 0 { return }  // The index follows at once: the stream has no blocks.
        let headerSize = (Int(sizeByte) + 1) * 4
        guard let block = file.bytes(at: 12, count: headerSize) else {
            facts.add("header", "damaged: block header truncated")
            return
        }
        let body = Array(block.prefix(headerSize - 4))
        guard CompressionFacts.crc32(body) == UInt32(ByteCursor.littleEndian(block.suffix(4)))
        else {
            facts.add("header", "damaged: block header CRC32 mismatch")
            return
        }
        var cursor = ByteCursor(body, at: 2)
        let flags = block[1]
        guard flags & 0x3c == 0 else {
            facts.add("header", "damaged: unsupported block flags")
            return
        }
        var uncompressedSize: UInt64?
        if flags & 0x40 != 0 && cursor.xzInteger() == nil {
            facts.add("header", "damaged: bad compressed size in the block header")
            return
        }
        if flags & 0x80 != 0 {
            guard let value = cursor.xzInteger() else {
                facts.add("header", "damaged: bad uncompressed size in the block header")
                return
            }
            uncompressedSize = value
        }
        var filters: [String] = []
        var dictionary: String?
        for _ in 0...Int(flags & 0x03) {
            guard let id = cursor.xzInteger(), let count = cursor.xzInteger(), count <= UInt64(cursor.remaining)
            else {
                facts.add("header", "damaged: bad filter flags in the block header")
                return
            }
            let properties = Array(body[cursor.position..<cursor.position + Int(count)])
            cursor.position += Int(count)
            filters.append(filterName(id, properties))
            if id == 0x21 { dictionary = properties.count == 1 ? dictionarySize(properties[0]) : "invalid" }
        }
        facts.add("filters", filters.joined(separator: " + "))
        if let dictionary { facts.add("dictionary", dictionary) }
        if let uncompressedSize { facts.add("block size", CompressionFacts.size(uncompressedSize)) }
    }

    static func filterName(_ id: UInt64, _ properties: [UInt8]) -> String {
        switch id {
        case 0x21: return "LZMA2"
        case 0x03: return properties.count == 1 ? "delta (distance \(Int(properties[0]) + 1))" : "delta"
        case 0x04: return "x86 BCJ"
        case 0x05: return "PowerPC BCJ"
        case 0x06: return "IA-64 BCJ"
        case 0x07: return "ARM BCJ"
        case 0x08: return "ARM-Thumb BCJ"
        case 0x09: return "SPARC BCJ"
        case 0x0a: return "ARM64 BCJ"
        case 0x0b: return "RISC-V BCJ"
        default: return "filter 0x" + String(id, radix: 16)
        }
    }

    /// The LZMA2 dictionary size from its one-byte property.
    static func dictionarySize(_ property: UInt8) -> String {
        let bits = UInt64(property & 0x3f)
        guard property & 0xc0 == 0, bits <= 40 else { return "invalid" }
        if bits == 40 { return CompressionFacts.size(0xffff_ffff) }
        return CompressionFacts.size((2 | (bits & 1)) << (bits / 2 + 11))
    }

    /// Walks the streams back from the end of the file: stream padding, footer, index.
    static func readIndexes(_ file: FileView, flags: [UInt8], into facts: inout CompressionFacts) {
        var end = file.size
        var streams = 0
        var blocks: UInt64 = 0
        var uncompressed: UInt64 = 0
        var padding: Int64 = 0
        while end > 0 {
            while end >= 4, file.bytes(at: end - 4, count: 4) == [0, 0, 0, 0] {
                end -= 4
                padding += 4
            }
            guard end >= 12 else {
                facts.add("index", "damaged: no room for a stream footer before offset \(end)")
                return
            }
            guard let footer = file.bytes(at: end - 12, count: 12) else { break }
            var cursor = ByteCursor(footer)
            guard Array(footer[10..<12]) == footerMagic, let storedCRC = cursor.littleEndian(4),
                let backward = cursor.littleEndian(4), storedCRC == UInt64(CompressionFacts.crc32(footer[4..<10]))
            else {
                facts.add("index", "damaged: no valid stream footer before offset \(end)")
                return
            }
            guard Array(footer[8..<10]) == flags else {
                facts.add("index", "damaged: stream footer flags differ from the stream header")
                return
            }
            let indexSize = Int((backward + 1) * 4)
            let indexStart = end - 12 - Int64(indexSize)
            guard indexStart >= 12 else {
                facts.add("index", "damaged: index size in the stream footer is too large")
                return
            }
            guard let index = file.bytes(at: indexStart, count: indexSize) else { break }
            guard let (records, blocksSize, size) = parseIndex(index) else {
                facts.add("index", "damaged: malformed index before offset \(end - 12)")
                return
            }
            let start = blocksSize <= UInt64(indexStart - 12) ? indexStart - 12 - Int64(blocksSize) : -1
            guard start >= 0, file.bytes(at: start, count: 6).map({ $0 == headerMagic }) ?? true else {
                facts.add("index", "damaged: index does not match the stream header at its start")
                return
            }
            let (total, overflow) = uncompressed.addingReportingOverflow(size)
            guard !overflow else {
                facts.add("index", "damaged: uncompressed size overflows")
                return
            }
            streams += 1
            blocks += records
            uncompressed = total
            end = start
        }
        guard streams > 0 else {
            facts.add("index", "not read: the last index lies beyond the bytes read")
            return
        }
        facts.add("blocks", "\(blocks)")
        facts.add("uncompressed size", "\(uncompressed) bytes")
        facts.add("streams", end == 0 ? "\(streams)" : "at least \(streams + 1) (the last \(streams) read)")
        if padding > 0 { facts.add("stream padding", "\(padding) bytes") }
    }

    /// An index's record count, the total padded size of its blocks and their uncompressed size,
    /// or nil if the index is malformed (bad indicator, lengths, padding or CRC32).
    static func parseIndex(_ index: [UInt8]) -> (UInt64, UInt64, UInt64)? {
        guard index.count >= 8, index[0] == 0 else { return nil }
        var cursor = ByteCursor(index, at: 1)
        guard let records = cursor.xzInteger(), records <= UInt64(index.count) else { return nil }
        var blocksSize: UInt64 = 0
        var uncompressed: UInt64 = 0
        for _ in 0..<records {
            guard let unpadded = cursor.xzInteger(), let size = cursor.xzInteger(), unpadded <= UInt64(Int64.max)
            else { return nil }
            let padded = blocksSize.addingReportingOverflow((unpadded + 3) & ~3)
            let total = uncompressed.addingReportingOverflow(size)
            guard !padded.overflow, !total.overflow else { return nil }
            blocksSize = padded.partialValue
            uncompressed = total.partialValue
        }
        while cursor.position % 4 != 0 {
            guard cursor.byte() == 0 else { return nil }
        }
        guard cursor.remaining == 4,
            cursor.littleEndian(4) == UInt64(CompressionFacts.crc32(index.prefix(index.count - 4)))
        else { return nil }
        return (records, blocksSize, uncompressed)
    }
}

/// Zstandard: skippable frames at the start, then the first frame's header.
enum ZstdFacts {
    static let frameMagic: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd]

    /// Whether `magic` is that of a skippable frame (0x184D2A50 to 0x184D2A5F, little-endian).
    static func isSkippable(_ magic: [UInt8]?) -> Bool {
        guard let magic, magic.count == 4 else { return false }
        return magic[0] & 0xf0 == 0x50 && Array(magic[1...]) == [0x2a, 0x4d, 0x18]
    }

    static func facts(_ file: FileView) -> CompressionFacts {
        var facts = CompressionFacts(format: "zstd", details: [])
        var offset: Int64 = 0
        var skippable = 0
        while isSkippable(file.bytes(at: offset, count: 4)) {
            guard let length = file.bytes(at: offset + 4, count: 4).map(ByteCursor.littleEndian) else {
                facts.add("header", "damaged: skippable frame truncated")
                return facts
            }
            skippable += 1
            offset += 8 + Int64(length)
        }
        if skippable > 0 { facts.add("skippable frames", "\(skippable)") }
        if offset >= file.size {
            facts.add("header", "damaged: no frame after the skippable frames")
            return facts
        }
        guard let magic = file.bytes(at: offset, count: 4) else {
            facts.add("header", "not read: the skippable frames reach past the bytes read")
            return facts
        }
        guard magic == frameMagic else {
            facts.add("header", "damaged: no zstd frame magic at offset \(offset)")
            return facts
        }
        readFrameHeader(file, at: offset + 4, into: &facts)
        return facts
    }

    static func readFrameHeader(_ file: FileView, at offset: Int64, into facts: inout CompressionFacts) {
        guard let descriptor = file.bytes(at: offset, count: 1)?.first else {
            facts.add("header", "damaged: frame header truncated")
            return
        }
        let singleSegment = descriptor & 0x20 != 0
        let dictionaryBytes = [0, 1, 2, 4][Int(descriptor & 0x03)]
        let sizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][Int(descriptor >> 6)]
        guard descriptor & 0x08 == 0 else {
            facts.add("header", "damaged: reserved bit set in the frame header")
            return
        }
        let count = (singleSegment ? 0 : 1) + dictionaryBytes + sizeBytes
        guard let fields = file.bytes(at: offset + 1, count: count) else {
            facts.add("header", "damaged: frame header truncated")
            return
        }
        var cursor = ByteCursor(fields)
        let windowByte = singleSegment ? nil : cursor.byte()
        let dictionaryID = cursor.littleEndian(dictionaryBytes) ?? 0
        var contentSize = sizeBytes == 0 ? nil : cursor.littleEndian(sizeBytes)
        if sizeBytes == 2 { contentSize = contentSize.map { $0 + 256 } }
        if let windowByte {
            let base: UInt64 = 1 << (10 + UInt64(windowByte >> 3))
            facts.add("window", CompressionFacts.size(base + base / 8 * UInt64(windowByte & 0x07)))
        } else if let contentSize {
            facts.add("window", CompressionFacts.size(contentSize) + " (single segment)")
        }
        facts.add("checksum", descriptor & 0x04 != 0 ? "XXH64" : "none")
        facts.add("content size", contentSize.map { "\($0) bytes" } ?? "not recorded")
        if dictionaryID != 0 { facts.add("dictionary ID", "\(dictionaryID)") }
    }
}

/// gzip: the first member's header at the start and the ISIZE field in the last 8 bytes (that of
/// the last member when there are several).
enum GzipFacts {
    static func facts(_ file: FileView) -> CompressionFacts {
        var facts = CompressionFacts(format: "gzip", details: [])
        guard let header = file.bytes(at: 0, count: 10) else {
            facts.add("header", "damaged: header truncated")
            return facts
        }
        let flags = header[3]
        facts.add("method", header[2] == 8 ? "deflate" : "unknown (\(header[2]))")
        guard flags & 0xe0 == 0 else {
            facts.add("header", "damaged: reserved flags set")
            return facts
        }
        let extraFlags = [0: "none", 2: "maximum compression", 4: "fastest"][header[8]] ?? "\(header[8])"
        facts.add("extra flags", extraFlags)
        facts.add("OS", osName(header[9]))
        let time = ByteCursor.littleEndian(header[4..<8])
        facts.add("modification time", time == 0 ? "not set" : "\(time)")
        var offset: Int64 = 10
        if flags & 0x04 != 0 {
            guard let length = file.bytes(at: offset, count: 2).map(ByteCursor.littleEndian),
                file.bytes(at: offset + 2, count: Int(length)) != nil
            else {
                facts.add("header", "damaged: extra field truncated")
                return facts
            }
            facts.add("extra field", "\(length) bytes")
            offset += 2 + Int64(length)
        }
        for (flag, name) in [(UInt8(0x08), "name"), (0x10, "comment")] {
            guard flags & flag != 0 else {
                facts.add(name, "not stored")
                continue
            }
            guard let text = zeroTerminated(file, at: offset) else {
                facts.add("header", "damaged: \(name) not terminated")
                return facts
            }
            facts.add(name, name == "name" ? String(text.map { Character(Unicode.Scalar($0)) }) : "stored")
            offset += Int64(text.count) + 1
        }
        if flags & 0x02 != 0 {
            facts.add("header CRC", "stored")
            offset += 2
        }
        guard offset + 8 <= file.size else {
            facts.add("header", "damaged: file ends before the trailer")
            return facts
        }
        let size = file.bytes(at: file.size - 4, count: 4).map { "\(ByteCursor.littleEndian($0)) bytes" }
        facts.add("uncompressed size mod 2^32", size ?? "not read")
        return facts
    }

    /// The bytes from `offset` up to a zero byte, if one is within the known head.
    static func zeroTerminated(_ file: FileView, at offset: Int64) -> [UInt8]? {
        guard offset < Int64(file.head.count) else { return nil }
        let rest = file.head[Int(offset)...]
        return rest.firstIndex(of: 0).map { Array(rest[..<$0]) }
    }

    static func osName(_ code: UInt8) -> String {
        let names = [
            "FAT", "Amiga", "VMS", "Unix", "VM/CMS", "Atari TOS", "HPFS", "Macintosh", "Z-System", "CP/M",
            "TOPS-20", "NTFS", "QDOS", "Acorn RISCOS",
        ]
        if code == 255 { return "unknown" }
        return Int(code) < names.count ? names[Int(code)] : "\(code)"
    }
}
