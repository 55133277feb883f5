import Foundation

/// The complete answer of one evaluation: what every writer (summary, markdown, record) renders.
public struct Decision: Sendable {
    public var tool: ToolIdentity
    public var evaluatedAt: Date
    public var policy: Policy
    public var inputs: [InputDescriptor]
    /// The `--context` values, sorted by key.
    public var context: [(key: String, value: String)]
    public var options: EvaluationOptions
    public var results: [RuleResult]
    /// Expired, expiring and unused waivers, in policy order within each kind.
    public var waiverNotices: [WaiverNotice]
    /// Counts about the inputs that no rule owns (informational results, duplicates merged).
    public var inputSummary: InputSummary
    /// Inputs no rule reads (coverage given to a policy without a coverage rule): named in
    /// every output; with `options.strict` the decision could not be judged.
    public var unusedInputs: [InputDescriptor]
    public var outcome: Outcome
    public var exitStatus: ExitStatus
    /// The highest change level any risk rule gave; nil when no risk rule judged a plan.
    public var risk: RiskLevel?
    /// A risk rule asks for a person's approval before the apply.
    public var approvalRequired: Bool

    public init(
        tool: ToolIdentity, evaluatedAt: Date, policy: Policy, inputs: [InputDescriptor],
        context: [(key: String, value: String)] = [], options: EvaluationOptions,
        results: [RuleResult], waiverNotices: [WaiverNotice], unusedInputs: [InputDescriptor] = [], inputSummary: InputSummary
    ) {
        self.tool = tool
        self.evaluatedAt = evaluatedAt
        self.policy = policy
        self.inputs = inputs
        self.context = context
        self.options = options
        self.results = results
        self.waiverNotices = waiverNotices
        self.inputSummary = inputSummary
        self.unusedInputs = unusedInputs
        let judged = results.map(\.outcome).max() ?? .error
        self.outcome = options.strict && !unusedInputs.isEmpty ? .error : judged
        self.exitStatus = ExitStatus(outcome: outcome, failOn: options.failOn)
        let risks = results.compactMap { result -> RiskEvidence? in
            if case let .risk(evidence) = result.details { return evidence }
            return nil
        }
        self.risk = risks.map(\.risk).max()
        self.approvalRequired = risks.contains(where: \.approvalRequired)
    }
}

/// The producing program, as records name it.
public struct ToolIdentity: Sendable, Equatable {
    public var name: String
    public var version: String

    public init(name: String = "verdict", version: String = VerdictVersion.current) {
        self.name = name
        self.version = version
    }
}

/// Facts about the inputs as a whole.
public struct InputSummary: Sendable, Equatable {
    public var findings: Int
    public var informational: Int
    public var duplicates: Int

    public init(findings: Int = 0, informational: Int = 0, duplicates: Int = 0) {
        self.findings = findings
        self.informational = informational
        self.duplicates = duplicates
    }
}

/// This build's version.
public enum VerdictVersion {
    public static let current = "0.1.0"
}
