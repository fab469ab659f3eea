import CArchiveSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decompresses an .xz file with liblzma's multi-threaded decoder and hands the tar stream to
/// libarchive through its read callback (libarchive's own xz filter decodes on one thread).
///
///     archive file ─read(2), 1 MiB─▶ lzma_stream_decoder_mt (2 threads: one 24 MiB block each)
///                  ─1 MiB of tar─▶ xzReadCallback ─▶ libarchive tar format
///
/// Archives written by `ArchiveWriter` have 24 MiB blocks with their sizes in the block
/// headers, which is what lets the decoder work on two blocks at once.
final class XZStreamDecoder {
    /// Decoder threads; one block (24 MiB of output plus the 8 MiB dictionary) each.
    static let threads: UInt32 = 2
    /// Above this the decoder uses fewer threads (two threads need about 70 MiB).
    static let threadingMemoryLimit: UInt64 = 256 << 20
    /// Above this decoding fails, as with libarchive's own xz filter.
    static let memoryLimit: UInt64 = 1 << 30
    static let bufferSize = 1 << 20
    /// `LZMA_CONCATENATED` (a `UINT32_C` macro Swift cannot import): decode every stream of the
    /// file and check what follows the last, as the xz command does.
    static let concatenated: UInt32 = 0x08
    /// The first bytes of every .xz file.
    static let magic: [UInt8] = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]

    private let descriptor: Int32
    private let stream: UnsafeMutablePointer<lzma_stream>
    private let input = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
    private var inputEnded = false
    private var streamEnded = false
    /// Compressed bytes read from the file so far.
    private(set) var bytesRead: Int64 = 0
    /// Why decoding stopped (libarchive only sees -1 from the callback).
    private(set) var failure: String?

    /// A decoder reading the open file `descriptor` from its start.
    init(descriptor: Int32) throws(ArchiveError) {
        self.descriptor = descriptor
        stream = .allocate(capacity: 1)
        stream.initialize(to: cas_lzma_stream_init())
        var options = lzma_mt()
        options.flags = Self.concatenated
        options.threads = Self.threads
        options.timeout = 0
        options.memlimit_threading = Self.threadingMemoryLimit
        options.memlimit_stop = Self.memoryLimit
        let status = lzma_stream_decoder_mt(stream, &options)
        guard status == LZMA_OK else {
            throw ArchiveError(description: "liblzma cannot start the xz decoder: \(XZCompressor.message(status))")
        }
    }

    deinit {
        lzma_end(stream)
        stream.deallocate()
        input.deallocate()
        output.deallocate()
    }

    /// Whether the open file `descriptor` starts like an .xz file.
    static func isXZ(_ descriptor: Int32) -> Bool {
        var start = [UInt8](repeating: 0, count: magic.count)
        let count = start.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return count == magic.count && start == magic
    }

    /// The next piece of the tar stream (empty after the end), or nil after setting `failure`.
    func decode() -> UnsafeRawBufferPointer? {
        let start = output.baseAddress!
        guard !streamEnded else { return UnsafeRawBufferPointer(start: start, count: 0) }
        stream.pointee.next_out = start.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = output.count
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputEnded {
                let count = read(descriptor, input.baseAddress, input.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot read the file: \(String(cString: strerror(errno)))"
                    return nil
                }
                inputEnded = count == 0
                bytesRead += Int64(count)
                stream.pointee.next_in = UnsafePointer(input.baseAddress!.assumingMemoryBound(to: UInt8.self))
                stream.pointee.avail_in = count
            }
            let status = lzma_code(stream, inputEnded ? LZMA_FINISH : LZMA_RUN)
            if status == LZMA_STREAM_END {
                streamEnded = true
                break
            }
            guard status == LZMA_OK else {
                failure = Self.message(status)
                return nil
            }
        }
        return UnsafeRawBufferPointer(start: start, count: output.count - stream.pointee.avail_out)
    }

    /// What went wrong, for the user.
    static func message(_ status: lzma_ret) -> String {
        switch status {
        case LZMA_DATA_ERROR: "xz: corrupt data"
        case LZMA_FORMAT_ERROR: "xz: not xz data"
        case LZMA_BUF_ERROR: "xz: the data ends too early"
        case LZMA_MEMLIMIT_ERROR: "xz: decoding needs more than \(memoryLimit >> 20) MiB of memory"
        default: "xz: \(XZCompressor.message(status))"
        }
    }

    /// Decodes whatever libarchive did not need after the end of the tar stream, so that the
    /// integrity checks of the whole file are verified; false (and `failure` set) if one fails.
    func finish() -> Bool {
        while let piece = decode() {
            if piece.isEmpty { return true }
        }
        return false
    }
}

/// libarchive's read callback: the next piece of the decoded tar stream.
func xzReadCallback(
    _ archive: OpaquePointer?, _ client: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> la_ssize_t {
    guard let client, let buffer else { return -1 }
    let decoder = Unmanaged<XZStreamDecoder>.fromOpaque(client).takeUnretainedValue()
    guard let piece = decoder.decode() else { return -1 }
    buffer.pointee = piece.baseAddress
    return la_ssize_t(piece.count)
}
