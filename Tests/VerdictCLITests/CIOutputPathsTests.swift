import Foundation
import Testing

/// What CI tools read from Verdict: pure standard output, repository-relative paths, one Code
/// Quality fingerprint per finding, percentages written once.
@Suite struct CIOutputPathsTests {
    let now = "--now=2026-11-21T12:00:00Z"

    @Test func jsonOnStandardOutputStaysJSONWithAnnotations() throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--format", "json", "--annotations", "github"])
        #expect(result.status == 1)
        #expect(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) is [String: Any])
        #expect(result.stderr.contains("::error file="))
    }

    @Test func markdownOnStandardOutputHasNoAnnotations() throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--markdown", "-", "--annotations", "github"])
        #expect(result.stdout.hasPrefix("<!-- verdict:report -->"))
        #expect(!result.stdout.contains("::error"))
        #expect(result.stderr.contains("::error file="))
    }

    @Test func annotationsStayOnStandardOutputWithTheTextSummary() throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--annotations", "github"])
        #expect(result.stdout.contains("::error file="))
    }

    /// One CVE twice in one file, at two lines, written as a scanner in a container and a
    /// file:// URI with an escaped space would.
    static let sarif = #"""
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Trivy"}}, "results": [
          {"ruleId": "CVE-2024-1", "level": "error", "message": {"text": "bad"},
           "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///scan/my%20app/package-lock.json"}, "region": {"startLine": 10}}}]},
          {"ruleId": "CVE-2024-1", "level": "error", "message": {"text": "bad"},
           "locations": [{"physicalLocation": {"artifactLocation": {"uri": "./my app/package-lock.json"}, "region": {"startLine": 20}}}]}
        ]}]}
        """#

    @Test func codeQualityFingerprintsDifferByLineAndPathsAreRepositoryRelative() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try Self.sarif.write(to: directory.appendingPathComponent("two.sarif"), atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", "two.sarif", now, "--scanner-root", "/scan", "--gitlab-codequality", "-",
                                             "--annotations", "github"], in: directory)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(issues.count == 2)
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == 2)
        let locations = issues.compactMap { $0["location"] as? [String: Any] }
        #expect(locations.compactMap { $0["path"] as? String } == ["my app/package-lock.json", "my app/package-lock.json"])
        #expect(locations.compactMap { ($0["lines"] as? [String: Any])?["begin"] as? Int }.sorted() == [10, 20])
        #expect(result.stderr.contains("::error file=my app/package-lock.json,line=10,"))
    }

    /// A scanner that names its source root through `uriBaseId` (here a subdirectory of the
    /// checkout, defined after the results) and one that names `file:///` (Trivy's images).
    @Test func uriBaseIDsLeadIntoTheRepository() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let sarif = #"""
            {"version": "2.1.0", "runs": [
              {"tool": {"driver": {"name": "Linter"}}, "results": [
                {"ruleId": "R1", "level": "error", "message": {"text": "bad"},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": "main.c", "uriBaseId": "SRC"}, "region": {"startLine": 3}}}]}],
               "originalUriBaseIds": {"SRC": {"uri": "src/", "uriBaseId": "CHECKOUT"}, "CHECKOUT": {"uri": "file:///builds/app/"}}},
              {"tool": {"driver": {"name": "Trivy"}}, "originalUriBaseIds": {"ROOTPATH": {"uri": "file:///"}}, "results": [
                {"ruleId": "CVE-2024-2", "level": "error", "message": {"text": "bad"},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": "usr/lib/x.so", "uriBaseId": "ROOTPATH"}, "region": {"startLine": 1}}}]}]}
            ]}
            """#
        try sarif.write(to: directory.appendingPathComponent("based.sarif"), atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", "based.sarif", now, "--scanner-root", "/builds/app", "--gitlab-codequality", "-"],
                                            in: directory)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let paths = issues.compactMap { ($0["location"] as? [String: Any])?["path"] as? String }.sorted()
        #expect(paths == ["src/main.c", "usr/lib/x.so"])
    }

    @Test func jqViolationsPointAtThePolicyFile() throws {
        let result = try VerdictProcess.run(["check", "samples/semgrep-payments.sarif", "--policy", "policies/custom-jq.yaml", now,
                                             "--gitlab-codequality", "-"])
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let payments = issues.filter { ($0["check_name"] as? String) == "verdict/no-payments-findings/no-payments-findings" }
        #expect(payments.count == 2)
        #expect(payments.allSatisfy { ($0["location"] as? [String: Any])?["path"] as? String == "policies/custom-jq.yaml" })
        #expect(issues.allSatisfy { !((($0["location"] as? [String: Any])?["path"] as? String) ?? "").isEmpty })
    }

    @Test func perFileCoveragePercentagesAreWrittenOnce() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let junit = directory.appendingPathComponent("junit.xml").path
        let result = try VerdictProcess.run(["check", "samples/coverage-fails.info", "--policy", "policies/coverage.yaml", now,
                                             "--annotations", "github", "--gitlab-codequality", "-", "--junit", junit])
        let written = result.stdout + result.stderr + (try String(contentsOfFile: junit, encoding: .utf8))
        #expect(written.contains("% below "), "\(written)")
        #expect(!written.contains("%%"))
        #expect(!written.contains("%25%25"))
    }
}
