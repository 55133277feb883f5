import Foundation

/// The SHA-256 and UTF-8 check of a mapped file (`InputFile.hashAndCheckReleasingPages`),
/// computed on another thread while the caller reads the same bytes.
final class PendingDigest: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the worker before `done` is signalled, read only after waiting on it.
    private var result: (sha256: String, utf8: UTF8Validity)?

    init(of data: Data) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = InputFile.hashAndCheckReleasingPages(data, stride: InputFile.asideReleaseStride)
            done.signal()
        }
    }

    /// Waits for the worker; may be called more than once.
    func wait() -> (sha256: String, utf8: UTF8Validity) {
        done.wait()
        defer { done.signal() }
        guard let result else { preconditionFailure("the digest worker signalled without a result") }
        return result
    }
}
