/// Why a request could not become a decision: the policy or an input could not be used.
/// Either way the gate cannot judge (exit 2).
public enum PipelineError: DiagnosticError, Sendable {
    /// The policy is invalid or unreadable.
    case policy(PolicyError)
    /// One or more inputs could not be read; every one is reported, not just the first.
    case inputs([Diagnostic])

    public var diagnostics: [Diagnostic] {
        switch self {
        case let .policy(error): error.diagnostics
        case let .inputs(diagnostics): diagnostics
        }
    }
}
