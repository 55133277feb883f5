/// Writes a `JSONValue` as UTF-8 bytes: what `serialized()` and `compact()` return as text.
///
/// Bytes rather than `String` appends: a `verdict facts` document of a 50 MB scan is tens of
/// megabytes, and appending to a `String` piece by piece (with its grapheme bookkeeping) was
/// the top of that command's profile.
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []
    /// Two-space indentation and a line per member; false: everything on one line.
    let indented: Bool
    private var depth = 0
    /// Where full buffers go when the document is streamed (`JSONValue.write(compact:to:)`);
    /// nil: everything stays in `bytes`.
    private let sink: ((UnsafeBufferPointer<UInt8>) -> Void)?
    static let flushSize = 1 << 20

    init(indented: Bool, sink: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil) {
        self.indented = indented
        self.sink = sink
        bytes.reserveCapacity(sink == nil ? 4096 : Self.flushSize + 64 * 1024)
    }

    /// Hands what is buffered to the sink, if there is one.
    mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer(sink)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The bytes written, as text (they are valid UTF-8 by construction).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeASCII("null")
        case let .bool(value): writeASCII(value ? "true" : "false")
        case let .int(value): writeASCII(String(value))
        case let .double(value): writeASCII(JSONValue.format(value))
        case let .string(value): writeString(value)
        case let .array(items):
            guard !items.isEmpty else { return writeASCII("[]") }
            bytes.append(UInt8(ascii: "["))
            depth += 1
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline()
                write(item)
                if sink != nil, bytes.count >= Self.flushSize { flush() }
            }
            depth -= 1
            newline()
            bytes.append(UInt8(ascii: "]"))
        case let .object(members):
            guard !members.isEmpty else { return writeASCII("{}") }
            bytes.append(UInt8(ascii: "{"))
            depth += 1
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline()
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                if indented { bytes.append(UInt8(ascii: " ")) }
                write(value)
                if sink != nil, bytes.count >= Self.flushSize { flush() }
            }
            depth -= 1
            newline()
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline() {
        guard indented else { return }
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth {
            bytes.append(UInt8(ascii: " "))
            bytes.append(UInt8(ascii: " "))
        }
    }

    private mutating func writeASCII(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string. Besides what JSON requires, the characters `LogText` would escape in a
    /// CI log (C1 controls, line separators, bidirectional controls) and the second `#` of
    /// `##[` (a GitHub workflow command) use JSON's `\u` escapes: the value is unchanged, and
    /// the document can be printed on a CI log as it is.
    mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            if Self.isPlain(utf8) {
                bytes.append(contentsOf: utf8)
            } else {
                writeEscaped(utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The string's UTF-8 (valid: it comes from a `String`) with JSON's escapes and `LogText`'s,
    /// copying the runs between them as they are.
    private mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            var length = 1
            var escape: StaticString?
            var escapedScalar: UInt32?
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            case UInt8(ascii: "\t"): escape = "\\t"
            case 0x00..<0x20, 0x7F: escapedScalar = UInt32(byte)
            case UInt8(ascii: "#") where index > 0 && utf8[index - 1] == UInt8(ascii: "#")
                && index + 1 < utf8.count && utf8[index + 1] == UInt8(ascii: "["):
                escapedScalar = UInt32(byte)
            // The lead bytes of the only non-ASCII scalars LogText escapes (C1 controls: C2;
            // U+061C: D8; U+200E…U+2069: E2): decode and ask it.
            case 0xC2, 0xD8:
                let scalar = UInt32(byte & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                if LogText.isEscaped(Unicode.Scalar(scalar)!) { escapedScalar = scalar; length = 2 }
            case 0xE2:
                let scalar = UInt32(byte & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
                if let decoded = Unicode.Scalar(scalar), LogText.isEscaped(decoded) { escapedScalar = scalar; length = 3 }
            default: break
            }
            guard escape != nil || escapedScalar != nil else {
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            if let escape {
                bytes.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
            } else if let escapedScalar {
                writeHex4(escapedScalar)
            }
            index += length
            runStart = index
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }

    /// `\uXXXX` in lower-case hex. Every scalar escaped here (a control, or one of `LogText`'s)
    /// is in the Basic Multilingual Plane, so four digits always suffice.
    private mutating func writeHex4(_ unit: UInt32) {
        let digits: StaticString = "0123456789abcdef"
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(digits.utf8Start[Int((unit >> UInt32(shift)) & 0xF)])
        }
    }

    /// Printable ASCII without `"`, `\\` or `##[`: written as it is (the common case, fast).
    private static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var hashes = 0
        for byte in utf8 {
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { return false }
            if byte == UInt8(ascii: "[") && hashes >= 2 { return false }
            hashes = byte == UInt8(ascii: "#") ? hashes + 1 : 0
        }
        return true
    }
}
