import Foundation
import Testing
@testable import VerdictKit

/// `check --block … --min-line … --max-risk …` and `verdict policy from-flags`: gates without a
/// policy file go through the same pipeline, record and replay as a policy file.
@Suite struct GateFlagsCLITests {
    static let now = "--now=2026-11-21T12:00:00Z"

    @Test func blockFlagsFailTheGateAsTheDefaultPolicyWould() throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", "--block", "CRITICAL,HIGH", Self.now, "--quiet"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout == "verdict: FAIL (exit 1) — policy flags, 1 rule, 1 input, 12 findings\n")
        // trivy-fails.sarif has 1 critical and 3 high findings: warning on them only warns.
        let warned = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", "--warn", "critical,high", Self.now, "--quiet"])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stdout.hasPrefix("verdict: WARN (exit 0)"))
    }

    @Test func theRecordHoldsTheGeneratedTextAndReplayIsIdentical() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        let flags = ["--block", "critical", "--warn", "high,medium"]
        let check = try VerdictProcess.run(["check", "scan.sarif", Self.now, "--record", "d.json"] + flags, in: directory)
        #expect(check.status == 1, "\(check.stderr)")
        let printed = try VerdictProcess.run(["policy", "from-flags"] + flags)
        #expect(printed.status == 0, "\(printed.stderr)")
        let record = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("d.json"))) as? [String: Any])
        let policy = try #require(record["policy"] as? [String: Any])
        #expect(policy["path"] as? String == "<flags>")
        #expect(policy["text"] as? String == printed.stdout)
        #expect(policy["sha256"] as? String == SHA256Digest.hex(of: printed.stdout))
        let replay = try VerdictProcess.run(["replay", "d.json"], in: directory)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout == "replay: identical — 1 rule, outcome fail, exit 1\n")
    }

    @Test func thePrintedPolicyGivesTheSameDecisionAsTheFlags() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let flags = ["--min-line", "80", "--min-patch-line", "75"]
        let printed = try VerdictProcess.run(["policy", "from-flags"] + flags)
        try printed.stdout.write(to: directory.appendingPathComponent("flags.yaml"), atomically: true, encoding: .utf8)
        let inputs = ["samples/coverage-fails.info", "--diff", "samples/coverage-change.diff", Self.now, "--quiet"]
        let byFlags = try VerdictProcess.run(["check"] + inputs + flags)
        let byFile = try VerdictProcess.run(["check"] + inputs + ["--policy", directory.appendingPathComponent("flags.yaml").path])
        #expect(byFlags.status == 1, "\(byFlags.stderr)")
        #expect(byFile.status == byFlags.status)
        #expect(byFile.stdout == byFlags.stdout)
    }

    /// What from-flags prints is a policy like any other: it validates against schemas/policy.schema.json.
    @Test func theGeneratedPolicyValidatesAgainstThePolicySchema() throws {
        let printed = try VerdictProcess.run(["policy", "from-flags", "--block", "critical,high", "--warn", "medium", "--min-line", "80",
                                              "--min-branch", "70.5", "--min-patch-line", "90", "--max-risk", "medium"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open("schemas/policy.schema.json"))
            jsonschema.validate(yaml.safe_load(sys.argv[1]), schema)
            print("ok")
            """
        let (status, output, errors) = try SchemaTests.python(script, arguments: [printed.stdout])
        #expect(status == 0, "\(errors)")
        #expect(output == "ok\n")
    }

    @Test func aCoverageGateWithoutCoverageCannotJudge() throws {
        // Fail closed: the generated rule's on_missing is error.
        let result = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", "--min-line", "80", Self.now, "--quiet"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("verdict: ERROR (exit 2)"))
    }

    @Test func aRiskGateFailsAPlanAboveTheMaximum() throws {
        let high = try VerdictProcess.run(["check", "samples/terraform-high-risk.txt", "--max-risk", "medium", Self.now, "--quiet"])
        #expect(high.status == 1, "\(high.stdout)\(high.stderr)")
        let allowed = try VerdictProcess.run(["check", "samples/terraform-high-risk.txt", "--max-risk", "high", Self.now, "--quiet"])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        let missing = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", "--max-risk", "high", Self.now, "--quiet"])
        #expect(missing.status == 2, "\(missing.stdout)\(missing.stderr)")
    }

    struct Usage: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var stderr: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let usageErrors: [Usage] = [
        Usage(arguments: ["check", "samples/trivy-fails.sarif", "--policy", "policies/default.yaml", "--block", "high", "--min-line", "80"],
              stderr: "Error: --policy 'policies/default.yaml' cannot be combined with --block, --min-line; put the rules in the policy file (verdict policy from-flags prints them)\n"),
        Usage(arguments: ["check", "samples/coverage-fails.info", "--min-patch-line", "80"],
              stderr: "Error: --min-patch-line needs --diff FILE (the change whose added lines it measures)\n"),
        Usage(arguments: ["check", "samples/trivy-fails.sarif", "--block", "high", "--warn", "HIGH"],
              stderr: "Error: level 'high' is in both --block and --warn\n"),
        Usage(arguments: ["policy", "from-flags", "--min-branch", "101"],
              stderr: "Error: invalid --min-branch '101'; expected a percentage from 0 to 100, such as 80 or 92.5\n"),
        Usage(arguments: ["policy", "from-flags"],
              stderr: "Error: give at least one of --block, --warn, --min-line, --min-branch, --min-patch-line, --max-risk\n"),
    ]

    /// Usage errors exit 2, as every usage error of Verdict does (not argument-parser's 64).
    @Test(arguments: usageErrors) func badFlagsAreUsageErrors(_ usage: Usage) throws {
        let result = try VerdictProcess.run(usage.arguments + (usage.arguments.first == "check" ? [Self.now] : []))
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(usage.stderr), "\(result.stderr)")
        #expect(result.stdout == "")
    }
}
