import Foundation

/// RFC 3339 timestamps in UTC with whole seconds: how `--now` is given and records write time.
public enum Timestamp {
    /// Parses `2026-11-21T12:00:00Z`, with an optional fraction and any UTC offset.
    public static func parse(_ text: String) -> Date? {
        if let date = parseWholeSeconds(text) { return date }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text) ?? withFraction.date(from: text)
    }

    /// The common form, `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`, read by hand; nil for
    /// anything else (a fraction, an out-of-range field, a year before 1600, where the formatter
    /// counts in the Julian calendar), which `parse` leaves to `ISO8601DateFormatter`.
    ///
    /// Why: the formatter builds ICU patterns on first use, ~11 million instructions (a tenth
    /// of a whole `verdict check`) to read one `--now`. The answers are the formatter's: a test
    /// compares both on a table of valid and invalid texts.
    static func parseWholeSeconds(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 25 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool { bytes[index] == character.asciiValue }
        guard byte(4, is: "-"), byte(7, is: "-"), byte(10, is: "T"), byte(13, is: ":"), byte(16, is: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              year >= 1600, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        var offset = 0
        if bytes.count == 20 {
            guard byte(19, is: "Z") else { return nil }
        } else {
            guard byte(19, is: "+") || byte(19, is: "-"), byte(22, is: ":"),
                  let hours = number(20, 2), let minutes = number(23, 2), hours <= 23, minutes <= 59 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (byte(19, is: "-") ? -1 : 1)
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `2026-11-21T12:00:00Z`.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// `date` without its fraction of a second: records hold whole seconds, so evaluations do too.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
