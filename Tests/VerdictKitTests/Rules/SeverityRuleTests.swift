import Foundation
import Testing
@testable import VerdictKit

/// Waive, then classify, then gate: the severity rule's buckets, limits, waivers and baseline.
@Suite struct SeverityRuleTests {
    static func finding(_ id: String, _ level: Severity, package: String? = nil, uri: String = "app/package-lock.json",
                        fixed: String? = "2.0", tool: String = "Trivy", fingerprint: String? = nil, suppression: String? = nil) -> Finding {
        Finding(ruleID: id, level: level, tool: tool, message: "\(id) in \(package ?? "code")",
                location: FindingLocation(uri: uri, line: 1), package: package, installedVersion: package == nil ? nil : "1.0",
                fixedVersion: package == nil ? nil : fixed, fingerprint: fingerprint, suppression: suppression)
    }

    static func evaluate(_ rule: SeverityRule, _ findings: [Finding], waivers: [Waiver] = [], baseline: [Finding]? = nil,
                         now: Date = Fixtures.now) -> RuleResult {
        let facts = Facts(findings: FindingSet(findings: findings), baselineFindings: baseline.map { FindingSet(findings: $0) })
        return rule.evaluate(facts, in: EvaluationContext(now: now, waivers: waivers, jqRunner: InProcessJQRunner()))
    }

    static func evidence(_ result: RuleResult) -> SeverityEvidence? {
        if case let .severity(evidence) = result.details { return evidence }
        return nil
    }

    let rule = SeverityRule(id: "vulns", block: [.critical, .high], warn: [.medium])

    @Test func blockingLevelFails() {
        let result = Self.evaluate(rule, [Self.finding("CVE-1", .high, package: "a"), Self.finding("CVE-2", .low, package: "b")])
        #expect(result.outcome == .fail)
        #expect(result.message == "blocking: 1 high")
        #expect(Self.evidence(result)?.ignored[.low] == 1)
    }

    @Test func warningLevelWarns() {
        let result = Self.evaluate(rule, [Self.finding("CVE-1", .medium, package: "a")])
        #expect(result.outcome == .warn)
        #expect(result.message == "warning: 1 medium")
    }

    @Test func nothingAtGatedLevelsPasses() {
        let result = Self.evaluate(rule, [Self.finding("CVE-1", .low, package: "a"), Self.finding("CVE-2", .unknown, package: "b")])
        #expect(result.outcome == .pass)
        #expect(result.message == "no findings at blocking or warning levels")
    }

    @Test func maxToleratesUpToTheLimitAndBlocksAboveIt() {
        let limited = SeverityRule(id: "vulns", block: [.critical, .high], warn: [.medium], max: [.high: 2])
        let two = (1...2).map { Self.finding("CVE-\($0)", .high, package: "p\($0)") }
        #expect(Self.evaluate(limited, two).outcome == .pass)
        #expect(Self.evaluate(limited, two).message == "within limits: 2 high (limit 2)")
        let three = (1...3).map { Self.finding("CVE-\($0)", .high, package: "p\($0)") }
        #expect(Self.evaluate(limited, three).outcome == .fail)
        #expect(Self.evaluate(limited, three).message == "blocking: 3 high (limit 2)")
    }

    @Test func toolsLimitsTheScope() {
        let trivyOnly = SeverityRule(id: "vulns", block: [.high], tools: ["trivy"])
        let result = Self.evaluate(trivyOnly, [
            Self.finding("CVE-1", .high, package: "a", tool: "Trivy (MegaLinter REPOSITORY_TRIVY)"),
            Self.finding("CKV_1", .high, tool: "Checkov"),
        ])
        #expect(Self.evidence(result)?.blocking.count == 1)
        #expect(Self.evidence(result)?.outOfScope == 1)
    }

    @Test func ignoreUnfixedSkipsVulnerabilitiesWithoutAFixOnly() {
        let skipping = SeverityRule(id: "vulns", block: [.high], ignoreUnfixed: true)
        let result = Self.evaluate(skipping, [
            Self.finding("CVE-1", .high, package: "a", fixed: nil),
            Self.finding("AVD-AWS-1", .high),
        ])
        #expect(Self.evidence(result)?.unfixed == 1)
        #expect(Self.evidence(result)?.blocking.map(\.finding.ruleID) == ["AVD-AWS-1"])
        #expect(result.outcome == .fail)
    }

