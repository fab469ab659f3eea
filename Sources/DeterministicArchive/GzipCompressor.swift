import CArchiveSupport

/// gzip through zlib's deflate. With window bits 31 and no custom header zlib writes a fixed
/// header: no file name, modification time 0, and the build's fixed OS byte.
final class GzipCompressor: StreamCompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: CompressedOutputBuffer

    init(sink: ArchiveFileSink) throws(ArchiveError) {
        output = CompressedOutputBuffer(sink: sink)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = cas_deflate_init_gzip(stream, Int32(CompressorSettings.gzipLevel))
        guard status == Z_OK else {
            stream.deallocate()
            throw ArchiveError(description: "zlib cannot start deflate: \(Self.message(status, nil))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    func compress(_ input: UnsafeRawBufferPointer) throws(ArchiveError) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        // zlib counts in 32 bits; libarchive hands over blocks far smaller than that.
        var remaining = input.count
        var next = base
        while remaining > 0 {
            let chunk = min(remaining, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: next.assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = UInt32(chunk)
            while stream.pointee.avail_in > 0 {
                _ = try deflateStep(Z_NO_FLUSH)
            }
            remaining -= chunk
            next += chunk
        }
    }

    func finish() throws(ArchiveError) {
        while try deflateStep(Z_FINISH) != Z_STREAM_END {}
        try output.flush()
    }

    /// One `deflate` call into the free part of the output buffer.
    private func deflateStep(_ flush: Int32) throws(ArchiveError) -> Int32 {
        stream.pointee.next_out = output.freeStart
        stream.pointee.avail_out = UInt32(output.freeCount)
        let status = deflate(stream, flush)
        try output.didFill(leaving: Int(stream.pointee.avail_out))
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw ArchiveError(
                description: "zlib failed while compressing: \(Self.message(status, stream.pointee.msg))")
        }
        return status
    }

    static func message(_ status: Int32, _ text: UnsafePointer<CChar>?) -> String {
        if let text { return String(cString: text) }
        return "error code \(status)"
    }
}
