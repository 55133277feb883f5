import Foundation
import Testing
@testable import VerdictKit

/// The risk and drift rules: the issue's policy, level precedence, approval and failure, errors.
@Suite struct RiskRuleTests {
    /// The policy of the issue, as in policies/terraform.yaml.
    static let issuePolicy = """
        version: 1
        rules:
          - id: infra-risk
            kind: risk
            default: low
            levels:
              - level: high
                when: { actions: [delete, replace] }
              - level: high
                when: { actions: [create], types: [aws_vpc, aws_subnet] }
              - level: critical
                when: { types: ["aws_iam_*", "aws_kms_key"], actions: [delete, replace] }
              - level: medium
                when: { address: "module.network.**" }
              - level: high
                when: { count_over: 25 }
            approve_at: high
            fail_at: critical
            on_missing: error
          - id: drift
            kind: drift
            on_change: fail
        """

    static func change(_ address: String, _ action: PlanAction) -> PlanChange {
        let parts = TerraformAddress(address)
        return PlanChange(
            address: address, moduleAddress: parts?.moduleAddress, mode: parts?.mode ?? .managed,
            type: parts?.type ?? "", name: parts?.name ?? "", index: parts?.index, action: action)
    }

    static func decide(_ changes: [PlanChange], drift: [PlanChange] = [], policy: String = issuePolicy) throws -> Decision {
        var facts = Facts()
        facts.terraformPlans = [TerraformPlan(path: "plan.txt", format: .text, changes: changes, drift: drift)]
        return Evaluator(policy: try Fixtures.policy(policy), now: Fixtures.now).evaluate(facts)
    }

    static func riskEvidence(_ decision: Decision) -> RiskEvidence? {
        if case let .risk(evidence) = decision.results[0].details { return evidence }
        return nil
    }

    @Test func lowRiskPlanPassesWithoutApproval() throws {
        let decision = try Self.decide([Self.change("aws_instance.web", .update), Self.change("data.aws_ami.x", .read)])
        #expect(decision.results[0].outcome == .pass)
        #expect(decision.risk == .low)
        #expect(decision.approvalRequired == false)
        // The drift rule of the same policy fails on any change.
        #expect(GitHubOutputs.render(decision).hasPrefix("outcome=fail\nexit_code=1\nrisk=low\napproval_required=false\n"))
    }

    @Test func highRiskPlanPassesButNeedsApproval() throws {
        let decision = try Self.decide([Self.change("aws_instance.web", .deleteThenCreate), Self.change("module.network.aws_route.r", .update)])
        let evidence = try #require(Self.riskEvidence(decision))
        #expect(decision.results[0].outcome == .pass)
        #expect(decision.risk == .high)
        #expect(decision.approvalRequired)
        #expect(evidence.plans[0].changes.map(\.level) == [.high, .medium])
        #expect(evidence.plans[0].changes.map(\.why) == ["levels[0]: actions delete, replace", "levels[3]: address module.network.**"])
        #expect(decision.results[0].message == "risk high: 2 changes (1 high, 1 medium); approval required (approve_at high)")
    }

    @Test func criticalPlanFails() throws {
        let decision = try Self.decide([Self.change("aws_iam_role.admin", .delete), Self.change("aws_vpc.main", .create)])
        #expect(decision.results[0].outcome == .fail)
        #expect(decision.risk == .critical)
        #expect(decision.approvalRequired == false)
        #expect(Self.riskEvidence(decision)?.plans[0].changes.first?.why == "levels[2]: actions delete, replace; types aws_iam_*, aws_kms_key")
    }

    @Test func countOverAppliesToEveryChangeOfALargePlan() throws {
        let many = (0..<26).map { Self.change("aws_route53_record.r[\($0)]", .create) }
        #expect(try Self.decide(many).risk == .high)
        #expect(try Self.decide(Array(many.prefix(25))).risk == .low)
    }

