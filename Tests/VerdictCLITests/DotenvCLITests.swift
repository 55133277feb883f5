import Foundation
import Testing

/// `check --dotenv`: a report GitLab accepts whole, whatever the rule ids.
@Suite struct DotenvCLITests {
    let now = "--now=2026-11-21T12:00:00Z"

    /// GitLab's rule for a dotenv line: a key of `[A-Za-z0-9_]`, `=`, a value on one line.
    static func isGitLabLine(_ line: Substring) -> Bool {
        guard let equals = line.firstIndex(of: "="), equals != line.startIndex else { return false }
        return line[..<equals].unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || CharacterSet.alphanumerics.contains($0)) }
            && !line.contains("\r")
    }

    @Test func idsWithDashesBecomeUnderscoresAndApprovalRequiredArrives() throws {
        // policies/terraform.yaml's rule id is 'infra-risk'; the high-risk sample needs approval.
        let directory = try VerdictProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("verdict.env").path
        let result = try VerdictProcess.run(["check", "samples/terraform-high-risk.txt", "--policy", "policies/terraform.yaml", now,
                                             "--quiet", "--dotenv", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(text.hasSuffix("\n"))
        #expect(lines.allSatisfy(Self.isGitLabLine), "\(text)")
        #expect(lines.contains("approval_required=true"))
        #expect(lines.contains("exit_code=\(result.status)"))
        #expect(lines.contains { $0.hasPrefix("rule_infra_risk=") })
        #expect(!text.contains("-"))
    }

    @Test func twoIdsThatGiveOneKeyAreAnError() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("p.yaml").path
        try """
            version: 1
            name: clash
            rules:
              - {id: no-criticals, kind: severity, block: [critical]}
              - {id: no_criticals, kind: severity, block: [critical]}
            """.write(toFile: policy, atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("verdict.env").path
        let result = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", "--policy", policy, now, "--quiet", "--dotenv", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rule ids 'no-criticals' and 'no_criticals' both become the dotenv key 'rule_no_criticals'"))
    }

    @Test func pastGitLabsLimitsOnlyTheSummaryIsWritten() throws {
        // 17 rules + 4 summary variables = 21 > 20, GitLab's smallest default limit.
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("p.yaml").path
        let rules = (1...17).map { "  - {id: r\($0), kind: severity, block: [critical]}" }.joined(separator: "\n")
        try "version: 1\nname: many\nrules:\n\(rules)\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("verdict.env").path
        let result = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", "--policy", policy, now, "--quiet", "--dotenv", path])
        #expect(result.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "outcome=pass\nexit_code=0\nrisk=none\napproval_required=false\n")
        #expect(result.stderr.contains("17 rule_<id> variables left out"))
    }

    @Test func sixteenRulesStillFit() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("p.yaml").path
        let rules = (1...16).map { "  - {id: r\($0), kind: severity, block: [critical]}" }.joined(separator: "\n")
        try "version: 1\nname: many\nrules:\n\(rules)\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("verdict.env").path
        _ = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", "--policy", policy, now, "--quiet", "--dotenv", path])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 20)
        #expect(lines.last == "rule_r16=pass")
    }
}
