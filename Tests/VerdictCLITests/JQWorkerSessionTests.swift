import Foundation
import Testing
import VerdictKit

/// All the jq queries of a check run in one `verdict __jq-worker`, started once and sent the
/// facts document once; a query that breaks its budget fails alone, and a new worker runs the
/// queries after it.
@Suite struct JQWorkerSessionTests {
    static let facts = #"{"schema":"verdict.facts/v1","findings":[{"rule_id":"CVE-1","severity":"high"}],"plan":null}"#

    /// A runner whose worker is the built binary started through `sh`, which first appends a
    /// line to `log`: the log's lines count the worker processes started.
    static func countingRunner(log: URL) -> ProcessJQRunner {
        let script = "echo started >> '\(log.path)'; exec '\(VerdictProcess.binary.path)' __jq-worker"
        return ProcessJQRunner(executable: "/bin/sh", arguments: ["-c", script])
    }

    static func starts(_ log: URL) throws -> Int {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").count
    }

    static func query(_ text: String, timeout: Double = 2) -> JQQuery {
        JQQuery(program: JQSandbox.program(text, now: Date(timeIntervalSince1970: 0)), budget: JQBudget(timeout: timeout))
    }

    @Test func everyQueryOfOneRunShareOneWorker() throws {
        let log = try VerdictProcess.temporaryDirectory().appendingPathComponent("starts.log")
        let results = Self.countingRunner(log: log).run([
            Self.query(".findings | length > 0"),
            Self.query(".findings[] | select(.severity == \"high\") | .rule_id"),
            Self.query(".plan != null"),
        ], facts: Self.facts)
        #expect(results == [.finished([.violated]), .finished([.message("CVE-1", level: nil)]), .finished([.pass])])
        #expect(try Self.starts(log) == 1)
    }

    @Test func aRunawayQueryFailsAloneAndANewWorkerRunsTheRest() throws {
        let log = try VerdictProcess.temporaryDirectory().appendingPathComponent("starts.log")
        let results = Self.countingRunner(log: log).run([
            Self.query(".findings | length"),
            Self.query("def f: f; f", timeout: 0.3),
            Self.query("\"after the loop\""),
            Self.query("range(1e12)"),
            Self.query("error(\"boom\")"),
            Self.query(".schema"),
        ], facts: Self.facts)
        #expect(results == [
            .finished([.invalid("1 is not true, false, null, a string or an object {msg, level}")]),
            .failed("the query did not finish within its time budget of 300 ms (timeout)"),
            .finished([.message("after the loop", level: nil)]),
            .failed("the query emitted more than 1000 values (output budget)"),
            .failed("jq error: boom"),
            .finished([.message("verdict.facts/v1", level: nil)]),
        ])
        // The first worker and one after the timeout: the worker stops a query at its output
        // budget itself, and a jq error is an answer, so neither needs a new worker.
        #expect(try Self.starts(log) == 2)
    }

    @Test func aWorkerThatCannotStartFailsEveryQuery() {
        let runner = ProcessJQRunner(executable: "/nonexistent/verdict")
        let results = runner.run([Self.query("true"), Self.query("false")], facts: Self.facts)
        #expect(results.count == 2)
        for result in results {
            guard case let .failed(message) = result else {
                Issue.record("expected a failure, got \(result)")
                continue
            }
            #expect(message.hasPrefix("cannot run the jq worker: posix_spawn /nonexistent/verdict"))
        }
    }

    @Test func aCheckKeepsTheOtherRulesResultsWhenOneQueryRunsAway() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("policy.yaml")
        try """
            version: 1
            rules:
              - id: before
                kind: jq
                query: '.findings | length > 100'
              - id: runaway
                kind: jq
                query: 'def f: f; f'
                timeout: 300ms
              - id: after
                kind: jq
                query: '.findings[] | select(.level == "critical") | .rule_id'
            """.write(to: policy, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", "--policy", policy.path, "samples/trivy-fails.sarif"] + JQCLITests.now)
        #expect(result.status == 2, "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("PASS  before") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("ERROR runaway") && $0.contains("within its time budget of 300 ms (timeout)") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("FAIL  after") && $0.contains("CVE-") }, "\(result.stdout)")
    }
}
