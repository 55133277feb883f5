/// A JSON value whose objects keep their keys in the order they were built.
///
/// Records must be byte-identical for the same decision, so key order is decided by the code
/// that builds the value, never by a hash table.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.double(a), .double(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// `.string` or `.null`.
    public static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    /// `.int` or `.null`.
    public static func optional(_ number: Int?) -> JSONValue {
        number.map(JSONValue.int) ?? .null
    }

    /// Pretty-printed with two-space indentation and a final newline: stable, diffable bytes.
    public func serialized() -> String {
        var output = ""
        write(to: &output, indent: 0)
        output.append("\n")
        return output
    }

    /// On one line, for JSON Lines and compact embedding.
    public func compact() -> String {
        var output = ""
        write(to: &output, indent: nil)
        return output
    }

    private func write(to output: inout String, indent: Int?) {
        switch self {
        case .null: output.append("null")
        case let .bool(value): output.append(value ? "true" : "false")
        case let .int(value): output.append(String(value))
        case let .double(value): output.append(Self.format(value))
        case let .string(value): Self.writeString(value, to: &output)
        case let .array(items):
            guard !items.isEmpty else { return output.append("[]") }
            output.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(",") }
                newline(&output, indent.map { $0 + 1 })
                item.write(to: &output, indent: indent.map { $0 + 1 })
            }
            newline(&output, indent)
            output.append("]")
        case let .object(members):
            guard !members.isEmpty else { return output.append("{}") }
            output.append("{")
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(",") }
                newline(&output, indent.map { $0 + 1 })
                Self.writeString(key, to: &output)
                output.append(indent == nil ? ":" : ": ")
                value.write(to: &output, indent: indent.map { $0 + 1 })
            }
            newline(&output, indent)
            output.append("}")
        }
    }

    private func newline(_ output: inout String, _ indent: Int?) {
        guard let indent else { return }
        output.append("\n")
        output.append(String(repeating: "  ", count: indent))
    }

    /// Integers without a fraction, others in Swift's shortest round-tripping form.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// A JSON string. Besides what JSON requires, the characters `LogText` would escape in a
    /// CI log (C1 controls, line separators, bidirectional controls) and the second `#` of
    /// `##[` (a GitHub workflow command) use JSON's `\u` escapes: the value is unchanged, and
    /// the document can be printed on a CI log as it is.
    static func writeString(_ value: String, to output: inout String) {
        output.append("\"")
        if isPlain(value) {
            output.append(value)
            output.append("\"")
            return
        }
        let scalars = value.unicodeScalars
        var index = scalars.startIndex
        var previous: Unicode.Scalar?
        while index != scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case let c where c.value < 0x20 || LogText.isEscaped(c):
                writeEscaped(c, to: &output)
            case "#" where previous == "#" && index != scalars.endIndex && scalars[index] == "[":
                writeEscaped(scalar, to: &output)
            default: output.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        output.append("\"")
    }

    /// Printable ASCII without `"`, `\\` or `##[`: written as it is (the common case, fast).
    private static func isPlain(_ value: String) -> Bool {
        var copy = value
        return copy.withUTF8 { bytes in
            var hashes = 0
            for byte in bytes {
                guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { return false }
                if byte == UInt8(ascii: "[") && hashes >= 2 { return false }
                hashes = byte == UInt8(ascii: "#") ? hashes + 1 : 0
            }
            return true
        }
    }

    private static func writeEscaped(_ scalar: Unicode.Scalar, to output: inout String) {
        output.append("\\u")
        let hex = String(scalar.value, radix: 16)
        output.append(String(repeating: "0", count: 4 - hex.count) + hex)
    }
}
