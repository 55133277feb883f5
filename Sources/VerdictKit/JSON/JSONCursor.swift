import Foundation

/// A pull parser over the bytes of one JSON document.
///
/// Readers walk the document key by key and materialize only what the normalized model needs;
/// everything else is skipped with full validation but no allocation. That is what lets a
/// 50 MB SARIF file be judged in a fraction of a second with memory close to the file's size,
/// where building a whole tree (JSONSerialization, JSONDecoder) costs several times both.
///
/// The cursor borrows its bytes: create it inside `withUnsafeBytes` and do not let it escape.
public struct JSONCursor {
    /// The kinds of value the cursor can find next.
    public enum ValueKind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offset of the next unread byte.
    public private(set) var offset: Int
    /// How deep containers may nest before the document is refused (hostile inputs nest 100,000 deep).
    public var maximumDepth = 512
    @usableFromInline var depth = 0
    /// Set when the bytes are a read-only file mapping (`InputFile.isMapped`): how to drop the
    /// pages between two addresses, which `releaseConsumedPages` calls for the bytes already
    /// read. Given by the caller, so this value layer knows nothing of files or the kernel.
    public var pageReleaser: ((UnsafeRawPointer, UnsafeRawPointer) -> Void)?
    var releasedUpTo = 0
    /// The keys of the objects being read (`enterObject`/`nextKey`), and of those being skipped.
    var readKeys = JSONKeyTracker()
    var skippedKeys = JSONKeyTracker()

