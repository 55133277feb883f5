import Foundation
import Testing
@testable import VerdictKit

@Suite struct LoadRuleTests {
    static let issuePolicy = """
        version: 1
        rules:
          - id: load
            kind: load
            thresholds:
              http_req_duration: ["p(95)<500", "p(99)<1500"]
              "http_req_duration{scenario:api}": ["p(95)<300"]
              http_req_failed: ["rate<0.01"]
              checks: ["rate>0.99"]
            honor_k6_thresholds: true
            regression:
              http_req_duration:
                "p(95)": { ratio: 1.10, slack: 50 }
              http_req_failed:
                rate: { slack: 0.005 }
            on_missing: error
        """

    @Test func theIssuesPolicyLoads() throws {
        let policy = try Fixtures.policy(Self.issuePolicy)
        let rule = try #require(policy.rules.first as? LoadRule)
        #expect(rule.thresholds.map { "\($0.selector) \($0.expression.source)" } == [
            "http_req_duration p(95)<500", "http_req_duration p(99)<1500", "http_req_duration{scenario:api} p(95)<300",
            "http_req_failed rate<0.01", "checks rate>0.99",
        ])
        #expect(rule.regressions.map { "\($0.selector) \($0.aggregation) \($0.ratio ?? -1) \($0.slack ?? -1)" } == [
            "http_req_duration p(95) 1.1 50.0", "http_req_failed rate -1.0 0.005",
        ])
        #expect(rule.honorK6Thresholds)
        #expect(!rule.allowTruncated)
        #expect(LoadSelection.needed(by: policy)?.selectors.count == 4)
    }

    @Test func shippedPoliciesLoad() throws {
        let root = URL(fileURLWithPath: Fixtures.root.path).deletingLastPathComponent().deletingLastPathComponent()
        for name in ["load-latency-slo", "load-api-contract", "load-canary"] {
            let policy = try PolicyLoader(now: Fixtures.now).load(path: root.appendingPathComponent("policies/\(name).yaml").path)
            #expect(policy.rules.first is LoadRule, "\(name)")
        }
    }

    static func rule(_ body: String) -> String {
        "version: 1\nrules:\n  - id: load\n    kind: load\n" + body
    }

    @Test func anExpressionThatDoesNotParseIsAPolicyErrorAtItsColumn() {
        // Line 6; the quoted list item's `"` is at column 27, its text starts at 28; '=>' is the
        // expression's column 6, so the caret goes to 28 + 6 − 1 = 33.
        let problems = Fixtures.policyProblems(Self.rule("    thresholds:\n      http_req_duration: [\"p(95)=>500\"]\n"))
        #expect(problems == ["6:33: invalid threshold 'p(95)=>500' of 'http_req_duration': expected an operator (<, <=, >, >=, ==, ===, !=) after 'p(95)', found '=>' (column 6 of the expression)"])
    }

    @Test(arguments: [
        ("    thresholds:\n      \"http_req_duration{scenario}\": [\"p(95)<1\"]\n", "6:26: invalid metric 'http_req_duration{scenario}': expected 'tag:value' in the filters, found 'scenario'"),
        ("    thresholds:\n      http_req_duration: \"p(95)<1\"\n", "6:26: the thresholds of 'http_req_duration' must be a list, found 'p(95)<1'"),
        ("    thresholds: [\"p(95)<1\"]\n", "5:17: thresholds must be a mapping of metric names to lists of expressions, found a list"),
        ("    regression:\n      http_req_duration:\n        \"p(95)\": { ratio: 0 }\n", "7:27: ratio must be greater than 0, found 0.0"),
        ("    regression:\n      http_req_duration:\n        \"p(95)\": {}\n", "7:18: regression 'http_req_duration' p(95) needs 'ratio' or 'slack'"),
        ("    regression:\n      http_req_duration:\n        \"p95\": { slack: 1 }\n", "7:9: invalid aggregation 'p95' in regression of 'http_req_duration': expected '(' after 'p', as in p(95)"),
        ("    honor_k6_thresholds: yes\n", "5:26: honor_k6_thresholds must be true or false, found 'yes'"),
        ("    honor_k6_thresholds: false\n", "3:5: rule 'load' of kind load judges nothing: give 'thresholds', 'regression' or honor_k6_thresholds: true"),
        ("    treshold: {}\n", "5:5: unknown key 'treshold' in rule 'load'; did you mean 'thresholds'?"),
    ])
    func policyErrors(_ body: String, _ expected: String) {
        #expect(Fixtures.policyProblems(Self.rule(body)) == [expected])
    }

    // MARK: Evaluation

    static func facts(_ subject: String, baseline: String? = nil) throws -> Facts {
        var requests = [InputRequest(path: Fixtures.path(subject), forcedKind: .k6)]
        if let baseline { requests.append(InputRequest(path: Fixtures.path(baseline), forcedKind: .k6, role: .baseline)) }
        return try InputLoader.load(requests)
    }

    static func evaluate(_ body: String, _ facts: Facts) throws -> (RuleResult, LoadEvidence?) {
        let policy = try Fixtures.policy(rule(body))
        let result = Evaluator(policy: policy, now: Fixtures.now).evaluate(facts).results[0]
        if case let .load(evidence) = result.details { return (result, evidence) }
        return (result, nil)
    }

    @Test func k6sOwnFailedThresholdFailsTheRuleUnlessNotHonored() throws {
        // summary-export-threshold-failed-true: "p(95)<50": true (failed), p(95) = 269.06783674999986.
        let facts = try Self.facts("k6-summary/summary-export-threshold-failed-true.json")
        let (honored, evidence) = try Self.evaluate("    thresholds:\n      http_req_duration: [\"p(95)<500\"]\n", facts)
        #expect(honored.outcome == .fail)
        let k6 = try #require(evidence?.checks.first { $0.origin == .k6 })
        #expect(k6.value == 269.06783674999986)
        #expect(k6.outcome == .fail)
        let (ignored, _) = try Self.evaluate("    thresholds:\n      http_req_duration: [\"p(95)<500\"]\n    honor_k6_thresholds: false\n", facts)
        #expect(ignored.outcome == .pass)
    }

    @Test func aMetricWithNoSamplesFailsNeverPasses() throws {
        // The 2019 stream has no http_req_failed metric at all (PROVENANCE: 16 metrics, none of them it).
        let facts = try Self.facts("k6-ndjson/k6-2019-old-format-tainted-sub.ndjson")
        let (result, evidence) = try Self.evaluate("    thresholds:\n      http_req_failed: [\"rate<0.01\"]\n      grpc_req_duration: [\"p(95)>=0\"]\n", facts)
        #expect(result.outcome == .fail)
        #expect(evidence?.checks.map(\.outcome) == [.fail, .fail])
        #expect(evidence?.checks.allSatisfy { $0.value == nil } == true)
    }

    @Test func aSummaryMetricWithNoSamplesFailsNeverPasses() throws {
        // Issue 13: k6 writes a (sub-)metric that received nothing as a Rate with passes 0 and
        // fails 0 (rate 0) or a Trend with count 0 (all stats 0), and records its thresholds as
        // passed. Minimal files of our own in Fixtures/hostile.
        let rate = try Self.facts("hostile/k6-summary-export-rate-no-samples.json")
        let (rateResult, rateEvidence) = try Self.evaluate("    thresholds:\n      \"http_req_failed{status:>=500}\": [\"rate<0.01\"]\n", rate)
        #expect(rateResult.outcome == .fail)
        #expect(rateEvidence?.checks.map(\.origin) == [.policy, .k6])
        #expect(rateEvidence?.checks.map(\.outcome) == [.fail, .fail])
        #expect(rateEvidence?.checks.first?.reason == "'http_req_failed{status:>=500}' received no samples (passes 0, fails 0 in the summary); a threshold over no samples fails")
        #expect(rateResult.message.contains("received no samples"))
        // k6's own "passed" verdict over no samples fails too; a Rate with samples still passes.
        let (k6Own, k6Evidence) = try Self.evaluate("    thresholds:\n      http_req_failed: [\"rate<0.01\"]\n", rate)
        #expect(k6Evidence?.checks.map(\.origin) == [.policy, .k6])
        #expect(k6Evidence?.checks.map(\.outcome) == [.pass, .fail])
        #expect(k6Own.outcome == .fail)
        // A Rate whose counts are gone cannot be judged: its rate of 0 may be no sample.
        let countless = try InputLoader.read(
            InputFile(path: "s.json", raw: Data(#"{"metrics": {"checks": {"type": "rate", "contains": "default", "values": {"rate": 0, "fails": 0}}}, "state": {"testRunDurationMs": 1000}}"#.utf8)),
            as: InputRequest(path: "s.json", forcedKind: .k6), selection: nil)
        let (unknown, unknownEvidence) = try Self.evaluate("    thresholds:\n      checks: [\"rate<0.01\"]\n", Facts.assembling([countless]))
        #expect(unknown.outcome == .error)
        #expect(unknownEvidence?.checks.first?.reason?.hasPrefix("the summary holds no sample counts for rate 'checks'") == true)
        // A Counter whose count is 0 has a value (a sum), not an absence of samples.
        let trend = try Self.facts("hostile/k6-handlesummary-trend-count-0.json")
        let (counter, _) = try Self.evaluate("    thresholds:\n      http_reqs: [\"count<1\"]\n    honor_k6_thresholds: false\n", trend)
        #expect(counter.outcome == .pass)
        for aggregation in ["p(95)<300", "avg<300", "max<300", "count<1"] {
            let (result, evidence) = try Self.evaluate("    thresholds:\n      \"http_req_duration{scenario:api}\": [\"\(aggregation)\"]\n    honor_k6_thresholds: false\n", trend)
            #expect(result.outcome == .fail, "\(aggregation)")
            #expect(evidence?.checks.first?.reason == "'http_req_duration{scenario:api}' received no samples (count 0 in the summary); a threshold over no samples fails")
        }
    }

    @Test func anAggregationTheSummaryLacksCannotBeJudged() throws {
        let facts = try Self.facts("k6-summary/summary-export-basic.json")
        let (result, evidence) = try Self.evaluate("    thresholds:\n      http_req_duration: [\"p(99)<1500\"]\n", facts)
        #expect(result.outcome == .error)
        #expect(evidence?.checks.first?.reason?.contains("--summary-trend-stats") == true)
        #expect(ExitStatus(outcome: result.outcome) == .couldNotJudge)
    }

    @Test func aggregationsMustSuitTheMetricType() throws {
        let facts = try Self.facts("k6-ndjson/k6-joxtacy-146k.ndjson")
        let (result, evidence) = try Self.evaluate("    thresholds:\n      http_reqs: [\"p(95)<1\"]\n", facts)
        #expect(result.outcome == .error)
        #expect(evidence?.checks.first?.reason == "'p(95)' does not apply to counter metric 'http_reqs'; use count, rate")
    }

    @Test func regressionAgainstTheBaseline() throws {
        // p(95): 269.06783674999986 (subject) vs 1.15574 (baseline): allowed max(1.15574 × 1.1, 1.15574 + 50) = 51.15574.
        let body = "    honor_k6_thresholds: false\n    regression:\n      http_req_duration:\n        \"p(95)\": { ratio: 1.10, slack: 50 }\n"
        let worse = try Self.facts("k6-summary/summary-export-threshold-failed-true.json", baseline: "k6-summary/summary-export-threshold-passed-false.json")
        let (result, evidence) = try Self.evaluate(body, worse)
        #expect(result.outcome == .fail)
        let check = try #require(evidence?.checks.first)
        #expect(check.allowed == 51.15574)
        #expect(check.baseline == 1.15574)
        #expect(check.delta == 269.06783674999986 - 1.15574)
        let better = try Self.facts("k6-summary/summary-export-threshold-passed-false.json", baseline: "k6-summary/summary-export-threshold-failed-true.json")
        #expect(try Self.evaluate(body, better).0.outcome == .pass)
        // Without a baseline the regression warns: it cannot be judged, and must not pass silently.
        let alone = try Self.facts("k6-summary/summary-export-threshold-passed-false.json")
        #expect(try Self.evaluate(body, alone).0.outcome == .warn)
    }

    @Test func aTruncatedStreamIsAnErrorUnlessAllowed() throws {
        let text = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("k6-ndjson/k6-joxtacy-146k.ndjson")))
        let path = try TemporaryFiles.write(text.dropLast(30), name: "rule-killed.ndjson")
        let facts = try InputLoader.load([InputRequest(path: path)])
        let body = "    thresholds:\n      http_req_duration: [\"p(95)<1000\"]\n"
        let (strict, _) = try Self.evaluate(body, facts)
        #expect(strict.outcome == .error)
        #expect(strict.message.contains("rule-killed.ndjson:526: the last line ends before its JSON does"))
        let (lenient, _) = try Self.evaluate(body + "    allow_truncated: true\n", facts)
        #expect(lenient.outcome == .warn)
    }

    @Test func thresholdsDeclaredInAStreamAreRecomputed() throws {
        // k6-2025 declares throughput "rate>1000" on a Rate (0..1): it can never pass; cold_start_time "p(95)<10".
        let policy = try Fixtures.policy(Self.rule("    honor_k6_thresholds: true\n"))
        let facts = try InputLoader.load(
            [InputRequest(path: Fixtures.path("k6-ndjson/k6-2025-thresholds-submetrics-in-metric-lines.ndjson"))],
            selection: LoadSelection.needed(by: policy))
        let result = Evaluator(policy: policy, now: Fixtures.now).evaluate(facts).results[0]
        guard case let .load(evidence) = result.details else {
            Issue.record("no evidence")
            return
        }
        #expect(evidence.checks.map { "\($0.metric) \($0.threshold) \($0.outcome.rawValue)" } == [
            "http_req_duration p(99)<1000 pass", "http_req_failed rate<0.01 pass", "response_time p(95)<300 pass",
            "response_time p(99)<800 pass", "throughput rate>1000 fail", "cold_start_time p(95)<10 pass",
        ])
        #expect(result.outcome == .fail)
    }

    @Test func theMachineReadableSummaryFromK6sSchema() throws {
        // Synthetic fixture (no real file exists): see Fixtures/k6-machine-readable/README.md.
        let facts = try Self.facts("k6-machine-readable/machine-readable-1.0.0-synthetic.json")
        let metrics = try #require(facts.load?.first)
        #expect(metrics.source == .machineReadable)
        #expect(metrics.duration == 30.5)
        #expect(metrics.lookup(MetricSelector(name: "http_reqs"), .rate) == .value(610 / 30.5, LookupBasis(summaryKey: "count", duration: 30.5, type: .counter, contains: .default)))
        let body = """
                thresholds:
                  http_req_duration: ["p(95)<200", "med<50"]
                  "http_req_duration{expected_response:true}": ["p(95)<130"]
                  http_req_failed: ["rate<0.01"]
                  checks_succeeded: ["rate>0.99"]
                  vus: ["value==10"]

            """
        let (result, evidence) = try Self.evaluate(body, facts)
        #expect(evidence?.checks.map(\.outcome) == [.pass, .pass, .pass, .pass, .pass, .pass])
        #expect(result.outcome == .pass)
        let (p99, _) = try Self.evaluate("    thresholds:\n      http_req_duration: [\"p(99)<200\"]\n", facts)
        #expect(p99.outcome == .error)
    }

    @Test func severalSubjectRunsCannotBeJudgedTogether() throws {
        let facts = try InputLoader.load([
            InputRequest(path: Fixtures.path("k6-summary/summary-export-basic.json")),
            InputRequest(path: Fixtures.path("k6-summary/summary-export-26-metrics.json")),
        ])
        let (result, _) = try Self.evaluate("    thresholds:\n      http_req_duration: [\"p(95)<1\"]\n", facts)
        #expect(result.outcome == .error)
    }

    @Test func reportAndRecordShowEveryDecidingValue() throws {
        let policy = try Fixtures.policy(Self.issuePolicy)
        let facts = try Self.facts("k6-summary/handlesummary-p99-k6-reporter-fixture.json", baseline: "k6-summary/summary-export-basic.json")
        let decision = Evaluator(policy: policy, now: Fixtures.now).evaluate(facts)
        let markdown = MarkdownReport().render(decision)
        #expect(markdown.contains("| Metric | Aggregation | Value | Threshold | Outcome | From | Baseline | Δ |"))
        // p(99) = 39.577136380000084 ms (k6-reporter fixture), baseline p(99) not exported → —.
        #expect(markdown.contains("| http\\_req\\_duration | p\\(99\\) | 39.577 ms | p\\(99\\)&lt;1500 | ✅ pass | policy | — | — |"))
        let record = DecisionRecord.render(decision)
        #expect(record.contains("\"value\": 39.577136380000084"))
        #expect(record.contains("\"summary_key\": \"p(99)\""))
        // Byte-identical whatever the order of the inputs.
        let swapped = try InputLoader.load([
            InputRequest(path: Fixtures.path("k6-summary/summary-export-basic.json"), forcedKind: .k6, role: .baseline),
            InputRequest(path: Fixtures.path("k6-summary/handlesummary-p99-k6-reporter-fixture.json"), forcedKind: .k6),
        ])
        #expect(DecisionRecord.render(Evaluator(policy: policy, now: Fixtures.now).evaluate(swapped)) == record)
    }
}
