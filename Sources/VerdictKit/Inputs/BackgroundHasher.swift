import Foundation

/// SHA-256 over chunks of a stream, computed on another thread while the caller scans the same
/// chunk: the k6 stream reader's hash is then off its critical path on a 2-core runner.
///
/// `update` hands a chunk over and returns at once. The caller must leave the chunk's bytes
/// unchanged until `waitUntilIdle()` (or `finalize()`) returns, which is before it reads the
/// next chunk into the same buffer and before it frees the buffer.
final class BackgroundHasher: @unchecked Sendable {
    // Touched by one worker at a time; `idle` orders every access.
    private var hasher = SHA256Digest.Streaming()
    private let idle = DispatchSemaphore(value: 1)

    func update(_ chunk: UnsafeRawBufferPointer) {
        idle.wait()
        // The address crosses threads as a number: the caller keeps the bytes alive (see above).
        let address = UInt(bitPattern: chunk.baseAddress)
        let count = chunk.count
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            hasher.update(UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: address), count: count))
            idle.signal()
        }
    }

    /// Waits until the chunk last handed over is hashed.
    func waitUntilIdle() {
        idle.wait()
        idle.signal()
    }

    /// The digest of every chunk, as lowercase hex.
    func finalize() -> String {
        waitUntilIdle()
        return hasher.finalize()
    }
}
