/// A compressor for the tar stream: takes uncompressed bytes as libarchive produces them and
/// passes compressed output, in large buffers, to the archive file.
///
///     libarchive ──tar bytes──▶ StreamCompressor ──compressed, ~1 MiB writes──▶ ArchiveFileSink
protocol StreamCompressor: AnyObject {
    /// Compresses all of `input` (output may be held back until a buffer fills).
    func compress(_ input: UnsafeRawBufferPointer) throws(ArchiveError)
    /// Ends the compressed stream and hands over everything still buffered.
    func finish() throws(ArchiveError)
}

/// The compressor for each format, writing into `sink`.
func makeCompressor(
    for format: ArchiveFormat, threads: Int, sink: ArchiveFileSink
) throws(ArchiveError) -> any StreamCompressor {
    switch format {
    case .tarXZ: try XZCompressor(threads: threads, sink: sink)
    case .tarZstd: try ZstdCompressor(threads: threads, sink: sink)
    case .tarGzip: try GzipCompressor(sink: sink)
    }
}

/// The output buffer a compressor fills: handed to the sink whenever it is full and at the end.
final class CompressedOutputBuffer {
    static let capacity = 1 << 20
    private let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
    private let sink: ArchiveFileSink
    /// Bytes filled so far.
    private(set) var used = 0

    init(sink: ArchiveFileSink) {
        self.sink = sink
    }

    deinit {
        storage.deallocate()
    }

    /// Where the compressor may write next.
    var freeStart: UnsafeMutablePointer<UInt8> { storage.baseAddress!.assumingMemoryBound(to: UInt8.self) + used }
    /// How many bytes it may write there.
    var freeCount: Int { Self.capacity - used }

    /// Records that the compressor left `remaining` free bytes; passes a full buffer on.
    func didFill(leaving remaining: Int) throws(ArchiveError) {
        used = Self.capacity - remaining
        if used == Self.capacity { try flush() }
    }

    /// Passes whatever is buffered to the sink.
    func flush() throws(ArchiveError) {
        guard used > 0 else { return }
        try sink.write(UnsafeRawBufferPointer(rebasing: storage[0..<used]))
        used = 0
    }
}
