import Crypto
import Foundation

/// SHA-256 helpers that produce the hash strings stored in lock metadata.
///
/// Every lock hash is SHA-256 over the concatenation of UTF-8 strings with no
/// separators, written as `sha256:<hex>` (docs/formats.md#lock-hashes).
public enum ContentHash {
    /// `sha256:<hex>` of the concatenated UTF-8 bytes of `parts`.
    public static func hashStrings<S: Sequence>(_ parts: S) -> String where S.Element == String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Data(part.utf8))
        }
        return "sha256:" + hex(hasher.finalize())
    }

    /// Lower-case hex digest of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// `sha256:<hex>` of a regular file's content (the name is not part of the hash); a
    /// FIFO or device is refused rather than read.
    public static func hashFileContents(at url: URL) throws -> String {
        "sha256:" + sha256Hex(try FileSystem.readRegularFile(at: url, maxBytes: Int.max))
    }

    /// `sha256:<hex>` of a file's name followed by `sha256:<hex of its content>`.
    ///
    /// This is the hash of a single-file launch or support module.
    public static func hashFileNameAndContents(at url: URL) throws -> String {
        hashStrings([url.lastPathComponent, try hashFileContents(at: url)])
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
