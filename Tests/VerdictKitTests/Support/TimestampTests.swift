import Foundation
import Testing
@testable import VerdictKit

/// `Timestamp.parse` reads the common form by hand (ISO8601DateFormatter costs a tenth of a
/// check to set up); the answers must be the formatter's, valid or not.
@Suite struct TimestampTests {
    static func formatter(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }

    @Test(arguments: [
        "2026-11-21T12:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2000-02-29T08:30:00Z",
        "2024-02-29T23:59:59Z", "1600-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-03-01T00:00:00+01:00",
        "2026-11-21T12:00:00-07:30", "2026-06-30T05:04:03+14:00", "2100-03-01T00:00:00Z", "1600-02-29T12:00:00Z",
    ])
    func validTimesAreTheFormattersOwn(_ text: String) throws {
        let fast = try #require(Timestamp.parseWholeSeconds(text))
        #expect(fast == Self.formatter(text), "\(text)")
        #expect(Timestamp.parse(text) == fast)
    }

    @Test(arguments: [
        "2026-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "0001-01-01T00:00:00Z", "1599-12-31T23:59:59Z", "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-11-21T24:00:00Z", "2026-11-21T12:60:00Z", "2026-11-21T12:00:60Z", "2026-11-21 12:00:00Z",
        "2026-11-21T12:00:00", "2026-11-21T12:00:00z", "2026-11-21T12:00:00+0100", "+026-11-21T12:00:00Z",
        "2026-11-21T12:00:00.5Z", "2026-1-21T12:00:00Z",
    ])
    func otherTextsAreLeftToTheFormatter(_ text: String) {
        #expect(Timestamp.parseWholeSeconds(text) == nil, "\(text)")
    }

    @Test func aFractionIsStillRead() {
        #expect(Timestamp.parse("2026-11-21T12:00:00.250Z") == Date(timeIntervalSince1970: 1_795_262_400.25))
    }
}
