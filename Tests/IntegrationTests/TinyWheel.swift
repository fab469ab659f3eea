import Foundation

/// Writes small pure-layout wheels for tests: an uncompressed zip with the package files
/// plus `METADATA`, `WHEEL` and `RECORD`.
enum TinyWheel {
    /// Writes `<directory>/<name>-<version>-py3-none-any.whl` holding `files` (path → bytes).
    @discardableResult
    static func write(name: String, version: String, files: [String: Data], to directory: URL) throws -> URL {
        let distribution = name.replacingOccurrences(of: "-", with: "_")
        let distInfo = "\(distribution)-\(version).dist-info"
        var entries = files.sorted { $0.key < $1.key }
        entries.append(
            ("\(distInfo)/METADATA", Data("Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n".utf8)))
        entries.append(
            (
                "\(distInfo)/WHEEL",
                Data("Wheel-Version: 1.0\nGenerator: venvstacks-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n".utf8)
            ))
        let record = (entries.map { "\($0.0),," } + ["\(distInfo)/RECORD,,"]).joined(separator: "\n") + "\n"
        entries.append(("\(distInfo)/RECORD", Data(record.utf8)))
        let url = directory.appendingPathComponent("\(distribution)-\(version)-py3-none-any.whl")
        try zip(entries).write(to: url)
        return url
    }

    /// A stored (uncompressed) zip archive of `entries`.
    static func zip(_ entries: [(String, Data)]) -> Data {
        var body = Data()
        var central = Data()
        for (path, content) in entries {
            let name = Data(path.utf8)
            let crc = crc32(content)
            let offset = UInt32(body.count)
            // Local file header.
            body.append(le32(0x0403_4b50))
            // Version 2.0, no flags, stored, time 00:00, date 1980-01-01.
            body.append(le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21))
            body.append(le32(crc) + le32(UInt32(content.count)) + le32(UInt32(content.count)))
            body.append(le16(UInt16(name.count)) + le16(0))
            body.append(name)
            body.append(content)
            // Central directory entry.
            central.append(le32(0x0201_4b50))
            central.append(le16(0x031E) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21))
            central.append(le32(crc) + le32(UInt32(content.count)) + le32(UInt32(content.count)))
            central.append(le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0))
            central.append(le32(0o100644 << 16) + le32(offset))
            central.append(name)
        }
        var end = Data()
        end.append(le32(0x0605_4b50) + le16(0) + le16(0))
        end.append(le16(UInt16(entries.count)) + le16(UInt16(entries.count)))
        end.append(le32(UInt32(central.count)) + le32(UInt32(body.count)) + le16(0))
        return body + central + end
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    private static func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    private static func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
}
