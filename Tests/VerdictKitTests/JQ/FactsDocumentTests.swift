import Foundation
import Testing
@testable import VerdictKit

@Suite struct FactsDocumentTests {
    static let repository = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()

    /// Loads inputs named relative to the repository, with the paths as written (the checkout's
    /// location must not leak into snapshots).
    static func facts(_ requests: [InputRequest]) throws -> Facts {
        var facts = try InputLoader.load(requests.map { request in
            var request = request
            request.path = repository.appendingPathComponent(request.path).path
            return request
        })
        facts.inputs = facts.inputs.map { input in
            var input = input
            input.path = String(input.path.dropFirst(repository.path.count + 1))
            return input
        }
        return facts
    }

    static let customJQ = try! String(contentsOf: repository.appendingPathComponent("policies/custom-jq.yaml"), encoding: .utf8)

    /// One input of every kind, judged under a policy with a risk rule and an unrestricted waiver.
    static func everyKind() throws -> (Facts, Policy) {
        var facts = try facts([
            InputRequest(path: "samples/semgrep-payments.sarif"),
            InputRequest(path: "samples/terraform-db-replacements.txt"),
            InputRequest(path: "samples/coverage-passes.info", coverage: CoverageReadOptions(paths: CoveragePathMapping(sourceRoot: "/home/runner/work/shop/shop"))),
            InputRequest(path: "samples/k6-stream-fails.ndjson", forcedKind: .k6),
            InputRequest(path: "samples/k6-summary-passes.json", forcedKind: .k6, role: .baseline),
        ])
        facts.context = [("commit", "4f1c2a9"), ("repository", "acme/shop")]
        let policy = try Fixtures.policy("""
            version: 1
            rules:
              - id: infra-risk
                kind: risk
                levels:
                  - level: high
                    when: { actions: [replace] }
            waivers:
              - id: python.lang.security.audit.formatted-sql-query.formatted-sql-query
                path: "services/payments/**"
                reason: "queries built from constants only"
                expires: 2027-01-31
            """)
        return (facts, policy)
    }

    @Test func documentMatchesItsSnapshot() throws {
        let (facts, policy) = try Self.everyKind()
        try Snapshot.assert(FactsDocument.value(of: facts, policy: policy, now: Fixtures.now).serialized(), named: "facts-every-kind.json")
    }

    @Test func partsWithoutInputAreNull() throws {
        let text = FactsDocument.value(of: Facts(), policy: nil, now: Fixtures.now).compact()
        #expect(text == #"{"schema":"verdict.facts/v1","findings":null,"coverage":null,"load":null,"plan":null,"inputs":[],"context":{}}"#)
    }

    /// The facts a query reads, checked through jq itself: waivers, levels, computed values.
    @Test(arguments: [
        // Suppressed by Semgrep (inSource), and matched by the policy's waiver.
        (#"[.findings[] | select(.waived) | .location.uri]"#, #"["services/payments/tests/test_gateway.py","services/payments/refunds/repository.py"]"#),
        (#"[.plan.changes[] | select(.level == "high")] | length"#, "4"),
        (#"[.plan.changes[] | .level] | unique"#, #"["high","low"]"#),
        // k6-stream-fails.ndjson: 116 http_req_duration samples; p(95) as k6's TrendSink interpolates it.
        (#".load.metrics.http_req_duration.values | [.count, .["p(95)"]]"#, "[116,57.16206925]"),
        (#".load.baseline.metrics.http_req_duration.values["p(99)"]"#, "15.107361"),
        // lcov --summary samples/coverage-passes.info: "lines......: 62.2% (498 of 800 lines)".
        (#".coverage.totals.lines | [.covered, .total]"#, "[498,800]"),
        (#".inputs | map(.role) | unique"#, #"["baseline","subject"]"#),
        (#".context.repository"#, #""acme/shop""#),
    ])
    func queriesReadTheFacts(_ query: String, _ expected: String) throws {
        let (facts, policy) = try Self.everyKind()
        let document = FactsDocument.value(of: facts, policy: policy, now: Fixtures.now).compact()
        let program = try JQProgram(compiling: "(\(query)) | tojson")
        var outputs: [String] = []
        try program.run(on: JV(parsing: document)) { value in
            outputs.append(value.string ?? "")
            return true
        }
        #expect(outputs == [expected])
    }

    /// The shipped custom-jq policy, evaluated in process: the decision record holds every
    /// violation, and replays identically.
    @Test func customPolicyRecordsViolations() throws {
        let facts = try Self.facts([
            InputRequest(path: "samples/semgrep-payments.sarif"),
            InputRequest(path: "samples/terraform-db-replacements.txt"),
            InputRequest(path: "Tests/Fixtures/k6-summary/handlesummary-p99-k6-reporter-fixture.json", forcedKind: .k6),
            InputRequest(path: "samples/k6-summary-passes.json", forcedKind: .k6, role: .baseline),
        ])
        let policy = try Fixtures.policy(Self.customJQ, path: "policies/custom-jq.yaml")
        let decision = Evaluator(policy: policy, now: Fixtures.now, jqRunner: InProcessJQRunner()).evaluate(facts)
        #expect(decision.results.map(\.outcome) == [.fail, .fail, .fail])
        #expect(decision.exitStatus == .fail)
        let record = DecisionRecord.render(decision)
        try Snapshot.assert(record, named: "custom-jq.record.json")
        try Snapshot.assert(MarkdownReport().render(decision), named: "custom-jq.md")
        let rules = DecisionRecord.value(of: decision)
        guard case let .object(members) = rules, case let .array(ruleValues)? = members.first(where: { $0.0 == "rules" })?.1,
              case let .object(payments) = ruleValues[1] else {
            Issue.record("no rules in the record")
            return
        }
        #expect(payments.map(\.0) == ["id", "kind", "outcome", "message", "query", "on_true", "facts_schema", "emitted", "violations", "error"])
    }
}
