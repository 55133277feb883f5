internal import CZlib

/// Decompresses a gzip stream chunk by chunk with zlib, never holding more than one output
/// buffer: a 2 GB stream is judged in a few megabytes.
///
/// Concatenated gzip members (which `cat a.gz b.gz` and `gzip` itself produce) are read one
/// after another, as `zcat` does. A stream that ends before its last member does is an error,
/// never a silently shorter input.
final class GzipInflater {
    /// Why a gzip stream could not be decompressed.
    struct Failure: Error {
        var message: String
    }

    private var stream = z_stream()
    private var output: [UInt8]
    private var finishedMember = false
    /// Whether exactly one member is allowed (an archive object): any byte after it is an error.
    private let singleMember: Bool
    private var started = false
    /// Compressed bytes consumed so far, for messages.
    private(set) var consumed = 0

    init(outputSize: Int = 4 << 20, singleMember: Bool = false) throws(Failure) {
        self.singleMember = singleMember
        output = [UInt8](repeating: 0, count: outputSize)
        // 15 + 16: a gzip header and trailer (not zlib's, not raw deflate).
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Failure(message: "cannot initialise zlib (status \(status))") }
    }

    deinit {
        inflateEnd(&stream)
    }

    /// Decompresses `input`, handing each filled output buffer to `body`.
    ///
    /// - Throws: `Failure` for gzip data that cannot be decompressed; whatever `body` throws,
    ///   unchanged (its caller knows what its errors mean).
    func inflate(_ input: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        var position = 0
        while position < input.count {
            if finishedMember {
                if singleMember {
                    throw Failure(message: "\(input.count - position) byte(s) follow the end of the gzip member at compressed byte \(consumed) (appended data or a second member)")
                }
                // Another member follows; gzip allows trailing zero padding, which is not one.
                if input[position...].allSatisfy({ $0 == 0 }) { return }
                inflateReset(&stream)
                finishedMember = false
            }
            started = true
            let available = min(input.count - position, Int(UInt32.max))
            stream.next_in = UnsafeMutablePointer(mutating: base.advanced(by: position).assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(available)
            var status: Int32 = Z_OK
            repeat {
                let produced: Int = output.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                    throw Failure(message: "invalid gzip data near compressed byte \(consumed + available - Int(stream.avail_in)): \(reason)")
                }
                if produced > 0 {
                    try output.withUnsafeBufferPointer { buffer in
                        try body(UnsafeBufferPointer(rebasing: buffer[0..<produced]))
                    }
                }
                if status == Z_STREAM_END { break }
            } while stream.avail_out == 0 || (stream.avail_in > 0 && status == Z_OK)
            let used = available - Int(stream.avail_in)
            position += used
            consumed += used
            if status == Z_STREAM_END { finishedMember = true } else if used == 0 && stream.avail_in > 0 {
                throw Failure(message: "gzip data makes no progress at compressed byte \(consumed)")
            }
        }
    }

    /// Checks that the stream ended at the end of a gzip member.
    func finish() throws(Failure) {
        guard !started || finishedMember else {
            throw Failure(message: "the gzip stream is cut short after \(consumed) compressed bytes (its last member has no end)")
        }
    }
}
