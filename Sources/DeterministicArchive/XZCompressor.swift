import CArchiveSupport

/// .xz through liblzma's multi-threaded encoder, used for every thread count (even 1) because
/// the single-threaded encoder lays out blocks differently: with a fixed block size the bytes
/// are the same for any thread count.
final class XZCompressor: StreamCompressor {
    private let stream: UnsafeMutablePointer<lzma_stream>
    private let output: CompressedOutputBuffer
    /// The thread count actually used (after the memory cap).
    let threads: UInt32

    init(threads requested: Int, sink: ArchiveFileSink) throws(ArchiveError) {
        threads = Self.threadCount(requested: requested)
        output = CompressedOutputBuffer(sink: sink)
        stream = .allocate(capacity: 1)
        stream.initialize(to: cas_lzma_stream_init())
        var options = Self.options(threads: threads)
        let status = lzma_stream_encoder_mt(stream, &options)
        guard status == LZMA_OK else {
            stream.deallocate()
            throw ArchiveError(description: "liblzma cannot start the xz encoder: \(Self.message(status))")
        }
    }

    deinit {
        lzma_end(stream)
        stream.deallocate()
    }

    /// The encoder options for `threads` threads.
    static func options(threads: UInt32) -> lzma_mt {
        var options = lzma_mt()
        options.threads = threads
        options.block_size = CompressorSettings.xzBlockSize
        options.timeout = 0
        options.preset = UInt32(CompressorSettings.xzPreset)
        options.check = LZMA_CHECK_CRC64
        return options
    }

    /// liblzma's LZMA_THREADS_MAX.
    static let maximumThreads = 16384

    /// `requested` (at least 1), lowered until the encoder's planned memory fits the budget.
    static func threadCount(requested: Int) -> UInt32 {
        var threads = UInt32(clamping: max(1, min(requested, maximumThreads)))
        while threads > 1 {
            var options = options(threads: threads)
            if lzma_stream_encoder_mt_memusage(&options) <= CompressorSettings.xzMemoryBudget { break }
            threads -= 1
        }
        return threads
    }

    func compress(_ input: UnsafeRawBufferPointer) throws(ArchiveError) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        stream.pointee.next_in = base.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_in = input.count
        while stream.pointee.avail_in > 0 {
            _ = try code(LZMA_RUN)
        }
    }

    func finish() throws(ArchiveError) {
        while try code(LZMA_FINISH) != LZMA_STREAM_END {}
        try output.flush()
    }

    /// One `lzma_code` call into the free part of the output buffer.
    private func code(_ action: lzma_action) throws(ArchiveError) -> lzma_ret {
        stream.pointee.next_out = output.freeStart
        stream.pointee.avail_out = output.freeCount
        let status = lzma_code(stream, action)
        try output.didFill(leaving: stream.pointee.avail_out)
        guard status == LZMA_OK || status == LZMA_STREAM_END else {
            throw ArchiveError(description: "liblzma failed while compressing: \(Self.message(status))")
        }
        return status
    }

    /// liblzma's status codes in words.
    static func message(_ status: lzma_ret) -> String {
        switch status {
        case LZMA_MEM_ERROR: "cannot allocate memory"
        case LZMA_MEMLIMIT_ERROR: "memory usage limit reached"
        case LZMA_OPTIONS_ERROR: "unsupported options"
        case LZMA_UNSUPPORTED_CHECK: "unsupported integrity check"
        case LZMA_DATA_ERROR: "data error"
        case LZMA_BUF_ERROR: "no progress possible"
        case LZMA_PROG_ERROR: "programming error (invalid arguments)"
        default: "error code \(status.rawValue)"
        }
    }
}
