import Foundation

/// A run that could not judge (exit 2): the policy or an input could not be used, so there is
/// no decision, only the reasons.
///
/// The CI writers render this value too, so a dashboard that shows a red gate also shows why:
/// one error entry per diagnostic, naming the policy or the input and the reason.
public struct CouldNotJudge: Sendable, Equatable {
    /// What could not be used.
    public enum Subject: String, Sendable, Equatable {
        case policy, input
    }

    /// One reason: what could not be used, and the diagnostic that says where and why.
    public struct Reason: Sendable, Equatable {
        public var subject: Subject
        public var diagnostic: Diagnostic

        public init(subject: Subject, diagnostic: Diagnostic) {
            self.subject = subject
            self.diagnostic = diagnostic
        }

        /// `input 'trivy.sarif'` or `policy '.verdict.yaml'`.
        public var title: String { "\(subject.rawValue) '\(Diagnostic.bounded(diagnostic.path))'" }

        /// `path:line:col: message` on one line (the snippet left out).
        public var located: String {
            var text = Diagnostic.bounded(diagnostic.path)
            if let position = diagnostic.position { text += ":\(position.line):\(position.column)" }
            return text + ": " + diagnostic.message
        }

        /// `could not judge: input 'x.sarif': x.sarif:3:1: unexpected end of input`.
        public var sentence: String { "could not judge: \(title): \(located)" }
    }

    public var reasons: [Reason]
    /// The evaluation time the run was asked for (`--now`), for timestamps.
    public var evaluatedAt: Date
    public var tool: ToolIdentity

    /// Never anything but `error`: nothing that could not be judged passes.
    public var outcome: Outcome { .error }
    public var exitStatus: ExitStatus { .couldNotJudge }

    public init(reasons: [Reason], evaluatedAt: Date, tool: ToolIdentity = ToolIdentity()) {
        self.reasons = reasons
        self.evaluatedAt = evaluatedAt
        self.tool = tool
    }

    /// The reasons of a pipeline error; an error without diagnostics still gives one reason.
    public init(_ error: PipelineError, evaluatedAt: Date, tool: ToolIdentity = ToolIdentity()) {
        let subject: Subject
        switch error {
        case .policy: subject = .policy
        case .inputs: subject = .input
        }
        var reasons = error.diagnostics.map { Reason(subject: subject, diagnostic: $0) }
        if reasons.isEmpty {
            reasons = [Reason(subject: subject, diagnostic: Diagnostic(path: subject == .policy ? "policy" : "input", message: "could not be used"))]
        }
        self.init(reasons: reasons, evaluatedAt: evaluatedAt, tool: tool)
    }
}
