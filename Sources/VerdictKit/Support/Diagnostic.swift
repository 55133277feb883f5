/// One message for a person, in the `path:line:col: error: message` shape compilers use,
/// which editors and CI log viewers turn into links.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var path: String
    public var position: TextPosition?
    public var severity: Severity
    public var message: String
    /// The offending source line and a caret under the column, when the text is at hand.
    public var snippet: String?

    public init(path: String, position: TextPosition? = nil, severity: Severity = .error, message: String, snippet: String? = nil) {
        self.path = path
        self.position = position
        self.severity = severity
        self.message = Self.bounded(message)
        self.snippet = snippet
    }

    /// The longest message kept whole, in characters: messages quote input text, and a
    /// hostile input can make that text a 200 MB line.
    public static let messageLimit = 1_000

    /// `message` made safe for a terminal or CI log, its middle replaced by "…" when longer
    /// than `messageLimit`: the start says what went wrong and the end often says what was
    /// expected.
    ///
    /// Control characters quoted from an input (a NUL, an ANSI escape that would recolour or
    /// rewrite the log, a line break that would start a forged diagnostic or a workflow
    /// command line) are shown as `\u{1B}`, `\u{A}`: a diagnostic is one line.
    static func bounded(_ raw: String) -> String {
        var message = raw
        if raw.unicodeScalars.contains(where: { Self.isHidden($0) }) {
            var shown = String.UnicodeScalarView()
            for scalar in raw.unicodeScalars {
                if Self.isHidden(scalar) {
                    shown.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
                } else {
                    shown.append(scalar)
                }
            }
            message = String(shown)
        }
        guard message.utf8.count > messageLimit, message.count > messageLimit else { return message }
        let head = message.prefix(messageLimit * 6 / 10)
        let tail = message.suffix(messageLimit * 3 / 10)
        return head + " … (\(message.count - head.count - tail.count) characters left out) … " + tail
    }

    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\t" || LogText.isEscaped(scalar)
    }

    public var description: String {
        // A file name can hold a line break too.
        var text = Self.bounded(path)
        if let position { text += ":\(position.line):\(position.column)" }
        text += ": \(severity.rawValue): \(message)"
        if let snippet { text += "\n" + snippet }
        return text
    }
}

/// An error that can explain itself as one or more diagnostics.
public protocol DiagnosticError: Error {
    var diagnostics: [Diagnostic] { get }
}

extension DiagnosticError {
    /// The diagnostics joined by line breaks, ready for standard error.
    public var renderedDiagnostics: String { diagnostics.map(\.description).joined(separator: "\n") }
}
