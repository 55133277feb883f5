import Foundation
import Testing
@testable import VerdictKit

/// `SARIFReport`: what decided the gate as SARIF results, worst first, with fingerprints that
/// survive a re-run, waived findings suppressed, and GitHub's limits kept.
@Suite struct SARIFReportTests {
    static let policy = """
        version: 1
        name: test
        rules: [{id: vulns, kind: severity, block: [critical, high], warn: [medium]}]
        waivers:
          - {id: CVE-3, package: zlib, reason: "not reachable: no gzip input", expires: 2027-01-31, owner: "@acme/web"}

        """

    static func finding(_ id: String, _ level: Severity, uri: String = "app/lock.json", line: Int? = 3, package: String) -> Finding {
        Finding(ruleID: id, level: level, tool: "Trivy", message: "\(id) in \(package)", location: FindingLocation(uri: uri, line: line), package: package)
    }

    static func decision(_ findings: [Finding], policy: String = SARIFReportTests.policy, inputs: [InputDescriptor]? = nil) throws -> Decision {
        let facts = Facts(findings: FindingSet(findings: findings), inputs: inputs ?? [
            InputDescriptor(kind: .sarif, role: .subject, path: "scan.sarif", size: 1234, sha256: String(repeating: "ab", count: 32)),
        ])
        return Evaluator(policy: try Fixtures.policy(policy), now: Fixtures.now).evaluate(facts)
    }

    static func run(_ text: String) throws -> [String: Any] {
        let log = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return runs[0]
    }

    static func results(_ run: [String: Any]) -> [[String: Any]] { run["results"] as? [[String: Any]] ?? [] }

    static let findings = [
        finding("CVE-2", .medium, package: "lodash"),
        finding("CVE-1", .critical, line: 7, package: "openssl"),
        finding("CVE-1", .critical, line: 9, package: "openssl"),
        finding("CVE-3", .high, package: "zlib"),
    ]

