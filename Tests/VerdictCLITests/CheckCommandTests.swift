import Foundation
import Testing

/// End-to-end: the built binary on real files, checking stdout, stderr and the exit status.
@Suite struct CheckCommandTests {
    let now = "--now=2026-11-21T12:00:00Z"

    @Test func failingSampleExitsOneWithASummary() throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now])
        #expect(result.status == 1)
        #expect(result.stdout == """
            FAIL  vulnerabilities  blocking: 1 critical, 3 high; warning: 5 medium
            verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 12 findings

            """)
        #expect(result.stderr.isEmpty)
    }

    @Test func passingSampleExitsZeroAndWarningsCanFailTheGate() throws {
        let pass = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", now, "--quiet"])
        #expect(pass.status == 0)
        #expect(pass.stdout == "verdict: WARN (exit 0) — policy default, 1 rule, 1 input, 4 findings\n")
        let strict = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", now, "--quiet", "--fail-on", "warn"])
        #expect(strict.status == 1)
        #expect(strict.stdout == "verdict: WARN (exit 1) — policy default, 1 rule, 1 input, 4 findings (--fail-on warn)\n")
    }

    @Test func readsStandardInput() throws {
        let data = try Data(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"))
        let result = try VerdictProcess.run(["check", "-", now, "--quiet"], stdin: data)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("verdict: FAIL (exit 1)"))
    }

    @Test func writesMarkdownAndRecordFiles() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let markdown = directory.appendingPathComponent("report.md").path
        let record = directory.appendingPathComponent("decision.json").path
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--markdown", markdown, "--record", record])
        #expect(result.status == 1)
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).hasPrefix("<!-- verdict:report -->\n"))
        #expect(try String(contentsOfFile: record, encoding: .utf8).contains(#""schema": "verdict.decision/v1""#))
    }

    @Test func markdownToStandardOutputMovesTheSummaryToStandardError() throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--markdown", "-"])
        #expect(result.stdout.hasPrefix("<!-- verdict:report -->"))
        #expect(result.stderr.contains("verdict: FAIL (exit 1)"))
    }

    @Test func outputsAreIdenticalWhateverTheInputOrder() throws {
        let a = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", "samples/trivy-passes.sarif", now, "--record", "-"])
        let b = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", "samples/trivy-fails.sarif", now, "--record", "-"])
        #expect(a.stdout == b.stdout)
        #expect(a.stderr == b.stderr)
    }

    struct CouldNotJudge: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var stderr: String
        var testDescription: String { name }
    }

    static let couldNotJudge: [CouldNotJudge] = [
        CouldNotJudge(name: "no input for the rule", arguments: ["check"],
                      stderr: ""),
        CouldNotJudge(name: "missing file", arguments: ["check", "nope.sarif"],
                      stderr: "nope.sarif: error: cannot read input: no such file\n"),
        CouldNotJudge(name: "a directory", arguments: ["check", "samples"],
                      stderr: "samples: error: cannot read input: it is a directory\n"),
        CouldNotJudge(name: "not SARIF", arguments: ["check", "Package.swift"],
                      stderr: "Package.swift: error: cannot tell what kind of input this is (found '// swift-tools-version:6.1'); expected "),
        CouldNotJudge(name: "forced but not JSON", arguments: ["check", "--sarif", "Package.swift"],
                      stderr: "Package.swift:1:1: error: invalid JSON: expected a SARIF log (a JSON object), found '// swift-tools-v'\n"),
        CouldNotJudge(name: "bad --now", arguments: ["check", "samples/trivy-fails.sarif", "--now", "yesterday"],
                      stderr: "Error: invalid --now 'yesterday'; expected an RFC 3339 time such as 2026-11-21T12:00:00Z\n"),
        CouldNotJudge(name: "unknown option", arguments: ["check", "--bogus"],
                      stderr: "Error: Unknown option '--bogus'\n"),
        CouldNotJudge(name: "bad --fail-on", arguments: ["check", "--fail-on", "error"],
                      stderr: "Error: The value 'error' is invalid for '--fail-on <outcome>'. Please provide one of 'fail' and 'warn'.\n"),
        CouldNotJudge(name: "missing policy", arguments: ["check", "samples/trivy-fails.sarif", "--policy", "nope.yaml"],
                      stderr: "nope.yaml: error: cannot read policy: no such file\n"),
    ]

    @Test(arguments: couldNotJudge)
    func couldNotJudgeExitsTwo(_ testCase: CouldNotJudge) throws {
        let arguments = testCase.arguments.contains("--now") ? testCase.arguments : testCase.arguments + [now]
        let result = try VerdictProcess.run(arguments)
        #expect(result.status == 2)
        if !testCase.stderr.isEmpty { #expect(result.stderr.hasPrefix(testCase.stderr)) }
        #expect(!result.stdout.contains("PASS"))
    }

    @Test func anInvalidPolicyIsRejectedBeforeAnyInputIsRead() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("p.yaml")
        try "version: 1\nrules:\n  - id: v\n    kind: severity\n    blok: [high]\n".write(to: policy, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", "missing-input.sarif", "--policy", policy.path, now])
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.yaml:5:5: error: unknown key 'blok' in rule 'v'; did you mean 'block'?"))
        #expect(!result.stderr.contains("missing-input.sarif"))
    }

    @Test func aProjectPolicyFileIsPickedUp() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try "version: 1\nname: project\nrules: [{id: strict, kind: severity, block: [critical, high, medium, low]}]\n"
            .write(to: directory.appendingPathComponent(".verdict.yaml"), atomically: true, encoding: .utf8)
        let sample = VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-passes.sarif").path
        let result = try VerdictProcess.run(["check", sample, now, "--quiet"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.contains("policy project"))
    }
}

@Suite struct PolicyCommandTests {
    @Test func showDefaultPrintsTheShippedDefault() throws {
        let result = try VerdictProcess.run(["policy", "show-default"])
        let shipped = try String(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent("policies/default.yaml"), encoding: .utf8)
        #expect(result.status == 0)
        #expect(result.stdout == shipped)
    }

    @Test func lintAcceptsShippedPolicies() throws {
        let result = try VerdictProcess.run(["policy", "lint", "policies/production.yaml", "--now", "2026-11-21T12:00:00Z"])
        #expect(result.status == 0)
        #expect(result.stdout == "policies/production.yaml: ok — policy 'production', 1 rule, 0 waivers\n")
    }

    @Test func lintPrintsEveryProblemAndExitsTwo() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("bad.yaml")
        try "version: 1\nrules:\n  - {id: v, kind: severity, block: [hgh], ignore_unfixed: yes}\nwaivers:\n  - {id: CVE-1}\n"
            .write(to: policy, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["policy", "lint", policy.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:3:37: error: unknown level in block 'hgh'"))
        #expect(result.stderr.contains("bad.yaml:3:59: error: ignore_unfixed must be true or false, found 'yes'"))
        #expect(result.stderr.contains("bad.yaml:5:5: error: a waiver is missing required key 'reason'"))
        #expect(result.stderr.contains("bad.yaml: 4 problems"))
    }
}

@Suite struct DocumentationTests {
    /// The README documents every option of every command: users read it, not the source.
    @Test(arguments: [["check"], ["policy", "lint"], ["policy", "from-flags"], ["replay"], ["verify"], ["keygen"], ["log"], ["facts"], ["comment"]])
    func readmeMentionsEveryOption(_ command: [String]) throws {
        let help = try VerdictProcess.run(command + ["--help"]).stdout
        let readme = try String(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let options = Set(help.matches(of: /--[a-z][a-z-]*/).map { String($0.output) })
            .subtracting(["--help", "--version"])
        #expect(!options.isEmpty)
        for option in options.sorted() {
            #expect(readme.contains("`\(option)") || readme.contains(" \(option) ") || readme.contains(" \(option)="), "README does not document \(option)")
        }
    }
}
