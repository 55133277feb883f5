import Foundation
import Testing
@testable import VerdictKit

@Suite struct JQRuleTests {
    static let facts = #"{"n": 4, "names": ["a", "b"], "empty": []}"#

    func evaluate(_ rule: JQRule, facts document: String = JQRuleTests.facts, runner: any JQRunner = InProcessJQRunner()) -> RuleResult {
        let context = EvaluationContext(now: Fixtures.now, waivers: [], factsDocument: document, jqRunner: runner)
        return rule.evaluate(Facts(), in: context)
    }

    struct Semantics: CustomTestStringConvertible, Sendable {
        var query: String
        var onTrue: JQViolationLevel = .fail
        var outcome: Outcome
        var message: String
        var violations: [JQViolation] = []
        var testDescription: String { query }
    }

    /// The issue's result semantics, one row per kind of value.
    static let semantics: [Semantics] = [
        Semantics(query: "empty", outcome: .pass, message: "no violations"),
        Semantics(query: "false", outcome: .pass, message: "no violations"),
        Semantics(query: "null", outcome: .pass, message: "no violations"),
        Semantics(query: ".n > 3", outcome: .fail, message: "n is above 3", violations: [JQViolation(message: "n is above 3", level: .fail)]),
        Semantics(query: ".n > 3", onTrue: .warn, outcome: .warn, message: "n is above 3", violations: [JQViolation(message: "n is above 3", level: .warn)]),
        Semantics(query: ".n > 5", outcome: .pass, message: "no violations"),
        Semantics(query: #".names[] | "name \(.)""#, outcome: .fail, message: "2 violations: name a; name b",
                  violations: [JQViolation(message: "name a", level: .fail), JQViolation(message: "name b", level: .fail)]),
        Semantics(query: #"{msg: "soft", level: "warn"}"#, outcome: .warn, message: "soft", violations: [JQViolation(message: "soft", level: .warn)]),
        Semantics(query: #"{msg: "hard", level: "fail"}"#, onTrue: .warn, outcome: .fail, message: "hard", violations: [JQViolation(message: "hard", level: .fail)]),
        Semantics(query: #"{msg: "default level"}"#, onTrue: .warn, outcome: .warn, message: "default level", violations: [JQViolation(message: "default level", level: .warn)]),
        Semantics(query: #"{msg: "w", level: "warn"}, "f""#, outcome: .fail, message: "2 violations: w; f",
                  violations: [JQViolation(message: "w", level: .warn), JQViolation(message: "f", level: .fail)]),
        Semantics(query: "false, null, empty", outcome: .pass, message: "no violations"),
        Semantics(query: ".n", outcome: .error,
                  message: "rule 'r': the query emitted a value that is not accepted: 4 is not true, false, null, a string or an object {msg, level}"),
        Semantics(query: ".names", outcome: .error,
                  message: #"rule 'r': the query emitted a value that is not accepted: ["a","b"] is not true, false, null, a string or an object {msg, level}"#),
        Semantics(query: #"{msg: 1}"#, outcome: .error,
                  message: #"rule 'r': the query emitted a value that is not accepted: {"msg":1} has no string 'msg'; a violation object is {"msg": "…", "level": "warn"|"fail"}"#),
        Semantics(query: #"{msg: "x", level: "high"}"#, outcome: .error,
                  message: #"rule 'r': the query emitted a value that is not accepted: {"msg":"x","level":"high"} has level "high"; expected "warn" or "fail""#),
        Semantics(query: #"{msg: "x", severity: "fail"}"#, outcome: .error,
                  message: #"rule 'r': the query emitted a value that is not accepted: {"msg":"x","severity":"fail"} has key 'severity'; a violation object has only 'msg' and 'level'"#),
        Semantics(query: #""ok", 7"#, outcome: .error,
                  message: "rule 'r': the query emitted a value that is not accepted: 7 is not true, false, null, a string or an object {msg, level}"),
        Semantics(query: ".empty[0].x | ascii_downcase", outcome: .error, message: "jq error: explode input must be a string"),
        Semantics(query: #"error("custom")"#, outcome: .error, message: "jq error: custom"),
        Semantics(query: #"error({code: 1})"#, outcome: .error, message: #"jq error: {"code":1}"#),
        // Issue 13: libjq 1.6 took error(null) for `empty`, so these passed.
        Semantics(query: "error(null)", outcome: .error, message: "jq error: error(null): the query raised an error without a message"),
        Semantics(query: "null | error", outcome: .error, message: "jq error: error(null): the query raised an error without a message"),
        Semantics(query: ".missing | error", outcome: .error, message: "jq error: error(null): the query raised an error without a message"),
        Semantics(query: "false, error(null), true", outcome: .error, message: "jq error: error(null): the query raised an error without a message"),
        Semantics(query: #"try error(null) catch "caught""#, outcome: .fail, message: "caught", violations: [JQViolation(message: "caught", level: .fail)]),
        Semantics(query: #""boom" | error"#, outcome: .error, message: "jq error: boom"),
    ]

    @Test(arguments: semantics)
    func resultSemantics(_ row: Semantics) {
        let rule = JQRule(id: "r", query: row.query, onTrue: row.onTrue, message: row.query.hasPrefix(".n >") ? "n is above 3" : nil)
        let result = evaluate(rule)
        #expect(result.outcome == row.outcome)
        #expect(result.message == row.message)
        guard case let .jq(evidence) = result.details else {
            Issue.record("expected jq evidence")
            return
        }
        #expect(evidence.violations == row.violations)
        #expect((evidence.error != nil) == (row.outcome == .error))
    }

    @Test func trueWithoutMessageSaysSo() {
        #expect(evaluate(JQRule(id: "r", query: "true")).message == "the query returned true")
    }

    @Test func outputBudgetStopsTheQuery() {
        let many = evaluate(JQRule(id: "r", query: "range(5000) | false"))
        #expect(many.outcome == .error)
        #expect(many.message == "the query emitted more than 1000 values (output budget)")
        let big = evaluate(JQRule(id: "r", query: #"[range(200000)] | map(tostring) | join(",")"#))
        #expect(big.message == "the query emitted more than 1048576 bytes (output budget)")
    }

    @Test func requiresDecidesWhetherTheInputIsThere() throws {
        let rule = JQRule(id: "r", query: ".findings | length > 0", requires: [.findings, .plan])
        #expect(!rule.hasInput(in: Facts()))
        #expect(!rule.hasInput(in: Facts(findings: FindingSet())))
        var facts = Facts(findings: FindingSet())
        facts.terraformPlans = [TerraformPlan(path: "plan.txt", format: .text)]
        #expect(rule.hasInput(in: facts))
        #expect(JQRule(id: "r", query: ".").hasInput(in: Facts()))
    }

    @Test func withoutAFactsDocumentTheRuleCannotJudge() {
        let context = EvaluationContext(now: Fixtures.now, waivers: [], jqRunner: InProcessJQRunner())
        let result = JQRule(id: "r", query: "true").evaluate(Facts(), in: context)
        #expect(result.outcome == .error)
    }

    // MARK: Loading

    static func policy(_ rule: String) -> String {
        "version: 1\nrules:\n  - id: custom\n    kind: jq\n" + rule
    }

    @Test func loadsEveryKey() throws {
        let policy = try Fixtures.policy(Self.policy("""
                query: '.n > 3'
                on_true: warn
                message: "too many"
                timeout: 500ms
                requires: [plan, findings]
                on_missing: pass

            """))
        let rule = try #require(policy.rules.first as? JQRule)
        #expect(rule.query == ".n > 3")
        #expect(rule.onTrue == .warn)
        #expect(rule.message == "too many")
        #expect(rule.timeout == 0.5)
        #expect(rule.requires == [.plan, .findings])
        #expect(rule.onMissing == .pass)
        let defaults = try #require(try Fixtures.policy(Self.policy("    query: 'true'\n")).rules.first as? JQRule)
        #expect(defaults.onTrue == .fail && defaults.timeout == 2 && defaults.requires.isEmpty && defaults.message == nil)
    }

    struct Problem: CustomTestStringConvertible, Sendable {
        var rule: String
        var problem: String
        var testDescription: String { problem }
    }

    /// Compile errors and sandbox refusals point at the query's place in the policy file.
    static let problems: [Problem] = [
        Problem(rule: "    query: '.foo bar'\n",
                problem: "5:13: query of rule 'custom' does not compile: syntax error, unexpected IDENT, expecting $end (jq, line 1 of the query)"),
        Problem(rule: "    query: |\n      .a\n      | nosuch(1)\n",
                problem: "7:7: query of rule 'custom' does not compile: nosuch/1 is not defined (jq, line 2 of the query)"),
        Problem(rule: "    query: '.a | env.HOME'\n",
                problem: "5:18: query of rule 'custom': 'env' is not allowed in a policy query: it reads the environment"),
        Problem(rule: "    query: .a | $ENV\n",
                problem: "5:17: query of rule 'custom': '$ENV' is not allowed in a policy query: it reads the environment"),
        Problem(rule: "    query: |\n      .a\n      | input\n",
                problem: "7:9: query of rule 'custom': 'input' is not allowed in a policy query: it reads standard input"),
        Problem(rule: "    query: 'import \"x\" as x; .'\n",
                problem: "5:13: query of rule 'custom': 'import' is not allowed in a policy query: it loads modules or data files"),
        Problem(rule: "    query: ''\n", problem: "5:12: query of rule 'custom' must not be empty"),
        Problem(rule: "    on_true: fail\n", problem: "3:5: rule 'custom' is missing required key 'query'"),
        Problem(rule: "    query: 'true'\n    on_true: error\n",
                problem: "6:14: unknown on_true 'error'; expected one of warn, fail"),
        Problem(rule: "    query: 'true'\n    timeout: 2\n",
                problem: "6:14: timeout must be a duration with its unit, above 0 and at most 60s (e.g. 500ms or 2s), found '2'"),
        Problem(rule: "    query: 'true'\n    timeout: 5m\n",
                problem: "6:14: timeout must be a duration with its unit, above 0 and at most 60s (e.g. 500ms or 2s), found '5m'"),
        Problem(rule: "    query: 'true'\n    requires: [findings, tests]\n",
                problem: "6:26: unknown part in requires 'tests'; expected one of findings, coverage, load, plan"),
        Problem(rule: "    query: 'true'\n    mesage: x\n", problem: "6:5: unknown key 'mesage' in rule 'custom'; did you mean 'message'?"),
    ]

    @Test(arguments: problems)
    func reportsProblemsWithPlaces(_ row: Problem) {
        #expect(Fixtures.policyProblems(Self.policy(row.rule)) == [row.problem])
    }
}
