import Foundation

/// Reads a JSON number from bytes, exactly as `strtod` would, without copying it first.
///
/// k6 writes sample values with Go's shortest round-trip formatting (`121.23`, `0.794`, `1`),
/// nearly always 15 significant digits or fewer. For those, Clinger's fast path is exact: the
/// digits as an integer below 2^53 and a power of ten up to 10^22 are both exact doubles, so
/// one IEEE multiplication or division rounds correctly. Longer numbers go to `strtod`.
enum FastDecimal {
    private static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    /// The number starting at `start`, and the index after it; nil if JSON's grammar is broken.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Double, Int)? {
        var index = start
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        let integerStart = index
        while index < end, bytes[index] &- 0x30 < 10 {
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 0x30)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
                digits += 1
            }
            index += 1
        }
        let integerDigits = index - integerStart
        guard integerDigits > 0, !(integerDigits > 1 && bytes[integerStart] == 0x30) else { return nil }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < end, bytes[index] &- 0x30 < 10 {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else {
                    digits += 1
                }
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        var slow = digits > 15
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            var written = 0
            while index < end, bytes[index] &- 0x30 < 10 {
                if written < 10_000 { written = written * 10 + Int(bytes[index] &- 0x30) }
                index += 1
            }
            guard index > exponentStart else { return nil }
            exponent += exponentNegative ? -written : written
        }
        if exponent < -22 || exponent > 22 { slow = true }
        if slow { return (strtod(bytes, start, index), index) }
        var value = Double(mantissa)
        value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent]
        return (negative ? -value : value, index)
    }

    static func strtod(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for i in 0..<length { buffer[i] = CChar(bitPattern: bytes[start + i]) }
            buffer[length] = 0
            return Foundation.strtod(buffer.baseAddress!, nil)
        }
    }
}

/// RFC 3339 times (`2025-08-21T14:36:39.336489+08:00`, `…Z`) as nanoseconds since 1970 (UTC).
enum RFC3339Nanos {
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        guard end - start >= 20 else { return nil }
        @inline(__always) func number(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for i in at..<(at + count) {
                let digit = bytes[i] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(start, 4), bytes[start + 4] == UInt8(ascii: "-"),
              let month = number(start + 5, 2), bytes[start + 7] == UInt8(ascii: "-"),
              let day = number(start + 8, 2), bytes[start + 10] | 0x20 == UInt8(ascii: "t"),
              let hour = number(start + 11, 2), bytes[start + 13] == UInt8(ascii: ":"),
              let minute = number(start + 14, 2), bytes[start + 16] == UInt8(ascii: ":"),
              let second = number(start + 17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = start + 19
        var nanos = 0
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100_000_000
            let fractionStart = index
            while index < end, bytes[index] &- 0x30 < 10 {
                nanos += Int(bytes[index] &- 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        guard index < end else { return nil }
        var offsetSeconds = 0
        if bytes[index] | 0x20 == UInt8(ascii: "z") {
            index += 1
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            guard index + 6 <= end, let hours = number(index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
                  let minutes = number(index + 4, 2) else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
            index += 6
        } else {
            return nil
        }
        guard index == end else { return nil }
        // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        // Nanoseconds since 1970 fit an Int64 from 1677 to 2262; a time outside is not a k6 time.
        let (scaled, overflow) = Int64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (total, carry) = scaled.addingReportingOverflow(Int64(nanos))
        return carry ? nil : total
    }
}
