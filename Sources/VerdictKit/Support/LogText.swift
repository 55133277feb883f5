/// Text made inert for a CI log: what Verdict prints on standard output and standard error.
///
/// The GitHub Actions runner reads both streams and runs as a *workflow command* any line whose
/// first non-blank characters are `::` (`::add-mask::`, `::stop-commands::`, `::error::`), and
/// any `##[command]` anywhere in a line. A finding message, a k6 metric name, a file name or a
/// policy's rule message printed verbatim could therefore mask secrets, stop annotations, forge
/// an error on another file or end the log's command processing. Terminals interpret escape
/// sequences the same way. So every text bound for a log goes through `neutralised`:
///
/// - control characters other than line feed and tab (CR, ESC, NUL, DEL, C1 such as NEL, the
///   Unicode line and paragraph separators and bidirectional overrides) are written `\u{1B}`;
/// - a line whose first non-blank characters are `::` has its first colon written `\u{3A}`;
/// - every `##[` is written `#\u{23}[`.
///
/// The escapes are visible on purpose: a reader sees that the input carried something odd.
/// Inside JSON, `JSONValue` uses JSON's own escapes for the same characters, so the value
/// stays the same and this function finds nothing left to change: which is why a large JSON
/// document is printed without this pass (`JSONTextWriterTests` pins that it changes nothing).
public enum LogText {
    /// `text` safe to print on a CI log; see the type's description. The start of `text`
    /// counts as the start of a line.
    public static func neutralised(_ text: String) -> String {
        guard needsWork(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var atLineStart = true
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                output.append(scalar)
                atLineStart = true
            } else if isEscaped(scalar) {
                output.append(contentsOf: escape(scalar).unicodeScalars)
                atLineStart = false
            } else if atLineStart, scalar.properties.isWhitespace {
                output.append(scalar)
            } else if atLineStart, scalar == ":", index + 1 < scalars.count, scalars[index + 1] == ":" {
                output.append(contentsOf: escape(scalar).unicodeScalars)
                atLineStart = false
            } else if scalar == "#", index + 2 < scalars.count, scalars[index + 1] == "#", scalars[index + 2] == "[" {
                output.append(contentsOf: "#\\u{23}[".unicodeScalars)
                index += 3
                atLineStart = false
                continue
            } else {
                output.append(scalar)
                atLineStart = false
            }
            index += 1
        }
        return String(output)
    }

    /// `text` on one line: `neutralised`, with line feeds and tabs escaped as well. For a value
    /// placed inside a line Verdict frames (an annotation's message, a name in a summary).
    public static func singleLine(_ text: String) -> String {
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" {
                shown.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                shown.append(scalar)
            }
        }
        return neutralised(String(shown))
    }

    /// Whether a log viewer or terminal could give `scalar` a meaning: C0 and C1 controls
    /// except line feed and tab, DEL, line and paragraph separators, bidirectional controls.
    public static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// `\u{1B}`: how an escaped scalar is shown in text.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
    }

    /// A quick scan: most texts hold nothing to change and are returned as they are. Works on
    /// UTF-8 bytes (a 13 MB record is printed through here); the lead bytes of the escaped
    /// non-ASCII scalars (C1: C2, U+061C: D8, U+200E… U+2069: E2) send it to the scalar scan.
    static func needsWork(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x0A, 0x09: break
                case 0x00...0x1F, 0x7F: return true
                case 0xC2, 0xD8, 0xE2: return needsWorkByScalars(text)
                case UInt8(ascii: ":") where index > 0 && bytes[index - 1] == UInt8(ascii: ":"): return true
                case UInt8(ascii: "[") where index > 1 && bytes[index - 1] == UInt8(ascii: "#") && bytes[index - 2] == UInt8(ascii: "#"):
                    return true
                default: break
                }
                index += 1
            }
            return false
        }
    }

    static func needsWorkByScalars(_ text: String) -> Bool {
        var previous: (Unicode.Scalar?, Unicode.Scalar?) = (nil, nil)
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) { return true }
            if scalar == ":", previous.1 == ":" { return true }
            if scalar == "[", previous.1 == "#", previous.0 == "#" { return true }
            previous = (previous.1, scalar)
        }
        return false
    }
}
