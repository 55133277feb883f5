import Foundation
internal import CZlib

/// gzip compression through zlib, for the archive's objects.
///
/// Objects are whole files read into memory already (inputs are hashed as read), so the
/// one-shot interface is enough. Reading objects back goes through `GzipInflater`, which
/// streams, bounds the size and refuses anything but one complete member.
enum Gzip {
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The gzip encoding of `data` (deterministic: no file name, no time stamp).
    static func compress(_ data: Data) throws(Failure) -> Data {
        var stream = z_stream()
        // 15 window bits + 16: gzip framing; level 6 is zlib's default balance.
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "cannot initialise zlib")
        }
        defer { deflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let status: Int32 = data.withUnsafeBytes { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            var result: Int32 = Z_OK
            repeat {
                chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    result = deflate(&stream, Z_FINISH)
                    output.append(buffer.baseAddress!, count: buffer.count - Int(stream.avail_out))
                }
            } while result == Z_OK
            return result
        }
        guard status == Z_STREAM_END else { throw Failure(description: "zlib compression failed (\(status))") }
        return output
    }
}
