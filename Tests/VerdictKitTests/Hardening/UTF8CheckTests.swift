import Foundation
import Testing
@testable import VerdictKit

/// The UTF-8 check that keeps invalid bytes from becoming U+FFFD in paths and ids.
@Suite struct UTF8CheckTests {
    static let samples: [(bytes: [UInt8], firstInvalid: Int?)] = [
        (Array("plain ASCII, long enough for the word loop".utf8), nil),
        (Array("café — 日本 — 😀".utf8), nil),
        ([0x61, 0xFF], 1),                    // never valid
        ([0x61, 0xC0, 0xAF], 1),              // overlong '/'
        ([0xED, 0xA0, 0x80], 0),              // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),        // above U+10FFFF
        ([0x61, 0x62, 0xE2, 0x82], 2),        // cut at the end
        ([0x80], 0),                          // a lone continuation byte
    ]

    @Test func findsTheFirstInvalidByte() {
        for sample in Self.samples {
            let found = sample.bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset(in: $0) }
            #expect(found == sample.firstInvalid, "\(sample.bytes)")
        }
    }

    /// Split at every place, the stream check agrees with the whole-buffer check.
    @Test func aCharacterSplitBetweenChunksIsCarried() {
        let text = Array("a€b😀c".utf8) + [0xE2, 0x82, 0xAC]
        for cut in 0...text.count {
            var check = UTF8StreamCheck()
            let first = text[..<cut].withUnsafeBufferPointer { check.feed($0) }
            let second = text[cut...].withUnsafeBufferPointer { check.feed($0) }
            #expect(first == nil && second == nil && !check.endsInsideCharacter, "cut at \(cut)")
        }
        let bad = Array("ab€".utf8.dropLast()) + [0x41]
        for cut in 0...bad.count {
            var check = UTF8StreamCheck()
            let first = bad[..<cut].withUnsafeBufferPointer { check.feed($0) }
            let second = bad[cut...].withUnsafeBufferPointer { check.feed($0) }
            #expect(first != nil || second != nil, "cut at \(cut)")
        }
    }
}
