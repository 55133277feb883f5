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
        var writer = JSONTextWriter(indented: true)
        writer.write(self)
        writer.append(UInt8(ascii: "\n"))
        return writer.text
    }

    /// On one line, for JSON Lines and compact embedding.
    public func compact() -> String {
        var writer = JSONTextWriter(indented: false)
        writer.write(self)
        return writer.text
    }

    /// `serialized()` (or `compact()` and a line feed) as UTF-8 bytes handed to `sink` about a
    /// megabyte at a time (between array elements and object members): a large document is
    /// printed without its text ever being whole in memory.
    ///
    /// The bytes need no `LogText.neutralised` pass before a CI log: the writer already escapes
    /// what it would, and no line of a document can start with `::` (every key and string is
    /// quoted); `JSONTextWriterTests` pins both.
    public func write(compact: Bool = false, to sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        var writer = JSONTextWriter(indented: !compact, sink: sink)
        writer.write(self)
        writer.append(UInt8(ascii: "\n"))
        writer.flush()
    }

    /// Integers without a fraction, others in Swift's shortest round-tripping form.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
