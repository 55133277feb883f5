import Foundation

/// Refuses text inputs that are not valid UTF-8, naming the line and column of the first bad byte.
///
/// Readers decode names, paths and messages from bytes; decoding invalid UTF-8 would swap the
/// bad bytes for U+FFFD, so a path or an id would silently stop matching a waiver or a glob.
/// JSON (RFC 8259) and lcov are UTF-8 by definition, and a Terraform plan's text is what
/// Terraform printed, in UTF-8. XML declares its own encoding and libxml2 checks it; a diff
/// may quote files in any encoding, so neither is checked here.
enum UTF8Check {
    static func applies(to kind: InputKind) -> Bool {
        switch kind {
        case .sarif, .terraformPlan, .k6, .lcov: true
        case .jacoco, .cobertura, .diff: false
        }
    }

    /// Throws `.malformed` at the first byte that is not valid UTF-8 in `file.text`.
    static func validate(_ file: InputFile, kind: InputKind) throws(InputError) {
        guard applies(to: kind) else { return }
        let text = file.text
        // A gzip k6 stream from standard input is binary; its decompressed lines are checked as they stream.
        if text.count >= 2, text[text.startIndex] == 0x1F, text[text.startIndex + 1] == 0x8B { return }
        // A binary planfile (ZIP) named as plan text: the plan reader refuses it by name.
        if kind == .terraformPlan, text.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return }
        let failure: TextPosition? = text.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let invalid: Int?
            switch file.utf8Validity {
            case .valid?: invalid = nil
            case let .invalid(offset)?: invalid = offset
            // Bytes in memory; a mapping always has its validity from the hash's pass.
            case nil: invalid = firstInvalidOffset(in: bytes)
            }
            guard let offset = invalid else { return nil }
            return position(of: offset, in: bytes)
        }
        if let failure {
            throw .malformed(path: file.path, position: failure, message: "invalid UTF-8: the byte at this position does not start or continue a UTF-8 character; expected UTF-8 text")
        }
    }

    /// The 1-based line and byte column of `offset`.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> TextPosition {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < offset {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return TextPosition(line: line, column: offset - lineStart + 1, offset: offset)
    }

    /// The offset of the first byte of the first invalid sequence, or nil when all of `bytes`
    /// is valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        switch scan(bytes) {
        case .valid: nil
        case let .invalid(offset): offset
        case let .incomplete(offset): offset
        }
    }

    enum ScanResult: Equatable {
        case valid
        /// A byte that can never be part of valid UTF-8 here.
        case invalid(at: Int)
        /// A sequence that starts well but is cut by the end of the buffer.
        case incomplete(from: Int)
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> ScanResult {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return .valid }
        var index = 0
        while index < count {
            // Eight ASCII bytes at a time: most of every input.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return .invalid(at: index)
            }
            for continuation in 1..<length {
                guard index + continuation < count else { return .incomplete(from: index) }
                let byte = base[index + continuation]
                let (low, high): (UInt8, UInt8) = continuation == 1 ? (lower, upper) : (0x80, 0xBF)
                guard byte >= low, byte <= high else { return .invalid(at: index) }
            }
            index += length
        }
        return .valid
    }
}

/// Checks UTF-8 across the chunks of a stream, carrying a character split between chunks.
struct UTF8StreamCheck {
    private var carried: [UInt8] = []
    /// Bytes checked so far, before the carried ones.
    private(set) var offset = 0

    /// The offset within `chunk` of the first invalid byte (negative when it lies in bytes
    /// carried from the previous chunk), or nil.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0
        if !carried.isEmpty {
            // Complete the carried character with at most three bytes of this chunk.
            let lead = carried[0]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            let joined = carried + Array(chunk.prefix(length - carried.count))
            let result = joined.withUnsafeBufferPointer { UTF8Check.scan($0) }
            switch result {
            case .valid:
                break
            case .incomplete where joined.count < length:
                // This chunk is too short to finish the character: keep carrying it.
                carried = joined
                return nil
            case .invalid, .incomplete:
                return -carried.count
            }
            start = length - carried.count
            offset += carried.count
            carried = []
        }
        let rest = UnsafeBufferPointer(rebasing: chunk[start...])
        switch UTF8Check.scan(rest) {
        case .valid:
            offset += chunk.count - start
            return nil
        case let .invalid(at):
            return start + at
        case let .incomplete(from):
            carried = Array(rest[from...])
            offset += from
            return nil
        }
    }

    /// Whether the stream ended inside a character.
    var endsInsideCharacter: Bool { !carried.isEmpty }
}

/// Whether bytes are valid UTF-8, and if not where the first invalid sequence starts.
enum UTF8Validity: Sendable, Equatable {
    case valid
    case invalid(at: Int)
}
