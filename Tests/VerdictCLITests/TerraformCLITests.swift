import Foundation
import Testing

/// Runs the built `verdict` binary on Terraform plans: exit status, stdout, stderr, $GITHUB_OUTPUT.
@Suite struct TerraformCLITests {
    static let root = VerdictProcess.repositoryRoot

    static func verdict(_ arguments: [String], environment: [String: String] = [:]) throws -> VerdictProcess.Output {
        try VerdictProcess.run(arguments, environment: environment)
    }

    static let common = ["check", "--policy", "policies/terraform.yaml", "--now", "2026-11-21T12:00:00Z"]

    @Test func lowRiskSamplePassesAndAppendsToTheGitHubOutputFile() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-gh-\(UUID().uuidString)")
        try "earlier=1\n".write(to: output, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try Self.verdict(Self.common + ["samples/terraform-low-risk.txt", "--github-output", output.path])
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("verdict: PASS (exit 0) — policy terraform, 1 rule, 1 input, risk low\n"))
        #expect(try String(contentsOf: output, encoding: .utf8) == "earlier=1\noutcome=pass\nexit_code=0\nrisk=low\napproval_required=false\nrule_infra-risk=pass\n")
    }

    @Test func highRiskSampleNeedsApprovalThroughGITHUB_OUTPUT() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-gh-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try Self.verdict(Self.common + ["--tfplan", "samples/terraform-high-risk.txt"], environment: ["GITHUB_OUTPUT": output.path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("risk high (approval required)"))
        #expect(try String(contentsOf: output, encoding: .utf8) == "outcome=pass\nexit_code=0\nrisk=high\napproval_required=true\nrule_infra-risk=pass\n")
    }

    @Test func aCutOffPlanExitsTwoNamingFileAndLine() throws {
        let lines = try String(contentsOf: Self.root.appendingPathComponent("samples/terraform-high-risk.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-cut-\(UUID().uuidString).txt")
        try lines.prefix(45).joined(separator: "\n").write(to: cut, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: cut) }
        let run = try Self.verdict(Self.common + [cut.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(cut.path):45:1: error: the plan ends inside the block of 'aws_instance.bastion' that starts at line 42; the plan was cut off"), "\(run.stderr)")
    }

    @Test func aBinaryPlanfileForcedAsAPlanExitsTwo() throws {
        let run = try Self.verdict(Self.common + ["--tfplan", "Tests/Fixtures/tfplan-text/MALFORMED-binary-planfile-zip-named-txt.txt"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("this is a binary planfile (a ZIP archive from 'terraform plan -out'), not plan text"))
    }
}
