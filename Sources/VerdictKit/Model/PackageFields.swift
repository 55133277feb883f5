/// The package a vulnerability finding is about, as scanners write it in free text.
///
/// Trivy writes no structured package field into SARIF; it puts
/// `Package: openssl\nInstalled Version: 1.1.1c-r0\n…\nFixed Version: 1.1.1d-r0` in the message
/// (and Trivy 0.48 wrote a literal backslash-n instead of the line break), and
/// `path: package@version` in the location's message. Docker Scout pads its labels
/// (`Package         : pkg:pypi/pillow@9.4.0`). Parsing works on UTF-8 bytes: it runs for
/// every result of 50 MB files.
struct PackageFields: Sendable, Equatable {
    var package: String
    var installedVersion: String?
    var fixedVersion: String?

    /// Reads `Package:` / `Installed Version:` / `Fixed Version:` lines (labels in any case,
    /// padding before the colon allowed); nil without a `Package:` line.
    static func fromMessage(_ text: String) -> PackageFields? {
        var package: String?
        var installed: String?
        var fixed: String?
        var copy = text
        copy.withUTF8 { bytes in
            forEachLine(of: bytes) { line in
                if package == nil, let value = value(of: line, label: "package") { package = value }
                else if installed == nil, let value = value(of: line, label: "installed version") { installed = value }
                else if fixed == nil, let value = value(of: line, label: "fixed version") { fixed = value }
            }
        }
        guard let package else { return nil }
        return PackageFields(package: package, installedVersion: installed, fixedVersion: fixed)
    }

    /// Reads Trivy's location message `path: package@version`; nil for any other shape.
    static func fromLocationMessage(_ text: String) -> PackageFields? {
        let bytes = Array(text.utf8)
        // The reference follows the last ": " and contains no space.
        var start: Int?
        var index = bytes.count - 1
        while index > 0 {
            if bytes[index] == UInt8(ascii: " ") {
                guard bytes[index - 1] == UInt8(ascii: ":") else { return nil }
                start = index + 1
                break
            }
            index -= 1
        }
        guard let start, let at = bytes[start...].lastIndex(of: UInt8(ascii: "@")), at > start, at < bytes.count - 1 else { return nil }
        return PackageFields(
            package: String(decoding: bytes[start..<at], as: UTF8.self),
            installedVersion: String(decoding: bytes[(at + 1)...], as: UTF8.self),
            fixedVersion: nil)
    }

    /// The lines of a text: split at CR, LF and the two characters backslash-n.
    static func lines(of text: String) -> [String] {
        var result: [String] = []
        var copy = text
        copy.withUTF8 { bytes in
            forEachLine(of: bytes) { result.append(String(decoding: $0, as: UTF8.self)) }
        }
        return result
    }

    static func forEachLine(of bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                body(UnsafeBufferPointer(rebasing: bytes[lineStart..<index]))
                index += 1
                lineStart = index
            } else if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "n") {
                body(UnsafeBufferPointer(rebasing: bytes[lineStart..<index]))
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        if lineStart < bytes.count { body(UnsafeBufferPointer(rebasing: bytes[lineStart..<bytes.count])) }
    }

    /// The value of `Label: value` when `line` starts with `label` (ASCII, any case), after
    /// optional `*` and spaces; padding is allowed before the colon. Nil for an empty value.
    static func value(of line: UnsafeBufferPointer<UInt8>, label: StaticString) -> String? {
        var index = 0
        while index < line.count, line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "*") { index += 1 }
        let labelLength = label.utf8CodeUnitCount
        guard line.count - index > labelLength else { return nil }
        let labelBytes = label.utf8Start
        for offset in 0..<labelLength where line[index + offset] | 0x20 != labelBytes[offset] | 0x20 {
            return nil
        }
        index += labelLength
        while index < line.count, line[index] == UInt8(ascii: " ") { index += 1 }
        guard index < line.count, line[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        var end = line.count
        while index < end, line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "\t") { index += 1 }
        while end > index, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard index < end else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: line[index..<end]), as: UTF8.self)
    }
}
