import CArchiveSupport

/// .zst through libzstd's streaming compressor, always in multi-threaded mode (at least one
/// worker): there the output depends on the level, window and job size but not on the number
/// of workers, while single-threaded mode (0 workers) lays out the frame differently.
final class ZstdCompressor: StreamCompressor {
    private let context: OpaquePointer
    private let output: CompressedOutputBuffer

    init(threads: Int, sink: ArchiveFileSink) throws(ArchiveError) {
        guard let context = ZSTD_createCCtx() else {
            throw ArchiveError(description: "libzstd cannot create a compression context")
        }
        self.context = context
        output = CompressedOutputBuffer(sink: sink)
        let parameters: [(ZSTD_cParameter, Int32, String)] = [
            (ZSTD_c_compressionLevel, Int32(CompressorSettings.zstdLevel), "level"),
            (ZSTD_c_enableLongDistanceMatching, 1, "long-distance matching"),
            (ZSTD_c_windowLog, Int32(CompressorSettings.zstdWindowLog), "window log"),
            (ZSTD_c_minMatch, Int32(CompressorSettings.zstdMinimumMatch), "minimum match"),
            (ZSTD_c_checksumFlag, 1, "checksum"),
            (ZSTD_c_nbWorkers, Int32(Self.workerCount(requested: threads)), "worker threads"),
        ]
        for (parameter, value, name) in parameters {
            let result = ZSTD_CCtx_setParameter(context, parameter, value)
            if ZSTD_isError(result) != 0 {
                ZSTD_freeCCtx(context)
                throw ArchiveError(description: "libzstd rejects the \(name) setting \(value): \(Self.message(result))")
            }
        }
    }

    deinit {
        ZSTD_freeCCtx(context)
    }

    /// `requested` limited to 1...zstdMaximumWorkers: never 0, whose single-threaded output differs.
    static func workerCount(requested: Int) -> Int {
        min(max(1, requested), CompressorSettings.zstdMaximumWorkers)
    }

    func compress(_ input: UnsafeRawBufferPointer) throws(ArchiveError) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        var buffer = ZSTD_inBuffer(src: base, size: input.count, pos: 0)
        while buffer.pos < buffer.size {
            _ = try step(&buffer, ZSTD_e_continue)
        }
    }

    func finish() throws(ArchiveError) {
        var empty = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try step(&empty, ZSTD_e_end) != 0 {}
        try output.flush()
    }

    /// One `ZSTD_compressStream2` call; returns its hint (0 once a frame is complete at `e_end`).
    private func step(_ input: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective) throws(ArchiveError) -> Int {
        var buffer = ZSTD_outBuffer(dst: output.freeStart, size: output.freeCount, pos: 0)
        let result = ZSTD_compressStream2(context, &buffer, &input, directive)
        try output.didFill(leaving: buffer.size - buffer.pos)
        if ZSTD_isError(result) != 0 {
            throw ArchiveError(description: "libzstd failed while compressing: \(Self.message(result))")
        }
        return result
    }

    static func message(_ code: Int) -> String { String(cString: ZSTD_getErrorName(code)) }
}