    @Test func findingsAreResultsWorstFirstAndWaivedOnesAreSuppressed() throws {
        let text = SARIFReport.render(try Self.decision(Self.findings))
        let run = try Self.run(text)
        let results = Self.results(run)
        #expect(results.map { $0["level"] as? String } == ["error", "error", "warning", "error"])
        #expect(results.map { ($0["message"] as? [String: Any])?["text"] as? String } == [
            "CVE-1 in openssl (no fix)", "CVE-1 in openssl (no fix)", "CVE-2 in lodash (no fix)", "CVE-3 in zlib (no fix)",
        ])
        #expect(results.allSatisfy { $0["ruleId"] as? String == "vulns" && $0["ruleIndex"] as? Int == 0 })
        let suppressions = results.map { $0["suppressions"] as? [[String: String]] }
        #expect(suppressions.prefix(3).allSatisfy { $0 == nil })
        #expect(suppressions[3] == [["kind": "external", "status": "accepted", "justification": "not reachable: no gzip input"]])
        let region = ((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
        #expect(region == ["startLine": 7])
        // The same finding on two lines: two alerts, not one.
        let fingerprints = results.compactMap { ($0["partialFingerprints"] as? [String: String])?["verdictIdentity/v1"] }
        #expect(Set(fingerprints).count == 4)
        #expect(fingerprints[0] == SHA256Digest.hex(of: ["vulns", "CVE-1", "app/lock.json", "7", "openssl"].joined(separator: "\u{1F}")))
        let properties = try #require(run["properties"] as? [String: Any])
        #expect(properties["outcome"] as? String == "fail")
        #expect(properties["truncated"] as? Bool == false)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "verdict")
        #expect(driver["version"] as? String == VerdictVersion.current)
        #expect((driver["rules"] as? [[String: Any]])?.map { $0["id"] as? String } == ["vulns"])
    }

    @Test func theTextAndFingerprintsAreTheSameOnEveryRunAndAnyInputOrder() throws {
        let first = SARIFReport.render(try Self.decision(Self.findings))
        let second = SARIFReport.render(try Self.decision(Self.findings.reversed()))
        #expect(first == second)
    }

    @Test func beyondTheResultLimitTheWorstAreKeptAndTheRunSaysSo() throws {
        let many = (0..<10).map { Self.finding("CVE-\($0 + 10)", $0 < 4 ? .medium : .high, package: "p\($0)") }
        let text = SARIFReport.render(try Self.decision(many), limits: SARIFReport.Limits(results: 3))
        let run = try Self.run(text)
        #expect(Self.results(run).map { $0["level"] as? String } == ["error", "error", "error"])
        let properties = try #require(run["properties"] as? [String: Any])
        #expect(properties["resultCount"] as? Int == 10)
        #expect(properties["resultsWritten"] as? Int == 3)
        #expect(properties["truncated"] as? Bool == true)
        let notification = ((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])?.first
        #expect((notification?["message"] as? [String: String])?["text"]?.hasPrefix("10 results; only the first 3, worst first, are written") == true)
    }

    @Test func aFileOverTheByteLimitKeepsHalvingTheResults() throws {
        let many = (0..<40).map { Self.finding("CVE-\($0 + 10)", .high, package: String(repeating: "x", count: 500) + "\($0)") }
        let decision = try Self.decision(many)
        let full = SARIFReport.render(decision)
        let limit = full.utf8.count / 3
        let text = SARIFReport.render(decision, limits: SARIFReport.Limits(bytes: limit))
        #expect(text.utf8.count <= limit)
        // 40 does not fit in a third, nor 20; 10 does.
        #expect(Self.results(try Self.run(text)).count == 10)
    }

    @Test func longMessagesAreCutAndPathsBecomeURIReferences() throws {
        let long = Finding(ruleID: "X", level: .critical, tool: "t", message: String(repeating: "a", count: 5_000),
                           location: FindingLocation(uri: "./src/a b#c%.js", line: 0))
        let run = try Self.run(SARIFReport.render(try Self.decision([long])))
        let result = try #require(Self.results(run).first)
        #expect(((result["message"] as? [String: Any])?["text"] as? String)?.count == 1_000)
        let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect((physical?["artifactLocation"] as? [String: String])?["uri"] == "src/a%20b%23c%25.js")
        #expect(physical?["region"] == nil)
        #expect(SARIFReport.uri("file:///work/a.js") == "file:///work/a.js")
    }

    /// A file under its per-file target is a result at that file; the rule's own line follows.
    /// (Percentages once read "47.50%% below 50.00%%" in every CI format.)
    @Test func aFileUnderItsCoverageTargetIsAResultAtTheFile() throws {
        let policy = "version: 1\nname: cov\nrules: [{id: coverage, kind: coverage, per_file: {line: 50}}]\n"
        var facts = Facts(inputs: [InputDescriptor(kind: .lcov, role: .subject, path: "lcov.info", size: 1, sha256: String(repeating: "ab", count: 32))])
        // src/a.ts: 1 of 3 lines covered (33.33%), under the 50% target.
        facts.coverage = CoverageReport(files: [
            CoverageFile(path: "src/a.ts", lines: [(1, true, true), (2, true, false), (3, true, false)]),
        ])
        let decision = Evaluator(policy: try Fixtures.policy(policy), now: Fixtures.now).evaluate(facts)
        let results = Self.results(try Self.run(SARIFReport.render(decision)))
        #expect(results.map { ($0["message"] as? [String: Any])?["text"] as? String }.first == "per_file: line 33.33% below 50.00%")
        let uris = results.map { (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]).flatMap { ($0["artifactLocation"] as? [String: String])?["uri"] } }
        #expect(uris == ["src/a.ts", "policy.yaml"])
    }

    /// A scanner's text stays data: one line of message, JSON-escaped, no workflow command.
    @Test func hostileFindingTextStaysOneEscapedLine() throws {
        let hostile = Finding(ruleID: "R\"1", level: .critical, tool: "t", message: "first\n::error file=x::forged\n##[error]forged",
                              location: FindingLocation(uri: "../../etc/passwd", line: 1))
        let text = SARIFReport.render(try Self.decision([hostile]))
        let result = try #require(Self.results(try Self.run(text)).first)
        #expect((result["message"] as? [String: String])?["text"] == "R\"1: first")
        #expect(!text.contains("::error") && !text.contains("##[error]"))
        let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect((physical?["artifactLocation"] as? [String: String])?["uri"] == "../../etc/passwd")
    }

    @Test func aRuleThatCouldNotJudgeIsAResultAtThePolicyFile() throws {
        let policy = "version: 1\nname: cov\nrules: [{id: coverage, kind: coverage, line: 80}]\n"
        let run = try Self.run(SARIFReport.render(try Self.decision([], policy: policy, inputs: [])))
        let results = Self.results(run)
        #expect(results.count == 1)
        #expect(results.first?["level"] as? String == "error")
        #expect(((results.first?["message"] as? [String: Any])?["text"] as? String)?.hasPrefix("coverage: error — ") == true)
        let physical = ((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((physical?["artifactLocation"] as? [String: String])?["uri"] == "policy.yaml")
        let invocation = (run["invocations"] as? [[String: Any]])?.first
        #expect(invocation?["executionSuccessful"] as? Bool == false)
    }
}
