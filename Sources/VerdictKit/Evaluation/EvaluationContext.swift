import Foundation

/// What a rule may know besides the facts: the clock and the policy's waivers.
///
/// Time comes from here only (`--now`), never from the system clock inside a rule, so that a
/// replay months later gives the same answer.
public struct EvaluationContext: Sendable {
    public var now: Date
    public var waivers: [Waiver]
    /// The facts document (compact JSON) jq rules query; built once per evaluation, only when
    /// the policy has a jq rule.
    public var factsDocument: String?
    /// How jq rules run their queries.
    public var jqRunner: any JQRunner

    public init(now: Date, waivers: [Waiver], factsDocument: String? = nil, jqRunner: any JQRunner = ProcessJQRunner()) {
        self.now = now
        self.waivers = waivers
        self.factsDocument = factsDocument
        self.jqRunner = jqRunner
    }

    /// The first waiver that covers `finding` under rule `ruleID` and still applies.
    func activeWaiver(for finding: Finding, ruleID: String) -> Waiver? {
        waivers.first { $0.isActive(at: now) && $0.matches(finding, ruleID: ruleID) }
    }

    /// The first expired waiver that would have covered `finding`.
    func expiredWaiver(for finding: Finding, ruleID: String) -> Waiver? {
        waivers.first { !$0.isActive(at: now) && $0.matches(finding, ruleID: ruleID) }
    }
}
