/// An invalid policy: every problem found, each at its file:line:column with the line shown.
///
/// The loader does not stop at the first problem: `verdict policy lint` lists them all, so an
/// author fixes a policy in one round instead of one error per run.
public struct PolicyError: DiagnosticError, Sendable, Equatable {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// A single problem without a position (an unreadable file, a missing `extends` target).
    public init(path: String, message: String) {
        self.diagnostics = [Diagnostic(path: path, message: message)]
    }

    /// The messages alone, without paths: convenient in tests.
    public var messages: [String] { diagnostics.map(\.message) }
}
