/// Lexical normalisation of file paths, so that one file has one name before any glob or diff
/// matching, however a tool spelled it.
///
/// Without it `build/../src/x.c` (out-of-source builds), `src\x.c`, `file:///repo/src/x.c` or
/// `src/%63ritical/x.c` would each escape `exclude`, `paths` and patch coverage. The file
/// system is never consulted: `..` is resolved as text (as `path.normpath` and
/// `filepath.Clean` do), so a symlinked directory is not followed.
public enum LexicalPath {
    /// The path with `file:` URLs unwrapped, `%XX` escapes decoded once, backslashes as
    /// slashes, and empty, `.` and `..` segments resolved.
    ///
    /// A leading `/` or a Windows drive (`C:`) is a root that `..` cannot climb above; a
    /// relative path keeps the leading `..` it cannot resolve (`../x`). Escapes that would
    /// decode to a control character or to invalid UTF-8 stay as written. A path that resolves
    /// to nothing is `.`; an empty one stays empty.
    public static func normalize(_ path: String) -> String {
        guard !path.isEmpty else { return path }
        var text = decodingPercentEscapes(unwrappingFileURL(path))
        if text.utf8.contains(UInt8(ascii: "\\")) { text = text.replacingOccurrences(of: "\\", with: "/") }
        let isAbsolute = text.hasPrefix("/")
        var segments: [Substring] = []
        var drive: Substring?
        for segment in text.split(separator: "/", omittingEmptySubsequences: true) {
            if !isAbsolute, drive == nil, segments.isEmpty, isDrive(segment) {
                drive = segment
                continue
            }
            switch segment {
            case ".":
                continue
            case "..":
                if let last = segments.last, last != ".." {
                    segments.removeLast()
                } else if !isAbsolute, drive == nil {
                    segments.append(segment)
                }
            default:
                segments.append(segment)
            }
        }
        let body = segments.joined(separator: "/")
        if let drive { return drive + "/" + body }
        if isAbsolute { return "/" + body }
        return body.isEmpty ? "." : body
    }

    /// `C:` as a first segment.
    static func isDrive(_ segment: Substring) -> Bool {
        guard segment.count == 2, let letter = segment.first, segment.last == ":" else { return false }
        return letter.isASCII && letter.isLetter
    }

    /// `file:///a/b` → `/a/b`; `file://localhost/a` → `/a`; `file:///C:/a` → `C:/a`;
    /// `file://host/share/a` → `//host/share/a`. Anything else unchanged.
    static func unwrappingFileURL(_ path: String) -> String {
        guard path.utf8.count > 5, path.prefix(5).lowercased() == "file:" else { return path }
        var rest = Substring(path.dropFirst(5))
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            if rest.prefix(10).lowercased() == "localhost/" { rest = rest.dropFirst(9) }
            if !rest.hasPrefix("/") { return "//" + rest }
        }
        guard rest.hasPrefix("/") else { return path }
        // `/C:/x`: a Windows drive behind the URL's own slash.
        let afterSlash = rest.dropFirst()
        if afterSlash.count >= 2, isDrive(afterSlash.prefix(2)), afterSlash.dropFirst(2).first.map({ $0 == "/" || $0 == "\\" }) ?? true {
            return String(afterSlash)
        }
        return String(rest)
    }

    /// `%XX` escapes decoded once; the path as written when an escape would give a control
    /// character or the result is not UTF-8.
    static func decodingPercentEscapes(_ path: String) -> String {
        guard path.utf8.contains(UInt8(ascii: "%")) else { return path }
        let bytes = Array(path.utf8)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                let byte = high << 4 | low
                if byte < 0x20 || byte == 0x7F { return path }
                decoded.append(byte)
                index += 3
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return String(validating: decoded, as: UTF8.self) ?? path
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
