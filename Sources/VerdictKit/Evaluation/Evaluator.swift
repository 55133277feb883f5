import Foundation

/// Applies a policy to facts: the pure heart of Verdict.
///
/// No I/O and no clock of its own: the same policy, facts and `now` always give the same
/// decision, which is what makes records replayable.
public struct Evaluator: Sendable {
    public var policy: Policy
    public var now: Date
    public var options: EvaluationOptions
    /// How jq rules run their queries: by default in a child process of this executable
    /// (`verdict __jq-worker`), which can be stopped; tests of well-behaved queries may run
    /// them in process.
    public var jqRunner: any JQRunner

    public init(policy: Policy, now: Date, options: EvaluationOptions = EvaluationOptions(), jqRunner: any JQRunner = ProcessJQRunner()) {
        self.policy = policy
        self.now = now
        self.options = options
        self.jqRunner = jqRunner
    }

    public func evaluate(_ facts: Facts) -> Decision {
        var context = EvaluationContext(now: now, waivers: policy.waivers, jqRunner: jqRunner)
        if policy.rules.contains(where: { $0 is JQRule }) {
            context.factsDocument = FactsDocument.value(of: facts, policy: policy, now: now).compact()
        }
        let jqResults = runJQRules(facts, in: context)
        let results = policy.rules.enumerated().map { index, rule in
            guard rule.hasInput(in: facts) else { return missingInput(rule, facts: facts) }
            if let jqRule = rule as? JQRule, let run = jqResults[index] { return jqRule.judge(run) }
            return rule.evaluate(facts, in: context)
        }
        let findings = facts.findings
        var options = options
        if policy.settings.unusedInputs == .error { options.strict = true }
        let unused = facts.inputs.filter { input in !policy.rules.contains { $0.reads(input) } }
        return Decision(
            tool: ToolIdentity(), evaluatedAt: now, policy: policy, inputs: facts.inputs, context: facts.context, options: options,
            results: results, waiverNotices: waiverNotices(results), unusedInputs: unused,
            inputSummary: InputSummary(
                findings: findings?.findings.count ?? 0,
                informational: findings?.informationalCount ?? 0,
                duplicates: findings?.duplicateCount ?? 0))
    }

    /// The query results of the jq rules that have their input, by the rule's index in the
    /// policy: all queries go to the runner at once, so one worker process, started once and
    /// sent the facts document once, runs them all (each query keeps its own budget).
    func runJQRules(_ facts: Facts, in context: EvaluationContext) -> [Int: JQRunResult] {
        guard let document = context.factsDocument else { return [:] }
        var indices: [Int] = []
        var queries: [JQQuery] = []
        for (index, rule) in policy.rules.enumerated() {
            guard let jqRule = rule as? JQRule, rule.hasInput(in: facts) else { continue }
            indices.append(index)
            queries.append(jqRule.query(now: now))
        }
        guard !queries.isEmpty else { return [:] }
        let runs = context.jqRunner.run(queries, facts: document)
        var results: [Int: JQRunResult] = [:]
        for (position, index) in indices.enumerated() {
            results[index] = position < runs.count ? runs[position] : .failed("the jq runner gave no result for this query")
        }
        return results
    }

    /// The result of a rule whose input kind was not given, as its `on_missing` says.
    func missingInput(_ rule: any PolicyRule, facts: Facts) -> RuleResult {
        let kind = type(of: rule)
        return RuleResult(
            ruleID: rule.id, kind: kind.kind, outcome: rule.onMissing.outcome,
            message: "no \(rule.missingInputDescription(in: facts)) input was given (on_missing: \(rule.onMissing.rawValue))")
    }

    /// Expired waivers, waivers expiring within 14 days, and waivers that matched nothing.
    func waiverNotices(_ results: [RuleResult]) -> [WaiverNotice] {
        var used: [Waiver: Int] = [:]
        var expiredMatches: [Waiver: Int] = [:]
        for result in results {
            guard case let .severity(evidence) = result.details else { continue }
            for use in evidence.waiversUsed { used[use.waiver, default: 0] += use.findingCount }
            for use in evidence.waiversExpired { expiredMatches[use.waiver, default: 0] += use.findingCount }
        }
        var expired: [WaiverNotice] = []
        var expiring: [WaiverNotice] = []
        var unused: [WaiverNotice] = []
        for waiver in policy.waivers {
            if !waiver.isActive(at: now) {
                expired.append(WaiverNotice(kind: .expired, waiver: waiver, findingCount: expiredMatches[waiver] ?? 0))
            } else if let count = used[waiver] {
                if waiver.expiresSoon(at: now) { expiring.append(WaiverNotice(kind: .expiring, waiver: waiver, findingCount: count)) }
            } else {
                if waiver.expiresSoon(at: now) { expiring.append(WaiverNotice(kind: .expiring, waiver: waiver, findingCount: 0)) }
                unused.append(WaiverNotice(kind: .unused, waiver: waiver, findingCount: 0))
            }
        }
        return expired + expiring + unused
    }
}