    public init(bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    // MARK: Structure

    /// The kind of the next value, after skipping white space.
    public mutating func peekKind() throws(JSONSyntaxError) -> ValueKind {
        skipWhitespace()
        guard offset < bytes.count else { throw error(expected: "a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error(expected: "a value")
        }
    }

    /// Consumes `{`; then call `nextKey()` until it returns nil.
    public mutating func enterObject() throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "{"), "'{'")
        try descend()
        readKeys.open(depth: depth)
        firstMember = true
    }

    @usableFromInline var firstMember = false

    /// The next key of the object being read, with its `:` consumed; nil after the closing `}`.
    ///
    /// The value of a returned key must be read or skipped before the next call.
    public mutating func nextKey() throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        guard offset < bytes.count else { throw error(expected: "'}' or a key") }
        if bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            readKeys.close(depth: depth)
            depth -= 1
            // The enclosing container has at least this member now: a ',' must come next.
            firstMember = false
            return nil
        }
        if !firstMember {
            guard bytes[offset] == UInt8(ascii: ",") else { throw error(expected: "',' or '}'") }
            offset += 1
            skipWhitespace()
        }
        firstMember = false
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            throw error(expected: "a string key")
        }
        let keyStart = offset
        let key = try readString()
        try Self.checkUnique(JSONKeyTracker.Key(start: keyStart, end: offset - 1, escaped: key.utf8.count != offset - keyStart - 2), in: &readKeys, depth: depth, bytes: bytes)
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':'")
        return key
    }

    /// Refuses a key the object already has, naming it and both places.
    static func checkUnique(
        _ key: JSONKeyTracker.Key, in tracker: inout JSONKeyTracker, depth: Int, bytes: UnsafeBufferPointer<UInt8>
    ) throws(JSONSyntaxError) {
        guard let earlier = tracker.insert(key, depth: depth, in: bytes) else { return }
        let first = TextPosition(of: earlier.start, in: bytes)
        var name = JSONKeyTracker.text(of: key, in: bytes)
        if name.count > 100 { name = name.prefix(100) + "…" }
        var error = JSONSyntaxError(position: TextPosition(of: key.start, in: bytes), expected: "each key once in an object", found: "key '\(name)' again")
        error.detail = "duplicate key '\(name)' (first at \(first.line):\(first.column)); readers disagree on which copy counts, so the input is refused"
        throw error
    }

    /// Consumes `[`; then call `nextElement()` before each element until it returns false.
    public mutating func enterArray() throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "["), "'['")
        try descend()
        firstMember = true
    }

    /// Whether another element follows (its leading `,` consumed); false after the closing `]`.
    public mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw error(expected: "']' or a value") }
        if bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            // The enclosing container has at least this member now: a ',' must come next.
            firstMember = false
            return false
        }
        if !firstMember {
            guard bytes[offset] == UInt8(ascii: ",") else { throw error(expected: "',' or ']'") }
            offset += 1
        }
        firstMember = false
        return true
    }

    /// Checks that nothing but white space follows the document's single value.
    public mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard offset == bytes.count else { throw error(expected: "the end of the document after its value") }
    }

    // MARK: Scalars

    /// Reads a string value, decoding escapes; invalid UTF-8 is an error, never replaced.
    public mutating func readString() throws(JSONSyntaxError) -> String {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error(expected: "a string") }
        let start = offset + 1
        var index = start
        var isASCII = true
        let count = bytes.count
        while index < count {
            index = plainRunEnd(from: index)
            guard index < count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                offset = index + 1
                if isASCII { return String(decoding: raw, as: UTF8.self) }
                guard let text = String(validating: raw, as: UTF8.self) else {
                    offset = start
                    throw error(expected: "a string of valid UTF-8")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if byte < 0x20 {
                offset = index
                throw error(expected: "a control character to be escaped inside a string")
            }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        offset = count
        throw error(expected: "'\"' closing the string")
    }

    /// Reads a string or `null` (nil).
    public mutating func readOptionalString() throws(JSONSyntaxError) -> String? {
        if try peekKind() == .null {
            try skipValue()
            return nil
        }
        return try readString()
    }

    /// Reads a number as a Double.
    public mutating func readDouble() throws(JSONSyntaxError) -> Double {
        skipWhitespace()
        let start = offset
        try scanNumber()
        let length = offset - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for i in 0..<length { buffer[i] = CChar(bitPattern: bytes[start + i]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    /// Reads a number that must be an integer (a line number, an index).
    public mutating func readInt() throws(JSONSyntaxError) -> Int {
        skipWhitespace()
        let start = offset
        let value = try readDouble()
        guard value.rounded() == value, abs(value) < 9.0e15 else {
            offset = start
            throw error(expected: "an integer")
        }
        return Int(value)
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        throw error(expected: "true or false")
    }

    /// Reads a scalar of any kind as text: a string as is, a number as written, true/false; nil for null.
    ///
    /// Producers disagree on whether fields like `security-severity` are strings or numbers.
    public mutating func readScalarText() throws(JSONSyntaxError) -> String? {
        switch try peekKind() {
        case .string: return try readString()
        case .number:
            let start = offset
            try scanNumber()
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        case .bool: return try readBool() ? "true" : "false"
        case .null:
            try skipValue()
            return nil
        case .object, .array:
            try skipValue()
            return nil
        }
    }

    // MARK: Memory

    /// Drops the pages of a mapped file the cursor has passed, every 8 MB, so that reading a big
    /// file does not keep all of it resident. A no-op without a `pageReleaser`.
    public mutating func releaseConsumedPages() {
        guard let pageReleaser, offset - releasedUpTo >= 8 << 20, let base = bytes.baseAddress else { return }
        pageReleaser(UnsafeRawPointer(base + releasedUpTo), UnsafeRawPointer(base + offset))
        releasedUpTo = offset
    }

    // MARK: Skipping

    /// Skips the next value of any kind, validating it completely without building anything.
    public mutating func skipValue() throws(JSONSyntaxError) {
        // Iterative, so that hostile nesting cannot overflow the stack: the state is the
        // stack of open containers (true = object), bounded by `maximumDepth`.
        var stack: [Bool] = []
        var expectingValue = true
        skippedKeys.reset()
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw error(expected: "a value") }
            if expectingValue {
                let byte = bytes[offset]
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = byte == UInt8(ascii: "{")
                    offset += 1
                    guard depth + stack.count < maximumDepth else {
                        offset -= 1
                        throw error(expected: "nesting no deeper than \(maximumDepth) levels")
                    }
                    stack.append(isObject)
                    if isObject { skippedKeys.open(depth: stack.count) }
                    skipWhitespace()
                    guard offset < bytes.count else { throw error(expected: isObject ? "'}' or a key" : "']' or a value") }
                    if bytes[offset] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        offset += 1
                        stack.removeLast()
                        expectingValue = false
                    } else if isObject {
                        try skipKeyAndColon(depth: stack.count)
                    }
                    if stack.isEmpty && !expectingValue { return }
                    continue
                case UInt8(ascii: "\""): try skipString()
                case UInt8(ascii: "t"):
                    guard matchLiteral("true") else { throw error(expected: "a value") }
                case UInt8(ascii: "f"):
                    guard matchLiteral("false") else { throw error(expected: "a value") }
                case UInt8(ascii: "n"):
                    guard matchLiteral("null") else { throw error(expected: "a value") }
                default: try scanNumber()
                }
                expectingValue = false
                if stack.isEmpty { return }
            } else {
                guard let isObject = stack.last else { return }
                let byte = bytes[offset]
                if byte == UInt8(ascii: ",") {
                    offset += 1
                    if isObject { try skipKeyAndColon(depth: stack.count) }
                    expectingValue = true
                } else if byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    offset += 1
                    if isObject { skippedKeys.close(depth: stack.count) }
                    stack.removeLast()
                    if stack.isEmpty { return }
                } else {
                    throw error(expected: isObject ? "',' or '}'" : "',' or ']'")
                }
            }
        }
    }

    // MARK: Internals

    @inline(__always)
    mutating func skipWhitespace() {
        let count = bytes.count
        while offset < count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ description: String) throws(JSONSyntaxError) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { throw error(expected: description) }
        offset += 1
    }

    mutating func descend() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= maximumDepth else {
            offset -= 1
            throw error(expected: "nesting no deeper than \(maximumDepth) levels")
        }
    }

    mutating func skipKeyAndColon(depth: Int) throws(JSONSyntaxError) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error(expected: "a string key") }
        let start = offset
        try skipString()
        let end = offset - 1
        var escaped = false
        for index in (start + 1)..<end where bytes[index] == UInt8(ascii: "\\") {
            escaped = true
            break
        }
        try Self.checkUnique(JSONKeyTracker.Key(start: start, end: end, escaped: escaped), in: &skippedKeys, depth: depth, bytes: bytes)
        try expect(UInt8(ascii: ":"), "':'")
    }

    mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard offset + length <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for i in 0..<length where bytes[offset + i] != pointer[i] { return false }
        offset += length
        return true
    }

    /// Skips a string, checking escapes, control characters and UTF-8 validity.
    mutating func skipString() throws(JSONSyntaxError) {
        let start = offset
        offset += 1
        let count = bytes.count
        var isASCII = true
        while offset < count {
            offset = plainRunEnd(from: offset)
            guard offset < count else { break }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                if !isASCII {
                    let raw = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(offset - 1)])
                    if String(validating: raw, as: UTF8.self) == nil {
                        offset = start + 1
                        throw error(expected: "a string of valid UTF-8")
                    }
                }
                return
            }
            if byte == UInt8(ascii: "\\") {
                offset += 1
                guard offset < count else { break }
                switch bytes[offset] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    offset += 1
                case UInt8(ascii: "u"):
                    offset += 1
                    _ = try readHex4()
                default:
                    throw error(expected: "a valid escape sequence")
                }
                continue
            }
            if byte < 0x20 { throw error(expected: "a control character to be escaped inside a string") }
            if byte >= 0x80 { isASCII = false }
            offset += 1
        }
        offset = count
        throw error(expected: "'\"' closing the string")
    }

    mutating func readEscapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(64)
        offset = start
        let count = bytes.count
        while offset < count {
            let runEnd = plainRunEnd(from: offset)
            if runEnd > offset {
                utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<runEnd]))
                offset = runEnd
                guard offset < count else { break }
            }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    offset = start
                    throw error(expected: "a string of valid UTF-8")
                }
                return text
            }
            if byte < 0x20 { throw error(expected: "a control character to be escaped inside a string") }
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                offset += 1
                continue
            }
            offset += 1
            guard offset < count else { break }
            let escape = bytes[offset]
            offset += 1
            switch escape {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(try readHex4())
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if offset + 1 < count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                        offset += 2
                        let low = UInt32(try readHex4())
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                utf8.append(contentsOf: String(character).utf8)
            default:
                offset -= 1
                throw error(expected: "a valid escape sequence")
            }
        }
        offset = count
        throw error(expected: "'\"' closing the string")
    }

    mutating func readHex4() throws(JSONSyntaxError) -> UInt16 {
        guard offset + 4 <= bytes.count else { throw error(expected: "four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(expected: "four hex digits")
            }
            value = value << 4 | UInt16(digit)
            offset += 1
        }
        return value
    }

    /// Advances over a number, checking JSON's grammar (no leading zeros, no bare '.').
    mutating func scanNumber() throws(JSONSyntaxError) {
        let count = bytes.count
        let start = offset
        if offset < count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < count, isDigit(bytes[offset]) else {
            offset = start
            throw error(expected: "a value")
        }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            while offset < count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < count, isDigit(bytes[offset]) else { throw error(expected: "a digit after '.'") }
            while offset < count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < count, isDigit(bytes[offset]) else { throw error(expected: "a digit in the exponent") }
            while offset < count, isDigit(bytes[offset]) { offset += 1 }
        }
    }

    /// The offset of the first byte at or after `index` that a string scan must look at: `"`,
    /// `\`, a control character or a byte of a multi-byte UTF-8 sequence; `bytes.count` when
    /// there is none.
    ///
    /// Most of a scanner's report is string content (descriptions, help texts), so strings are
    /// scanned eight bytes at a time: a word with none of those bytes is passed at once (the
    /// classic "has a zero byte" bit trick, applied to each kind of byte).
    @inline(__always)
    func plainRunEnd(from index: Int) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return count }
        var index = index
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // A byte is flagged when it is zero after the xor (a quote or a backslash), below
            // 0x20 (control), or has its high bit set (non-ASCII). The lowest flagged byte is
            // always a true one, which is all that is used.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word) | word
            let flagged = special & highs
            if flagged != 0 { return index + flagged.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return index }
            index += 1
        }
        return count
    }

    @inline(__always) func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// An error at the current offset, describing what was found there.
    public func error(expected: String) -> JSONSyntaxError {
        JSONSyntaxError(position: TextPosition(of: offset, in: bytes), expected: expected, found: describeFound())
    }

    func describeFound() -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let end = min(bytes.count, offset + 16)
        var excerpt = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        if let newline = excerpt.firstIndex(where: { $0 == "\n" || $0 == "\r" }) {
            excerpt = String(excerpt[..<newline])
        }
        return excerpt.isEmpty ? "a line break" : "'\(excerpt)'"
    }
}
