import Foundation
import Testing
@testable import VerdictKit

@Suite struct EvaluatorTests {
    @Test(arguments: [
        (Outcome.pass, VerdictKit.ExitStatus.Threshold.fail, VerdictKit.ExitStatus.pass),
        (.warn, .fail, .pass),
        (.warn, .warn, .fail),
        (.fail, .fail, .fail),
        (.fail, .warn, .fail),
        (.error, .fail, .couldNotJudge),
        (.error, .warn, .couldNotJudge),
    ])
    func exitStatusIsAPureFunctionOfTheOutcome(outcome: Outcome, failOn: VerdictKit.ExitStatus.Threshold, status: VerdictKit.ExitStatus) {
        #expect(ExitStatus(outcome: outcome, failOn: failOn) == status)
    }

    @Test(arguments: [
        (MissingInputAction.error, Outcome.error),
        (.fail, .fail),
        (.warn, .warn),
        (.pass, .pass),
    ])
    func aRuleWithoutItsInputFollowsOnMissing(action: MissingInputAction, outcome: Outcome) throws {
        let policy = try Fixtures.policy("version: 1\nrules: [{id: v, kind: severity, block: [high], on_missing: \(action.rawValue)}]\n")
        let decision = Evaluator(policy: policy, now: Fixtures.now).evaluate(Facts())
        #expect(decision.results.first?.outcome == outcome)
        #expect(decision.results.first?.message == "no SARIF input was given (on_missing: \(action.rawValue))")
        #expect(decision.outcome == outcome)
    }

    @Test func theOverallOutcomeIsTheWorstRule() throws {
        let policy = try Fixtures.policy("""
            version: 1
            rules:
              - {id: a, kind: severity, block: [critical]}
              - {id: b, kind: severity, block: [high], warn: [medium]}
            """)
        let facts = Facts(findings: FindingSet(findings: [SeverityRuleTests.finding("CVE-1", .medium, package: "x")]))
        let decision = Evaluator(policy: policy, now: Fixtures.now).evaluate(facts)
        #expect(decision.results.map(\.outcome) == [.pass, .warn])
        #expect(decision.outcome == .warn)
        #expect(decision.exitStatus == .pass)
    }

    @Test func waiverNoticesListExpiredExpiringAndUnused() throws {
        let policy = try Fixtures.policy("""
            version: 1
            rules: [{id: v, kind: severity, block: [high]}]
            waivers:
              - {id: CVE-OLD, reason: r, expires: 2026-11-20}
              - {id: CVE-SOON, reason: r, expires: 2026-12-04}
              - {id: CVE-LATER, reason: r, expires: 2027-06-01}
              - {id: CVE-GONE, reason: r, expires: 2027-06-01}
            """)
        let facts = Facts(findings: FindingSet(findings: [
            SeverityRuleTests.finding("CVE-OLD", .high, package: "a"),
            SeverityRuleTests.finding("CVE-SOON", .high, package: "b"),
            SeverityRuleTests.finding("CVE-LATER", .high, package: "c"),
        ]))
        let decision = Evaluator(policy: policy, now: Fixtures.now).evaluate(facts)
        #expect(decision.waiverNotices.map { "\($0.kind.rawValue) \($0.waiver.id) \($0.findingCount)" } == [
            "expired CVE-OLD 1", "expiring CVE-SOON 1", "unused CVE-GONE 0",
        ])
        #expect(decision.outcome == .fail) // CVE-OLD counts again
    }

    @Test func expiringIsWithin14DaysInclusive() {
        let waiver = Waiver(id: "X", reason: "r", expires: CalendarDay("2026-12-04")!)
        // 2026-12-04 ends at 2026-12-05T00:00Z: exactly 14 days after 2026-11-21T00:00Z.
        #expect(waiver.expiresSoon(at: Timestamp.parse("2026-11-21T00:00:00Z")!))
        #expect(!waiver.expiresSoon(at: Timestamp.parse("2026-11-20T23:59:59Z")!))
    }
}