    @Test(arguments: [
        ("module.network.aws_subnet.a", true),
        (#"module.network["eu"].aws_subnet.a[0]"#, true),
        ("module.network.module.inner.aws_route.r", true),
        ("module.networking.aws_subnet.a", false),
        ("aws_subnet.network", false),
    ])
    func addressGlobsCrossStepsAndIgnoreInstanceKeys(_ address: String, _ matches: Bool) {
        #expect(AddressPattern("module.network.**").matches(address) == matches)
    }

    @Test func addressPatternStarStaysInOneStep() {
        #expect(AddressPattern("aws_subnet.*").matches(#"aws_subnet.public["a.b"]"#))
        #expect(!AddressPattern("*").matches("aws_subnet.public"))
        #expect(AddressPattern(#"aws_subnet.public["a.b"]"#).matches(#"aws_subnet.public["a.b"]"#))
    }

    @Test func anEntryCanLowerTheDefault() throws {
        let policy = """
            version: 1
            rules:
              - id: risk
                kind: risk
                default: medium
                levels:
                  - level: none
                    when: { actions: [read] }
            """
        let decision = try Self.decide([Self.change("data.aws_ami.x", .read)], policy: policy)
        #expect(decision.risk == RiskLevel.none)
    }

    @Test func erroredPlanCannotBeJudged() throws {
        var facts = Facts()
        facts.terraformPlans = [TerraformPlan(path: "plan.txt", format: .text, errors: [PlanError(message: "Error: boom", line: 9)])]
        let decision = Evaluator(policy: try Fixtures.policy(Self.issuePolicy), now: Fixtures.now).evaluate(facts)
        #expect(decision.results.map(\.outcome) == [.error, .error])
        #expect(decision.exitStatus == .couldNotJudge)
        #expect(decision.results[0].message.contains("plan.txt:9: Error: boom"))
    }

    @Test func missingPlanFollowsOnMissing() throws {
        let decision = Evaluator(policy: try Fixtures.policy(Self.issuePolicy), now: Fixtures.now).evaluate(Facts())
        #expect(decision.results.map(\.outcome) == [.error, .error])
        #expect(decision.risk == nil)
    }

    @Test func driftRuleFailsOnAnyChangeOrDrift() throws {
        let clean = try Self.decide([Self.change("data.aws_ami.x", .read)])
        #expect(clean.results[1].outcome == .pass)
        let drifted = try Self.decide([], drift: [Self.change("aws_instance.web", .update)])
        #expect(drifted.results[1].outcome == .fail)
        #expect(drifted.results[1].message == "1 object changed outside of Terraform (on_change: fail)")
        let warnPolicy = "version: 1\nrules:\n  - id: drift\n    kind: drift\n    on_change: warn\n"
        #expect(try Self.decide([Self.change("aws_instance.web", .update)], policy: warnPolicy).results[0].outcome == .warn)
    }

    @Test(arguments: [
        ("      - level: high\n        when: { action: [delete] }\n", "unknown key 'action' in 'when' of levels[0] of rule 'r'; did you mean 'actions'?"),
        ("      - level: severe\n        when: { actions: [delete] }\n", "unknown level 'severe'; expected one of none, low, medium, high, critical"),
        ("      - level: high\n        when: { actions: [destroy] }\n", "unknown action 'destroy'; expected one of create, update, delete, replace, read, import, move, forget"),
        ("      - level: high\n        when: {}\n", "'when' of levels[0] of rule 'r' names no condition"),
        ("      - level: high\n", "levels[0] of rule 'r' is missing required key 'when'"),
    ])
    func invalidLevelsAreReportedWithTheirPlace(_ entry: String, _ expected: String) {
        let problems = Fixtures.policyProblems("version: 1\nrules:\n  - id: r\n    kind: risk\n    levels:\n" + entry)
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }

    @Test func approveAtAboveFailAtIsAPolicyError() {
        let problems = Fixtures.policyProblems("version: 1\nrules:\n  - id: r\n    kind: risk\n    approve_at: critical\n    fail_at: high\n")
        #expect(problems == ["5:17: approve_at 'critical' of rule 'r' is above fail_at 'high': changes would fail before they could need approval"])
    }

    @Test func theShippedPolicyLoads() throws {
        let url = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("policies/terraform.yaml")
        let policy = try PolicyLoader(now: Fixtures.now).load(path: url.path)
        #expect(policy.rules.map(\.id) == ["infra-risk"])
    }
}
