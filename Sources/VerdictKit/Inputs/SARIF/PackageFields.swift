/// The package a vulnerability finding is about, as scanners write it in free text.
///
/// Trivy writes no structured package field into SARIF; it puts
/// `Package: openssl\nInstalled Version: 1.1.1c-r0\n…\nFixed Version: 1.1.1d-r0` in the message
/// (and Trivy 0.48 wrote a literal backslash-n instead of the line break), and
/// `path: package@version` in the location's message.
struct PackageFields: Sendable, Equatable {
    var package: String
    var installedVersion: String?
    var fixedVersion: String?

    /// Reads `Package:` / `Installed Version:` / `Fixed Version:` lines; nil without a `Package:` line.
    static func fromMessage(_ text: String) -> PackageFields? {
        guard text.range(of: "package", options: .caseInsensitive) != nil else { return nil }
        var fields = PackageFields(package: "")
        for line in lines(of: text) {
            if let value = value(of: line, after: "Package:") {
                if fields.package.isEmpty { fields.package = value }
            } else if let value = value(of: line, after: "Installed Version:") {
                fields.installedVersion = fields.installedVersion ?? value
            } else if let value = value(of: line, after: "Fixed Version:") {
                fields.fixedVersion = fields.fixedVersion ?? value
            }
        }
        return fields.package.isEmpty ? nil : fields
    }

    /// Reads Trivy's location message `path: package@version`; nil for any other shape.
    static func fromLocationMessage(_ text: String) -> PackageFields? {
        guard let separator = text.range(of: ": ", options: .backwards) else { return nil }
        let reference = text[separator.upperBound...]
        guard !reference.contains(" "), let at = reference.lastIndex(of: "@"), at != reference.startIndex else { return nil }
        let version = reference[reference.index(after: at)...]
        guard !version.isEmpty else { return nil }
        return PackageFields(package: String(reference[..<at]), installedVersion: String(version), fixedVersion: nil)
    }

    static func lines(of text: String) -> [Substring] {
        text.split(whereSeparator: \.isNewline).flatMap { $0.split(separator: "\\n") }
    }

    /// The value of `Label: value`, with the label matched in any case and padding allowed
    /// before the colon (Docker Scout writes `Package         : pkg:pypi/pillow@9.4.0`).
    static func value(of line: Substring, after label: String) -> String? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "*" })
        let name = label.dropLast() // without its colon
        guard trimmed.count > name.count, trimmed.prefix(name.count).lowercased() == name.lowercased() else { return nil }
        let rest = trimmed.dropFirst(name.count).drop(while: { $0 == " " })
        guard rest.first == ":" else { return nil }
        let value = rest.dropFirst().trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }
}

extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
