import Foundation

/// What a rule may know besides the facts: the clock and the policy's waivers.
///
/// Time comes from here only (`--now`), never from the system clock inside a rule, so that a
/// replay months later gives the same answer.
public struct EvaluationContext: Sendable {
    public var now: Date { didSet { index = Self.index(waivers, now: now) } }
    public var waivers: [Waiver] { didSet { index = Self.index(waivers, now: now) } }

    /// The waivers by the finding rule id they name, in policy order, each with whether it is
    /// active at `now`: a finding is matched against the few waivers for its id, not all of
    /// them (10,000 rules × 1,000 findings × 10,000 waivers was minutes; now well under a
    /// second), and expiry is computed once per waiver, not once per comparison.
    private var index: [String: [(waiver: Waiver, active: Bool)]]
    /// The facts document (compact JSON) jq rules query; built once per evaluation, only when
    /// the policy has a jq rule.
    public var factsDocument: String?
    /// How jq rules run their queries.
    public var jqRunner: any JQRunner

    public init(now: Date, waivers: [Waiver], factsDocument: String? = nil, jqRunner: any JQRunner) {
        self.now = now
        self.waivers = waivers
        self.factsDocument = factsDocument
        self.jqRunner = jqRunner
        self.index = Self.index(waivers, now: now)
    }

    private static func index(_ waivers: [Waiver], now: Date) -> [String: [(waiver: Waiver, active: Bool)]] {
        var index: [String: [(waiver: Waiver, active: Bool)]] = [:]
        for waiver in waivers { index[waiver.id, default: []].append((waiver, waiver.isActive(at: now))) }
        return index
    }

    /// The first waiver that covers `finding` under rule `ruleID` and still applies.
    func activeWaiver(for finding: Finding, ruleID: String) -> Waiver? {
        index[finding.ruleID]?.first { $0.active && $0.waiver.matches(finding, ruleID: ruleID) }?.waiver
    }

    /// The first expired waiver that would have covered `finding`.
    func expiredWaiver(for finding: Finding, ruleID: String) -> Waiver? {
        index[finding.ruleID]?.first { !$0.active && $0.waiver.matches(finding, ruleID: ruleID) }?.waiver
    }
}
