/// Trimming blanks without Foundation: readers trim every `SF:` path, severity tag and
/// number attribute, and `trimmingCharacters(in: .whitespaces)` converts each to UTF-16 and
/// back, which showed at the top of their profiles.
///
/// A blank is exactly what Foundation's `CharacterSet.whitespaces` holds on this platform:
/// tab, Unicode's space separators (category Zs), and U+200B ZERO WIDTH SPACE (Core
/// Foundation's table predates its move out of Zs). `BlanksTests` compares the two over
/// every scalar.
public enum Blanks {
    @inline(__always)
    public static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || scalar == "\t" }
        return scalar.value == 0x200B || scalar.properties.generalCategory == .spaceSeparator
    }

    /// `text` without leading and trailing blanks.
    public static func trimming(_ text: Substring) -> String {
        var scalars = text.unicodeScalars
        while let first = scalars.first, isBlank(first) { scalars.removeFirst() }
        while let last = scalars.last, isBlank(last) { scalars.removeLast() }
        return String(scalars)
    }

    public static func trimming(_ text: String) -> String {
        trimming(Substring(text))
    }
}
