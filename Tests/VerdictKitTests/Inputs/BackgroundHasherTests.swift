import Foundation
import Testing
@testable import VerdictKit

/// The k6 reader hashes each chunk on another thread while it scans it: the digest must be the
/// one-shot digest, and the chunk must be hashed before `hash(_:while:)` returns, even when
/// the scan throws.
@Suite struct BackgroundHasherTests {
    struct ScanFailed: Error {}

    @Test func chunksHashedBesideTheScanGiveTheDigestOfTheWhole() throws {
        let data = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let hasher = BackgroundHasher()
        var scanned = 0
        var offset = 0
        // One buffer, overwritten chunk after chunk, as the reader does.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 64)
        defer { buffer.deallocate() }
        while offset < data.count {
            let count = min(buffer.count, data.count - offset)
            data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: offset..<(offset + count))
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.hash(chunk) { scanned += chunk.count }
            offset += count
        }
        #expect(scanned == data.count)
        #expect(hasher.finalize() == SHA256Digest.hex(of: data))
    }

    @Test func aScanThatThrowsStillWaitsForItsChunk() throws {
        let data = Data(repeating: 7, count: 1 << 20)
        let hasher = BackgroundHasher()
        #expect(throws: ScanFailed.self) {
            try data.withUnsafeBytes { chunk in try hasher.hash(chunk) { () throws(ScanFailed) in throw ScanFailed() } }
        }
        #expect(hasher.finalize() == SHA256Digest.hex(of: data))
    }
}
