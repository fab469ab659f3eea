import Foundation

/// A minimal reader of ustar/pax headers, written for the tests so that the writer's tar
/// bytes are checked by something other than libarchive.
struct TarHeader {
    var name: String
    var typeFlag: Character
    var mode: String
    var uid: String
    var gid: String
    var size: Int
    var mtime: String
    var linkName: String
    var magic: [UInt8]
    var userName: String
    var groupName: String
    var prefix: String
    /// For pax extended headers ('x'): the keys and values of the records.
    var paxRecords: [(key: String, value: String)] = []

    /// Every header of a tar stream, stopping at the end-of-archive blocks.
    static func read(_ tar: [UInt8]) throws -> [TarHeader] {
        var headers: [TarHeader] = []
        var offset = 0
        while offset + 512 <= tar.count {
            let block = Array(tar[offset..<offset + 512])
            if block.allSatisfy({ $0 == 0 }) { break }
            var header = TarHeader(block)
            offset += 512
            let dataBlocks = (header.size + 511) / 512 * 512
            if header.typeFlag == "x" || header.typeFlag == "g" {
                header.paxRecords = paxRecords(Array(tar[offset..<offset + header.size]))
            }
            headers.append(header)
            offset += dataBlocks
        }
        return headers
    }

    init(_ block: [UInt8]) {
        func field(_ start: Int, _ length: Int) -> String {
            let bytes = block[start..<start + length].prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        name = field(0, 100)
        mode = field(100, 8)
        uid = field(108, 8)
        gid = field(116, 8)
        size = Int(field(124, 12).trimmingCharacters(in: .whitespaces), radix: 8) ?? -1
        mtime = field(136, 12)
        typeFlag = Character(UnicodeScalar(block[156]))
        linkName = field(157, 100)
        magic = Array(block[257..<265])
        userName = field(265, 32)
        groupName = field(297, 32)
        prefix = field(345, 155)
    }

    /// "length key=value\n" records.
    static func paxRecords(_ data: [UInt8]) -> [(key: String, value: String)] {
        var records: [(key: String, value: String)] = []
        var offset = 0
        while offset < data.count {
            guard let space = data[offset...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: data[offset..<space], as: UTF8.self)), length > 0
            else { break }
            let record = data[(space + 1)..<(offset + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                records.append(
                    (
                        String(decoding: record[record.startIndex..<equals], as: UTF8.self),
                        String(decoding: record[(equals + 1)...], as: UTF8.self)
                    ))
            }
            offset += length
        }
        return records
    }
}
