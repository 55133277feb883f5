/// A 1-based line and column in a text, with the byte offset it was computed from.
///
/// Readers track only byte offsets while they run; lines and columns are counted when an
/// error needs them, so the fast path pays nothing for good error messages.
public struct TextPosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int = 0) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The position of `offset` in `bytes`, counting lines by LF and columns in characters.
    public init(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        var column = 1
        for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 { column += 1 }
        self.init(line: line, column: column, offset: offset)
    }

    public var description: String { "\(line):\(column)" }
}
