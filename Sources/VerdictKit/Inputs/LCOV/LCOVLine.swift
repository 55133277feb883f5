import Foundation

extension LCOVParser {
    /// One line of a tracefile as a byte range (carriage return already dropped), with the
    /// in-place parsers the records need. Offsets are relative to the line's start.
    struct Line {
        let base: UnsafePointer<UInt8>
        let start: Int
        let end: Int
        let number: Int

        var count: Int { end - start }

        @inline(__always)
        subscript(offset: Int) -> UInt8 { base[start + offset] }

        @inline(__always)
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard count >= length else { return false }
            return memcmp(base + start, prefix.utf8Start, length) == 0
        }

        func equals(_ text: StaticString) -> Bool {
            count == text.utf8CodeUnitCount && hasPrefix(text)
        }

        func text(_ from: Int, limit: Int? = nil) -> String {
            text(from, to: limit.map { min(count, from + $0) } ?? count)
        }

        func text(_ from: Int, to: Int) -> String {
            let lower = min(max(from, 0), count)
            let upper = max(lower, min(to, count))
            return String(decoding: UnsafeBufferPointer(start: base + start + lower, count: upper - lower), as: UTF8.self)
        }

        /// The position of an offset in this line; the column counts characters.
        func position(_ offset: Int) -> TextPosition {
            var column = 1
            var index = 0
            while index < min(offset, count) {
                if self[index] & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
            return TextPosition(line: number, column: column, offset: start + offset)
        }

        /// A line number: digits, at least 1, at most `CoverageFile.maximumLine`.
        @inline(__always)
        func lineNumber(_ cursor: inout Int, what: String) throws(LineError) -> Int {
            let begin = cursor
            var value = 0
            while cursor < count {
                let digit = self[cursor] &- 0x30
                if digit > 9 { break }
                if value <= CoverageFile.maximumLine { value = value * 10 + Int(digit) }
                cursor += 1
            }
            guard cursor > begin else {
                throw LineError(position: position(begin), message: "\(what) must be a whole number, found '\(fieldText(begin))'")
            }
            guard value >= 1 else {
                throw LineError(position: position(begin), message: "\(what) must be at least 1, found \(value)")
            }
            guard value <= CoverageFile.maximumLine else {
                throw LineError(position: position(begin), message: "\(what) is too large: '\(fieldText(begin))'")
            }
            return value
        }

        /// A count (optionally negative, read as 0 like lcov does); true when above zero.
        /// Any number of digits is accepted: only "zero or not" matters.
        @inline(__always)
        func count(_ cursor: inout Int, what: String, negatives: inout Int) throws(LineError) -> Bool {
            let begin = cursor
            var negative = false
            if cursor < count, self[cursor] == UInt8(ascii: "-") {
                negative = true
                cursor += 1
            }
            let digitsStart = cursor
            var nonZero = false
            while cursor < count {
                let digit = self[cursor] &- 0x30
                if digit > 9 { break }
                if digit != 0 { nonZero = true }
                cursor += 1
            }
            guard cursor > digitsStart else {
                throw LineError(position: position(begin), message: "\(what) must be a whole number, found '\(fieldText(begin))'")
            }
            if cursor < count, self[cursor] != UInt8(ascii: ",") {
                throw LineError(position: position(begin), message: "\(what) must be a whole number, found '\(fieldText(begin))'")
            }
            if negative {
                if nonZero { negatives += 1 }
                return false
            }
            return nonZero
        }

        @inline(__always)
        func expectComma(_ cursor: inout Int, after what: String, fields: String) throws(LineError) {
            guard cursor < count, self[cursor] == UInt8(ascii: ",") else {
                let found = cursor < count ? "'\(text(cursor, limit: 20))'" : "the end of the line"
                throw LineError(position: position(cursor), message: "expected ',' after \(what) ('\(fields)'), found \(found)")
            }
            cursor += 1
        }

        /// A whole number from 0 (lcov 2.x function group indexes).
        func index(_ cursor: inout Int, what: String) throws(LineError) -> Int {
            let begin = cursor
            var value = 0
            while cursor < count {
                let digit = self[cursor] &- 0x30
                if digit > 9 { break }
                value = value * 10 + Int(digit)
                cursor += 1
                guard value <= Int(Int32.max) else {
                    throw LineError(position: position(begin), message: "\(what) is too large: '\(fieldText(begin))'")
                }
            }
            guard cursor > begin else {
                throw LineError(position: position(begin), message: "\(what) must be a whole number, found '\(fieldText(begin))'")
            }
            return value
        }

        /// The field starting at `from`, up to the next comma, for messages.
        func fieldText(_ from: Int) -> String {
            var to = from
            while to < count, self[to] != UInt8(ascii: ",") { to += 1 }
            return text(from, to: min(to, from + 30))
        }
    }
}
