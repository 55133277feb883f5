import Foundation
import Testing
@testable import VerdictKit

/// Copies of one finding from several runs, tools or files, and `new_only` without fingerprints:
/// the outcome must not depend on which copy came first, nor on file names.
@Suite struct SeverityMergeTests {
    static let rule = SeverityRule(id: "vulns", block: [.critical, .high], warn: [.medium])

    static func finding(_ level: Severity, tool: String = "Trivy", suppression: String? = nil, line: Int = 3,
                        package: String? = "openssl", baselineState: Finding.BaselineState? = nil) -> Finding {
        Finding(ruleID: "CVE-2024-1", level: level, tool: tool, message: "CVE-2024-1 in openssl",
                location: FindingLocation(uri: "Dockerfile", line: line), package: package, installedVersion: "1.0",
                fixedVersion: "1.1", suppression: suppression, baselineState: baselineState)
    }

    /// Facts as `verdict check` assembles them from one finding set per file, in the given order.
    static func evaluate(_ rule: SeverityRule, files: [[Finding]], baseline: [[Finding]]? = nil) -> RuleResult {
        let sets = files.map { FindingSet.scan($0, informationalCount: 0) }
        let facts = Facts(findings: FindingSet.merging(sets), baselineFindings: baseline.map { FindingSet.merging($0.map { FindingSet.scan($0, informationalCount: 0) }) })
        return rule.evaluate(facts, in: EvaluationContext(now: Fixtures.now, waivers: [], jqRunner: InProcessJQRunner()))
    }

    static func evidence(_ result: RuleResult) -> SeverityEvidence? {
        if case let .severity(evidence) = result.details { return evidence }
        return nil
    }

    /// Both orders of the files give the same outcome and message.
    static func sameBothWays(_ rule: SeverityRule, _ files: [[Finding]]) -> RuleResult {
        let forward = evaluate(rule, files: files)
        let backward = evaluate(rule, files: files.reversed())
        #expect(forward.outcome == backward.outcome)
        #expect(forward.message == backward.message)
        return forward
    }

    @Test func aLowCopyFromOneScannerDoesNotHideACriticalFromAnother() {
        let result = Self.sameBothWays(Self.rule, [[Self.finding(.low, tool: "Grype")], [Self.finding(.critical, tool: "Trivy")]])
        #expect(result.outcome == .fail)
        #expect(result.message == "blocking: 1 critical")
        #expect(Self.evidence(result)?.blocking.map(\.finding.tool) == ["Trivy"])
    }

    @Test func aSuppressedCopyDoesNotHideAnUnsuppressedOne() {
        let result = Self.sameBothWays(Self.rule, [[Self.finding(.high, suppression: "accepted risk")], [Self.finding(.high)]])
        #expect(result.outcome == .fail)
        #expect(Self.evidence(result)?.waived.isEmpty == true)
    }

    @Test func theMergedCopyTakesTheWorstLevelEvenFromASuppressedCopy() {
        // One tool suppressed its CRITICAL copy, the other reports the finding as LOW: the finding
        // is not suppressed everywhere, and its worst known level is critical.
        let result = Self.sameBothWays(Self.rule, [[Self.finding(.critical, tool: "A", suppression: "ok")], [Self.finding(.low, tool: "B")]])
        #expect(result.outcome == .fail)
        #expect(result.message == "blocking: 1 critical")
    }

    @Test func copiesSuppressedEverywhereStayWaived() {
        let result = Self.sameBothWays(Self.rule, [[Self.finding(.high, suppression: "a")], [Self.finding(.critical, suppression: "b")]])
        #expect(result.outcome == .pass)
        #expect(Self.evidence(result)?.waived.map(\.finding.level) == [.critical])
    }

    @Test func theToolsScopeAppliesBeforeCopiesAreMerged() {
        let trivyOnly = SeverityRule(id: "trivy", block: [.critical, .high], tools: ["trivy"])
        // Grype's CRITICAL copy is outside this rule: Trivy's own LOW copy is what it judges.
        let low = Self.sameBothWays(trivyOnly, [[Self.finding(.critical, tool: "Grype")], [Self.finding(.low, tool: "Trivy")]])
        #expect(low.outcome == .pass)
        #expect(Self.evidence(low)?.ignored[.low] == 1)
        #expect(Self.evidence(low)?.outOfScope == 1)
        // And a suppressed Grype copy cannot waive Trivy's HIGH, nor an unsuppressed one un-waive it.
        let high = Self.sameBothWays(trivyOnly, [[Self.finding(.high, tool: "Trivy")], [Self.finding(.high, tool: "Grype", suppression: "ok")]])
        #expect(high.outcome == .fail)
        let waived = Self.sameBothWays(trivyOnly, [[Self.finding(.high, tool: "Trivy", suppression: "ok")], [Self.finding(.high, tool: "Grype")]])
        #expect(waived.outcome == .pass)
    }

