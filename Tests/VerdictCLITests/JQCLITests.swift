import Foundation
import Testing

/// jq rules through the built binary: each query runs in a `verdict __jq-worker` child process.
@Suite struct JQCLITests {
    static let now = ["--now", "2026-11-21T12:00:00Z"]

    static func policy(_ query: String, extra: String = "") throws -> URL {
        let directory = try VerdictProcess.temporaryDirectory()
        let url = directory.appendingPathComponent("policy.yaml")
        let quoted = "'" + query.replacingOccurrences(of: "'", with: "''") + "'"
        try "version: 1\nrules:\n  - id: custom\n    kind: jq\n    query: \(quoted)\n\(extra)".write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    struct Runaway: CustomTestStringConvertible, Sendable {
        var query: String
        var timeout: String
        var message: String
        var testDescription: String { query }
    }

    /// Each is stopped and reported as an error (exit 2), well before a person would notice a hang.
    @Test(arguments: [
        Runaway(query: "def f: f; f", timeout: "300ms", message: "the query did not finish within its time budget of 300 ms (timeout)"),
        Runaway(query: "range(1e12)", timeout: "2s", message: "the query emitted more than 1000 values (output budget)"),
        Runaway(query: "range(1e12) | false", timeout: "2s", message: "the query emitted more than 1000 values (output budget)"),
        Runaway(query: "repeat(.)", timeout: "2s", message: "the query emitted more than 1048576 bytes (output budget)"),
        Runaway(query: "[range(1e9)] | length > 0", timeout: "1s", message: "the query did not finish within its time budget of 1 s (timeout)"),
        Runaway(query: "last(range(1e12))", timeout: "400ms", message: "the query did not finish within its time budget of 400 ms (timeout)"),
    ])
    func runawayQueriesAreStopped(_ runaway: Runaway) throws {
        let policy = try Self.policy(runaway.query, extra: "    timeout: \(runaway.timeout)\n")
        let start = Date()
        let result = try VerdictProcess.run(["check", "--policy", policy.path, "samples/trivy-passes.sarif"] + Self.now)
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(result.status == 2)
        #expect(result.stdout.contains("ERROR custom"))
        #expect(result.stdout.contains(runaway.message), "\(result.stdout)")
    }

    @Test func customPolicyFailsWithItsViolationsInTheRecord() throws {
        let result = try VerdictProcess.run([
            "check", "--policy", "policies/custom-jq.yaml", "samples/semgrep-payments.sarif", "samples/terraform-db-replacements.txt",
            "--k6", "Tests/Fixtures/k6-summary/handlesummary-p99-k6-reporter-fixture.json", "--baseline-k6", "samples/k6-summary-passes.json",
            "--record", "-",
        ] + Self.now)
        #expect(result.status == 1)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rules = try #require(record["rules"] as? [[String: Any]])
        #expect(rules.map { $0["outcome"] as? String } == ["fail", "fail", "fail"])
        let payments = try #require(rules[1]["violations"] as? [[String: Any]])
        #expect(payments.map { $0["message"] as? String } == [
            "python.requests.security.disabled-cert-validation.disabled-cert-validation in services/payments/gateway/client.py",
            "python.lang.security.audit.formatted-sql-query.formatted-sql-query in services/payments/refunds/repository.py",
        ])
        #expect(rules[1]["facts_schema"] as? String == "verdict.facts/v1")
    }

    @Test func missingPartsFollowOnMissing() throws {
        let result = try VerdictProcess.run(["check", "--policy", "policies/custom-jq.yaml", "samples/trivy-passes.sarif"] + Self.now)
        #expect(result.status == 2)
        #expect(result.stdout.contains("ERROR few-db-replacements   no Terraform plan input was given (on_missing: error)"), "\(result.stdout)")
        #expect(result.stdout.contains("PASS  no-payments-findings "))
    }

    @Test func lintReportsCompileErrorsAndRefusalsAtTheirPlace() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("bad.yaml")
        try """
            version: 1
            rules:
              - id: broken
                kind: jq
                query: |
                  .plan.changes
                  | map(select(.module == "module.db")
              - id: snoop
                kind: jq
                query: '[.findings[], env.HOME]'

            """.write(to: policy, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["policy", "lint", policy.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:7:7: error: query of rule 'broken' does not compile: syntax error, unexpected $end"), "\(result.stderr)")
        #expect(result.stderr.contains("bad.yaml:10:27: error: query of rule 'snoop': 'env' is not allowed in a policy query: it reads the environment"), "\(result.stderr)")
    }

    @Test func factsAreTheSameWhateverTheInputOrder() throws {
        let inputs = ["samples/semgrep-payments.sarif", "samples/terraform-db-replacements.txt", "samples/k6-summary-passes.json"]
        let first = try VerdictProcess.run(["facts", "--context", "repository=acme/shop"] + inputs + Self.now)
        let second = try VerdictProcess.run(["facts", "--context", "repository=acme/shop"] + inputs.reversed() + Self.now)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "verdict.facts/v1")
        #expect((document["context"] as? [String: String]) == ["repository": "acme/shop"])
        #expect(document["coverage"] is NSNull)
        let compact = try VerdictProcess.run(["facts", "--compact"] + inputs + Self.now)
        #expect(compact.stdout.split(separator: "\n").count == 1)
    }

    @Test func factsOfABadInputExitTwo() throws {
        let result = try VerdictProcess.run(["facts", "--sarif", "samples/terraform-low-risk.txt"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("samples/terraform-low-risk.txt"))
    }

    @Test func theWorkerRefusesAMalformedRequest() throws {
        let result = try VerdictProcess.run(["__jq-worker"], stdin: Data("not a request".utf8))
        #expect(result.status == 2)
        #expect(result.stdout == "F \"the jq worker received a malformed request\"\n")
    }
}

