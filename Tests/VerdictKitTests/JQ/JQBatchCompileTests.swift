import Foundation
import Testing
@testable import VerdictKit

/// The jq queries of a policy are compiled together when that cannot hide an error: a query
/// that does not compile on its own is refused with its own message, whatever its neighbours.
@Suite struct JQBatchCompileTests {
    struct Scan: CustomTestStringConvertible, Sendable {
        var query: String
        var selfContained: Bool
        var testDescription: String { query }
    }

    @Test(arguments: [
        Scan(query: #".findings[] | select(.level == "critical") | {msg: "\(.rule_id) (\(.package))"}"#, selfContained: true),
        Scan(query: "# a comment (with a bracket\n[.a, {b: 1}] | length", selfContained: true),
        Scan(query: #""a string with ) and ] inside""#, selfContained: true),
        Scan(query: #"1) elif true then ("taken over""#, selfContained: false),
        Scan(query: "(1", selfContained: false),
        Scan(query: "(1]", selfContained: false),
        Scan(query: "]", selfContained: false),
        Scan(query: #""unterminated"#, selfContained: false),
        Scan(query: #""\(.a"#, selfContained: false),
        Scan(query: ".a # jq 1.7 continues this comment \\", selfContained: false),
    ])
    func aQueryIsSelfContainedWhenItsBracketsAndStringsClose(_ scan: Scan) {
        #expect(JQSandbox.isSelfContained(scan.query) == scan.selfContained)
    }

    static func policy(_ queries: [String]) -> String {
        "version: 1\nrules:\n" + queries.enumerated().map { index, query in
            "  - id: q\(index)\n    kind: jq\n    query: '\(query.replacingOccurrences(of: "'", with: "''"))'\n"
        }.joined()
    }

    func problems(_ queries: [String]) -> [String] {
        do {
            _ = try PolicyLoader(now: Fixtures.now).load(text: Self.policy(queries), path: "policy.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.message)
        }
    }

    @Test func queriesThatCompileTogetherAndAloneAreAccepted() {
        #expect(problems([".findings | length > 0", #"def f: .a; [.plan.changes[] | f] # note ("#, #"{msg: "x", level: "warn"}"#]) == [])
    }

    @Test func aQueryThatBreaksOutOfItsParenthesesIsRefusedAlone() {
        // Together with a neighbour it would compile as `(1) elif … then ("x"\n)`; alone it does not.
        let problems = problems([".a", #"1) elif true then ("x""#, ".b"])
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix("query of rule 'q1' does not compile:") == true, "\(problems)")
    }

    @Test func eachQueryThatDoesNotCompileHasItsOwnMessage() {
        let problems = problems([".a |", ".ok", "undefined_function(1)"])
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("query of rule 'q0' does not compile:") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("query of rule 'q2' does not compile:") && $0.contains("undefined_function/1 is not defined") }, "\(problems)")
    }

    @Test func theBatchRunsEachQueryOnTheFactsAlone() throws {
        let batch = try #require(JQBatchProgram(prelude: JQSandbox.prelude(now: Fixtures.now), bodies: [".a", "def f: .b; f + 1", "$ENV"]))
        let input = JQInput(parsing: #"{"a": "A", "b": 1}"#)
        var values: [[JQEmission]] = []
        for index in 0..<3 {
            var emitted: [JQEmission] = []
            #expect(batch.run(index, on: input) { emission, _ in emitted.append(emission); return true } == .completed)
            values.append(emitted)
        }
        #expect(values == [[.message("A", level: nil)], [.invalid("2 is not true, false, null, a string or an object {msg, level}")], [.pass]])
    }

    @Test func queriesNamingTheBatchsVariablesAreNeverBatched() {
        #expect(JQBatchProgram(prelude: "", bodies: [".a", "$__verdict_facts"]) == nil)
    }
}