    @Test func theSameInputsWithSwappedFileNamesGiveTheSameDecision() throws {
        let low = #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Grype"}}, "results": [{"ruleId": "CVE-1", "level": "note", "message": {"text": "Package: openssl\nInstalled Version: 1.0"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Dockerfile"}}}]}]}]}"#
        let critical = low.replacingOccurrences(of: "Grype", with: "Trivy").replacingOccurrences(of: #""level": "note""#, with: #""level": "error", "properties": {"security-severity": "9.8"}"#)
        let policy = try Fixtures.policy(DefaultPolicy.text)
        func decide(_ named: [(String, String)]) throws -> (VerdictKit.ExitStatus, [String]) {
            // Canonical input order is by path, so swapping names swaps the order the sets merge in.
            let loaded = try named.sorted { $0.0 < $1.0 }.map { name, text in
                try InputLoader.read(Fixtures.input(text: text, path: name), as: InputRequest(path: name), selection: LoadSelection.needed(by: policy))
            }
            let decision = Evaluator(policy: policy, now: Fixtures.now).evaluate(Facts.assembling(loaded))
            return (decision.exitStatus, decision.results.map(\.message))
        }
        let first = try decide([("a.sarif", low), ("b.sarif", critical)])
        let swapped = try decide([("a.sarif", critical), ("b.sarif", low)])
        #expect(first.0 == .fail)
        #expect(first.0 == swapped.0)
        #expect(first.1 == swapped.1)
    }

    @Test func identicalCopiesWithinOneScanAreKeptAsManyAsTheLargestScanHas() {
        let noPackage = [Self.finding(.high, package: nil), Self.finding(.high, package: nil)]
        let result = Self.sameBothWays(Self.rule, [noPackage, [Self.finding(.critical, package: nil)]])
        // Two findings survive (the largest scan has two); the worst copy of each rank is kept.
        #expect(result.message == "blocking: 1 critical, 1 high")
    }

    // MARK: new_only

    static let newOnly = SeverityRule(id: "vulns", block: [.critical, .high], newOnly: true)

    @Test func aBaselineCopyHidesOneCurrentCopyNotAll() {
        // No package and no fingerprint: the message stands in, the line is not compared.
        let one = Self.finding(.high, line: 10, package: nil)
        let result = Self.evaluate(Self.newOnly, files: [[one, Self.finding(.high, line: 20, package: nil)]], baseline: [[one]])
        #expect(result.outcome == .fail)
        #expect(result.message == "blocking: 1 high; 1 already on the baseline")
        let two = Self.evaluate(Self.newOnly, files: [[one, Self.finding(.high, line: 20, package: nil)]], baseline: [[one, Self.finding(.high, line: 30, package: nil)]])
        #expect(two.outcome == .pass)
    }

    @Test func aBaselineCopyHidesTheMildestCurrentCopy() {
        let result = Self.evaluate(
            Self.newOnly, files: [[Self.finding(.critical, line: 10, package: nil), Self.finding(.low, line: 20, package: nil)]],
            baseline: [[Self.finding(.critical, line: 10, package: nil)]])
        #expect(result.message == "blocking: 1 critical; 1 already on the baseline")
    }

    @Test func baselineStateDecidesWithoutABaselineScan() {
        let result = Self.evaluate(Self.newOnly, files: [[
            Self.finding(.high, line: 1, package: "a", baselineState: .unchanged),
            Self.finding(.high, line: 2, package: "b", baselineState: .updated),
            Self.finding(.critical, line: 3, package: "c", baselineState: .new),
        ]])
        #expect(result.outcome == .fail)
        #expect(result.message == "blocking: 1 critical; 2 already on the baseline")
        let existing = Self.evaluate(Self.newOnly, files: [[Self.finding(.high, baselineState: .unchanged)]])
        #expect(existing.outcome == .pass)
        #expect(Self.evidence(existing)?.notes.isEmpty == true)
    }

    @Test func whenBaselineAndBaselineStateDisagreeNewWins() {
        let current = Self.finding(.high, baselineState: .new)
        let result = Self.evaluate(Self.newOnly, files: [[current]], baseline: [[Self.finding(.high)]])
        #expect(result.outcome == .fail)
    }

    @Test func newOnlyWithNothingToTellNewFromOldSaysSo() {
        let result = Self.evaluate(Self.newOnly, files: [[Self.finding(.high)]])
        // Everything counts, which cannot make a false pass; the message says why.
        #expect(result.outcome == .fail)
        #expect(result.message == "blocking: 1 high; new_only cannot tell new findings from old: no --baseline-sarif was given and 1 finding carries no SARIF baselineState; it counts as new")
        let clean = Self.evaluate(Self.newOnly, files: [[Self.finding(.low)]])
        #expect(clean.outcome == .pass)
        #expect(clean.message.contains("new_only cannot tell new findings from old"))
    }

    // MARK: logs without runs

    @Test func aLogWithoutRunsIsAMissingInput() throws {
        var empty = FindingSet()
        empty.scansNotRun = ["'scan.sarif' has an empty 'runs' array"]
        let facts = Facts(findings: empty)
        let strict = Self.rule.evaluate(facts, in: EvaluationContext(now: Fixtures.now, waivers: [], jqRunner: InProcessJQRunner()))
        #expect(strict.outcome == .error)
        #expect(strict.message == "no scan to judge: 'scan.sarif' has an empty 'runs' array (on_missing: error); no findings at blocking or warning levels")
        let lenient = SeverityRule(id: "vulns", onMissing: .warn, block: [.high])
        #expect(lenient.evaluate(facts, in: EvaluationContext(now: Fixtures.now, waivers: [], jqRunner: InProcessJQRunner())).outcome == .warn)
        // Another file's blocking finding still fails, even with on_missing: pass.
        let other = FindingSet.scan([Self.finding(.high)], informationalCount: 0)
        let mixed = Facts(findings: FindingSet.merging([other, empty]))
        let passing = SeverityRule(id: "vulns", onMissing: .pass, block: [.high])
        #expect(passing.evaluate(mixed, in: EvaluationContext(now: Fixtures.now, waivers: [], jqRunner: InProcessJQRunner())).outcome == .fail)
    }
}