/// `verdict test DIR`: one line per case, `N passed, N failed`, exit 0/1/2.
@Suite struct PolicyTestCLITests {
    @Test func shippedPoliciesPassTheirTests() throws {
        let result = try VerdictProcess.run(["test", "policies/tests"])
        #expect(result.status == 0, "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("PASS ") })
        #expect(lines.last == "\(lines.count - 1) passed, 0 failed")
        // Every shipped policy has at least one case.
        let policies = try FileManager.default.contentsOfDirectory(atPath: VerdictProcess.repositoryRoot.appendingPathComponent("policies").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        for policy in policies {
            #expect(lines.contains { $0.hasPrefix("PASS \(policy)/") }, "no test case for policies/\(policy).yaml")
        }
    }

    /// A case names files in its own folder or repository only: copies of a shipped policy and scan.
    static var shared: [String: String] {
        get throws {
            [
                "default.yaml": try String(contentsOfFile: "\(root)/policies/default.yaml", encoding: .utf8),
                "trivy-fails.sarif": try String(contentsOfFile: "\(root)/samples/trivy-fails.sarif", encoding: .utf8),
            ]
        }
    }

    /// Writes `files` into a new repository (a folder with `.git`): cases under `cases/`, the
    /// shared policy and scan next to it; returns the `cases` folder.
    static func write(_ files: [String: String]) throws -> URL {
        let repository = try VerdictProcess.temporaryDirectory()
        try FileManager.default.createDirectory(at: repository.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let directory = repository.appendingPathComponent("cases")
        for (name, text) in files {
            let url = (["default.yaml", "production.yaml", "trivy-fails.sarif"].contains(name) ? repository : directory).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory
    }

    static let root = VerdictProcess.repositoryRoot.path

    @Test func aWrongExpectationFailsTheRun() throws {
        let directory = try Self.write(Self.shared.merging([
            "a-passes.yaml": "policy: ../default.yaml\ninputs: [../trivy-fails.sarif]\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: fail, rules: { vulnerabilities: fail } }\n",
            "b-wrong.yaml": "policy: ../default.yaml\ninputs: [../trivy-fails.sarif]\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: pass, rules: { vulnerabilities: pass, vulnerabilites: pass } }\n",
        ]) { $1 })
        let result = try VerdictProcess.run(["test", directory.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "PASS a-passes.yaml")
        #expect(lines[1].hasPrefix("FAIL b-wrong.yaml: rule 'vulnerabilities' expected pass, got fail ("))
        #expect(lines[1].contains("rule 'vulnerabilites' is not in the policy (did you mean 'vulnerabilities'?); outcome expected pass, got fail"))
        #expect(lines[2] == "1 passed, 1 failed")
    }

    @Test func anUnusableCaseExitsTwo() throws {
        let directory = try Self.write(Self.shared.merging([
            "ok.yaml": "policy: ../default.yaml\ninputs: [../trivy-fails.sarif]\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: fail }\n",
            "missing-input.yaml": "policy: ../default.yaml\ninputs: [nowhere.sarif]\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: fail }\n",
            "bad-case.yaml": "policy: x.yaml\nnow: yesterday\nexpect: { outcome: maybe }\n",
        ]) { $1 })
        let result = try VerdictProcess.run(["test", directory.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("ERROR bad-case.yaml: "))
        #expect(result.stdout.contains("bad-case.yaml:2:6: error: now must be an RFC 3339 time such as 2026-11-21T12:00:00Z, found 'yesterday'"))
        #expect(result.stdout.contains("unknown outcome 'maybe'; expected one of pass, warn, fail, error"))
        #expect(result.stdout.contains("ERROR missing-input.yaml: "))
        #expect(result.stdout.contains("PASS ok.yaml"))
        #expect(result.stdout.hasSuffix("1 passed, 2 failed\n"))
    }

    /// A case may come from a pull request: its `policy:` and `inputs:` stay in its folder or repository.
    @Test func aCaseCannotNameFilesOutsideItsRepository() throws {
        let directory = try Self.write(Self.shared.merging([
            "proc.yaml": "policy: ../default.yaml\ninputs: [/proc/self/environ]\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: fail }\n",
            "outside.yaml": "policy: ../../../etc/passwd\ninputs: [../trivy-fails.sarif]\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: fail }\n",
            "stdin.yaml": "policy: ../default.yaml\ninputs: ['-']\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: fail }\n",
            "link/case.yaml": "policy: ../../default.yaml\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: fail }\n",
        ]) { $1 })
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link/scan.sarif").path, withDestinationPath: "/etc/hostname")
        let result = try VerdictProcess.run(["test", directory.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("proc.yaml:2:10: error: input '/proc/self/environ' is in a system folder (/proc, /sys, /dev)"), "\(result.stdout)")
        #expect(result.stdout.contains("outside.yaml:1:9: error: policy '/etc/passwd' is outside the folder of the file naming it and outside its repository"))
        #expect(result.stdout.contains("stdin.yaml:2:10: error: a test case cannot read its input from standard input"))
        #expect(result.stdout.contains("link/case.yaml:1:1: error: input '\(directory.path)/link/scan.sarif' is outside the folder"))
        #expect(!result.stdout.contains("root:x:0"))
        #expect(result.stdout.hasSuffix("0 passed, 4 failed\n"))
    }

    @Test func aFolderCaseTakesItsFilesAsInputs() throws {
        let scan = try String(contentsOfFile: "\(Self.root)/samples/trivy-passes.sarif", encoding: .utf8)
        let directory = try Self.write([
            "production.yaml": try String(contentsOfFile: "\(Self.root)/policies/production.yaml", encoding: .utf8),
            "medium/case.yaml": "policy: ../../production.yaml\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: fail, rules: { vulnerabilities: fail } }\n",
            "medium/scan.sarif": scan,
        ])
        let result = try VerdictProcess.run(["test", directory.path])
        #expect(result.stdout == "PASS medium\n1 passed, 0 failed\n")
        #expect(result.status == 0)
        let single = try VerdictProcess.run(["test", directory.appendingPathComponent("medium").path])
        #expect(single.stdout == "PASS medium\n1 passed, 0 failed\n")
    }

    @Test func noCasesExitsTwo() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let result = try VerdictProcess.run(["test", directory.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no test cases in"))
        let missing = try VerdictProcess.run(["test", directory.appendingPathComponent("nope").path])
        #expect(missing.status == 2)
    }
}
