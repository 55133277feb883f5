import Foundation
import Testing

/// GitHub Actions and GitLab CI outputs, JUnit and the stdout formats, end to end.
@Suite struct CIOutputTests {
    let now = "--now=2026-11-21T12:00:00Z"

    @Test func githubOutputsAndStepSummaryComeFromTheEnvironment() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let outputs = directory.appendingPathComponent("outputs").path
        let summary = directory.appendingPathComponent("summary.md").path
        try "earlier=step\n".write(toFile: outputs, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--quiet"],
                                            environment: ["GITHUB_OUTPUT": outputs, "GITHUB_STEP_SUMMARY": summary])
        #expect(result.status == 1)
        let written = try String(contentsOfFile: outputs, encoding: .utf8)
        #expect(written.hasPrefix("earlier=step\noutcome=fail\nexit_code=1\n"))
        #expect(written.hasSuffix("rule_vulnerabilities=fail\n"))
        #expect(try String(contentsOfFile: summary, encoding: .utf8).hasPrefix("<!-- verdict:report -->"))
    }

    @Test func annotationsAreCappedAtTenPerTypeWithASummary() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        // 30 high findings in one SARIF file.
        let results = (1...30).map { #"{"ruleId": "CVE-\#($0)", "level": "error", "message": {"text": "bad, really: 100%\nsecond line"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/a,b:c.js"}, "region": {"startLine": \#($0)}}}]}"# }
        let sarif = #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Scanner"}}, "results": [\#(results.joined(separator: ","))]}]}"#
        try sarif.write(to: directory.appendingPathComponent("many.sarif"), atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", "many.sarif", now, "--quiet", "--annotations", "github"], in: directory)
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(lines.count == 10)
        #expect(lines.first == "::error file=src/a%2Cb%3Ac.js,line=1,title=vulnerabilities%3A CVE-1 (high)::bad, really: 100%25")
        #expect(lines.last == "::error title=verdict::21 more blocking findings are not annotated; see the report")
    }

    @Test func gitlabCodeQualityListsTheDecidingFindings() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("gl-code-quality.json").path
        _ = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--gitlab-codequality", path])
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]])
        #expect(issues.count == 9) // 4 blocking + 5 warning
        let first = issues[0]
        #expect(first["check_name"] as? String == "verdict/vulnerabilities/CVE-2023-36665")
        #expect(first["severity"] as? String == "blocker")
        #expect((first["fingerprint"] as? String)?.count == 64)
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["path"] as? String == "usr/src/app/package-lock.json")
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 5912)
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == 9)
    }

    /// Checked against the structure of the common JUnit schemas (Jenkins junit-10.xsd, Ant's
    /// format): testsuites > testsuite (name, tests, failures, errors) > properties > property
    /// (name, value), testcase (name, classname) > failure | error (message, type) | system-out.
    @Test func junitHasOneTestCasePerRule() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("p.yaml").path
        try """
            version: 1
            name: ci
            rules:
              - {id: vulns, kind: severity, block: [critical]}
              - {id: mediums, kind: severity, block: [], warn: [medium]}
              - {id: clean, kind: severity, block: [unknown]}
              - {id: absent, kind: severity, block: [high], tools: [nothing], on_missing: error}
            """.write(toFile: policy, atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("junit.xml").path
        _ = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--policy", policy, "--junit", path])
        let script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == "testsuites", root.tag
            suites = root.findall("testsuite")
            assert len(suites) == 1
            suite = suites[0]
            for attribute in ["name", "tests", "failures", "errors", "skipped", "time", "timestamp"]:
                assert attribute in suite.attrib, attribute
            assert [child.tag for child in suite][0] == "properties"
            for prop in suite.find("properties"):
                assert prop.tag == "property" and set(prop.attrib) == {"name", "value"}
            cases = suite.findall("testcase")
            out = []
            for case in cases:
                assert {"name", "classname", "time"} <= set(case.attrib)
                kinds = [child.tag for child in case]
                assert set(kinds) <= {"failure", "error", "system-out"}, kinds
                for child in case:
                    if child.tag in ("failure", "error"):
                        assert "message" in child.attrib and "type" in child.attrib
                out.append(case.attrib["name"] + ":" + ",".join(kinds))
            print(" ".join(out), suite.attrib["tests"], suite.attrib["failures"], suite.attrib["errors"])
            print([p.attrib["name"] + "=" + p.attrib["value"] for p in suite.find("properties") if p.attrib["name"].endswith(".waived")])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output == """
            vulns:failure mediums:system-out clean: absent: 4 1 0
            ['vulns.waived=0', 'mediums.waived=0', 'clean.waived=0', 'absent.waived=0']

            """)
    }

    @Test(arguments: ["markdown", "json"])
    func formatPutsTheReportOnStandardOutput(_ format: String) throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--format", format])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix(format == "json" ? "{\n  \"schema\": \"verdict.decision/v1\"" : "<!-- verdict:report -->"))
        #expect(result.stderr.contains("verdict: FAIL (exit 1)"))
        let clash = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--format", format, "--record", "-"])
        #expect(clash.status == 2)
    }

    @Test func completionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try VerdictProcess.run(["--generate-completion-script", shell])
            #expect(result.status == 0)
            #expect(result.stdout.contains("check"))
        }
    }

    @Test func helpCheckDocumentsEveryOption() throws {
        let result = try VerdictProcess.run(["help", "check"])
        #expect(result.status == 0)
        for option in ["--policy", "--markdown", "--record", "--junit", "--gitlab-codequality", "--annotations", "--github-output", "--step-summary", "--format"] {
            #expect(result.stdout.contains(option))
        }
        #expect(result.stdout.contains("Exit status"))
    }
}