    @Test func aWaiverTurnsABlockingFindingIntoAWaivedOne() {
        let waiver = Waiver(id: "CVE-1", reason: "not reachable", expires: CalendarDay("2027-01-31")!)
        let result = Self.evaluate(rule, [Self.finding("CVE-1", .critical, package: "a")], waivers: [waiver])
        #expect(result.outcome == .pass)
        #expect(result.message == "no findings at blocking or warning levels; 1 waived")
        #expect(Self.evidence(result)?.waived.first?.reason == "not reachable")
        #expect(Self.evidence(result)?.waivedCount(of: .critical) == 1)
    }

    @Test(arguments: [
        ("2026-11-21T12:00:00Z", true),   // well before
        ("2027-01-31T23:59:59Z", true),   // last second of the expiry day
        ("2027-02-01T00:00:00Z", false),  // the day after: expired
    ])
    func aWaiverAppliesThroughItsExpiryDay(now: String, applies: Bool) {
        let waiver = Waiver(id: "CVE-1", reason: "r", expires: CalendarDay("2027-01-31")!)
        let result = Self.evaluate(rule, [Self.finding("CVE-1", .high, package: "a")], waivers: [waiver], now: Timestamp.parse(now)!)
        #expect(result.outcome == (applies ? .pass : .fail))
        #expect(Self.evidence(result)?.waiversExpired.count == (applies ? 0 : 1))
    }

    @Test func waiverConditionsMustAllMatch() {
        let finding = Self.finding("CVE-1", .high, package: "openssl", uri: "usr/lib/libssl.so")
        let cases: [(Waiver, Bool)] = [
            (Waiver(id: "CVE-1", path: Glob("usr/lib/**"), reason: "r", expires: CalendarDay("2027-01-31")!), true),
            (Waiver(id: "CVE-1", path: Glob("usr/bin/**"), reason: "r", expires: CalendarDay("2027-01-31")!), false),
            (Waiver(id: "CVE-1", package: "openssl", reason: "r", expires: CalendarDay("2027-01-31")!), true),
            (Waiver(id: "CVE-1", package: "zlib", reason: "r", expires: CalendarDay("2027-01-31")!), false),
            (Waiver(id: "CVE-1", rule: "vulns", reason: "r", expires: CalendarDay("2027-01-31")!), true),
            (Waiver(id: "CVE-1", rule: "other", reason: "r", expires: CalendarDay("2027-01-31")!), false),
            (Waiver(id: "CVE-1", reason: "r", expires: CalendarDay("2027-01-31")!, maxLevel: .high), true),
            (Waiver(id: "CVE-1", reason: "r", expires: CalendarDay("2027-01-31")!, maxLevel: .medium), false),
            (Waiver(id: "CVE-2", reason: "r", expires: CalendarDay("2027-01-31")!), false),
        ]
        for (waiver, applies) in cases {
            let result = Self.evaluate(rule, [finding], waivers: [waiver])
            #expect(result.outcome == (applies ? .pass : .fail), "\(waiver.label)")
        }
    }

    @Test func producerSuppressionsCountAsWaived() {
        let result = Self.evaluate(rule, [Self.finding("CVE-1", .high, package: "a", suppression: "false positive")])
        #expect(result.outcome == .pass)
        #expect(Self.evidence(result)?.waived.first?.waiver == nil)
    }

    @Test func baselineSeparatesNewFindingsAndNewOnlyIgnoresOldOnes() {
        let old = Self.finding("CVE-1", .high, package: "a")
        var moved = old
        moved.location.line = 99 // lines move between commits; identity ignores them
        let new = Self.finding("CVE-2", .high, package: "b")
        let plain = Self.evaluate(rule, [moved, new], baseline: [old])
        #expect(Self.evidence(plain)?.blocking.map(\.isNew) == [false, true])
        #expect(plain.outcome == .fail)

        let newOnly = SeverityRule(id: "vulns", block: [.high], newOnly: true)
        #expect(Self.evaluate(newOnly, [moved], baseline: [old]).outcome == .pass)
        #expect(Self.evaluate(newOnly, [moved, new], baseline: [old]).message == "blocking: 1 high; 1 already on the baseline")
    }

    @Test func fingerprintsDecideWhenBothSidesHaveThem() {
        let before = Self.finding("CVE-1", .high, package: "a", fingerprint: "hash=1")
        var renamed = before
        renamed.location.uri = "moved/package-lock.json"
        let newOnly = SeverityRule(id: "vulns", block: [.high], newOnly: true)
        #expect(Self.evaluate(newOnly, [renamed], baseline: [before]).outcome == .pass)
        var changed = before
        changed.fingerprint = "hash=2"
        #expect(Self.evaluate(newOnly, [changed], baseline: [before]).outcome == .fail)
    }
}
