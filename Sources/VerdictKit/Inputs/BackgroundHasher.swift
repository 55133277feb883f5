import Foundation

/// SHA-256 over chunks of a stream, each hashed on another thread while the caller scans the
/// same chunk: the k6 stream reader's hash is then off its critical path on a 2-core runner.
final class BackgroundHasher: @unchecked Sendable {
    // Only the worker touches it between `hash(_:while:)`'s hand-over and its wait.
    private var hasher = SHA256Digest.Streaming()
    private let done = DispatchSemaphore(value: 0)

    /// Hashes `chunk` on another thread while `body` runs, and returns once both are done, so
    /// the chunk's buffer may be reused or freed afterwards, whether `body` returned or threw.
    func hash<Failure: Error>(_ chunk: UnsafeRawBufferPointer, while body: () throws(Failure) -> Void) throws(Failure) {
        // The address crosses threads as a number: the wait below keeps the bytes alive.
        let address = UInt(bitPattern: chunk.baseAddress)
        let count = chunk.count
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            hasher.update(UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: address), count: count))
            done.signal()
        }
        defer { done.wait() }
        try body()
    }

    /// The digest of every chunk, as lowercase hex.
    func finalize() -> String {
        hasher.finalize()
    }
}
