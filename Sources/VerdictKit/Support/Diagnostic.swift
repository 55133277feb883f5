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
        self.message = message
        self.snippet = snippet
    }

    public var description: String {
        var text = path
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
