/// What one policy rule concluded, and why.
public struct RuleResult: Sendable {
    public var ruleID: String
    public var kind: String
    public var outcome: Outcome
    /// One line for a person: why this outcome ("2 critical, 1 high blocking").
    public var message: String
    /// The kind-specific evidence: counts and the items that decided the outcome.
    public var details: RuleDetails

    public init(ruleID: String, kind: String, outcome: Outcome, message: String, details: RuleDetails = .none) {
        self.ruleID = ruleID
        self.kind = kind
        self.outcome = outcome
        self.message = message
        self.details = details
    }
}

/// The evidence behind a rule's outcome, one case per rule kind.
///
/// Writers switch over it; a new rule kind adds a case and each writer learns to show it.
public enum RuleDetails: Sendable {
    /// No evidence: the rule did not run (its input was missing).
    case none
    case severity(SeverityEvidence)
    case risk(RiskEvidence)
    case drift(DriftEvidence)
    case load(LoadEvidence)
    case coverage(CoverageEvidence)
    case jq(JQEvidence)
}
