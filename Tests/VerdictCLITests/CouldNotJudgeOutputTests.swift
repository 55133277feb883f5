import Foundation
import Testing

/// A run that could not judge (exit 2) still writes every CI output it was asked for, each with
/// an error entry that names the input or the policy and the reason, so dashboards show why the
/// gate is red.
@Suite struct CouldNotJudgeOutputTests {
    static let now = "--now=2026-11-21T12:00:00Z"

    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var arguments: [String]
        /// What could not be used, as the outputs name it.
        var subject: String
        var path: String
        /// The position the reader or loader reports.
        var line: Int
        /// How many reasons the run gives.
        var count: Int
        var testDescription: String { id }
    }

    static let cases = [
        // The log is cut after line 3; the reader reports the end of input.
        Case(id: "unreadable input", arguments: ["Tests/Fixtures/hostile/sarif-truncated.sarif"],
             subject: "input", path: "Tests/Fixtures/hostile/sarif-truncated.sarif", line: 4, count: 1),
        // `blok` on line 6 is not a severity key, and so the rule at 4:5 has neither `block` nor `warn`.
        Case(id: "invalid policy", arguments: ["samples/trivy-fails.sarif", "--policy", "Tests/Fixtures/hostile/policy-misspelt-key.yaml"],
             subject: "policy", path: "Tests/Fixtures/hostile/policy-misspelt-key.yaml", line: 6, count: 2),
    ]

    struct Written {
        var result: VerdictProcess.Output
        var files: [String: String]
    }

    /// Runs `check` with every CI output asked for, into a fresh directory.
    func run(_ testCase: Case) throws -> Written {
        let directory = try VerdictProcess.temporaryDirectory()
        let names = ["junit.xml", "codequality.json", "verdict.sarif", "report.md", "summary.md", "github-output", "verdict.env"]
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        let result = try VerdictProcess.run(
            ["check"] + testCase.arguments + [Self.now, "--junit", path("junit.xml"), "--gitlab-codequality", path("codequality.json"),
                                              "--sarif-output", path("verdict.sarif"), "--markdown", path("report.md"),
                                              "--dotenv", path("verdict.env"), "--annotations", "github"],
            environment: ["GITHUB_STEP_SUMMARY": path("summary.md"), "GITHUB_OUTPUT": path("github-output")])
        var files: [String: String] = [:]
        for name in names { files[name] = try? String(contentsOfFile: path(name), encoding: .utf8) }
        files["_junit_path"] = path("junit.xml")
        files["_sarif_path"] = path("verdict.sarif")
        return Written(result: result, files: files)
    }

    @Test(arguments: cases)
    func everyOutputIsWrittenWithTheReason(_ testCase: Case) throws {
        let written = try run(testCase)
        #expect(written.result.status == 2, "\(written.result.stderr)")
        let reason = "could not judge: \(testCase.subject) '\(testCase.path)': \(testCase.path):\(testCase.line):"

        let codeQuality = try #require(written.files["codequality.json"])
        let issues = try #require(JSONSerialization.jsonObject(with: Data(codeQuality.utf8)) as? [[String: Any]])
        #expect(issues.count == testCase.count)
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == testCase.count)
        #expect(issues.first?["check_name"] as? String == "verdict/could-not-judge/\(testCase.subject)")
        #expect(issues.first?["severity"] as? String == "blocker")
        #expect((issues.first?["description"] as? String)?.hasPrefix(reason) == true)
        let location = try #require(issues.first?["location"] as? [String: Any])
        #expect(location["path"] as? String == testCase.path)
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == testCase.line)

        let outputs = try #require(written.files["github-output"])
        // Several reasons make a multi-line value, in GitHub's heredoc form.
        let error = testCase.count == 1 ? "error=\(reason)" : "error<<VERDICT_EOF\n\(reason)"
        #expect(outputs.hasPrefix("outcome=error\nexit_code=2\nrisk=unknown\napproval_required=true\n\(error)"), "\(outputs)")

        #expect(written.files["verdict.env"] == "outcome=error\nexit_code=2\nrisk=unknown\napproval_required=true\nerror_subject=\(testCase.subject)\n")

        for name in ["report.md", "summary.md"] {
            let markdown = try #require(written.files[name], "\(name)")
            #expect(markdown.hasPrefix("<!-- verdict:report -->\n### ⛔ verdict: could not judge (exit 2)"))
            #expect(markdown.contains("| \(testCase.subject) \(testCase.path) | \(testCase.line):"), "\(markdown)")
        }

        let annotations = written.result.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(annotations.count == testCase.count)
        #expect(annotations.first?.hasPrefix("::error file=\(testCase.path),line=\(testCase.line),title=verdict%3A could not judge \(testCase.subject) '") == true,
                "\(annotations)")

        let sarif = try #require(written.files["verdict.sarif"])
        let log = try #require(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(sarifRun["results"] as? [[String: Any]])
        #expect(results.count == testCase.count)
        #expect(results.first?["ruleId"] as? String == "verdict/could-not-judge")
        #expect(results.first?["level"] as? String == "error")
        #expect(((sarifRun["invocations"] as? [[String: Any]])?.first?["executionSuccessful"]) as? Bool == false)
    }

    @Test(arguments: cases)
    func theSARIFValidatesAgainstTheOASISSchema(_ testCase: Case) throws {
        let written = try run(testCase)
        let path = try #require(written.files["_sarif_path"])
        let (status, output, errors) = try SchemaTests.python(SARIFOutputTests.validator, arguments: [path])
        #expect(status == 0, "\(output)\(errors)")
        #expect(output == "1 valid\n")
    }

    /// The structure of the common JUnit schemas, as `CIOutputTests.junitHasOneTestCasePerRule` checks it.
    @Test(arguments: cases)
    func theJUnitHasOneErrorCasePerReason(_ testCase: Case) throws {
        let written = try run(testCase)
        let path = try #require(written.files["_junit_path"])
        let (status, output, errors) = try SchemaTests.python(Self.junitValidator, arguments: [path])
        #expect(status == 0, "\(output)\(errors)")
        let cases = Array(repeating: "\(testCase.path):error", count: testCase.count).joined(separator: " ")
        #expect(output == "\(cases) \(testCase.count) 0 \(testCase.count)\n['outcome=error', 'exit_status=2']\n")
        #expect(written.files["junit.xml"]?.contains("classname=\"verdict.\(testCase.subject)\"") == true)
    }

    @Test func aFailedWriteIsSaidAndTheRunStillExits2() throws {
        let result = try VerdictProcess.run(["check", "Tests/Fixtures/hostile/sarif-truncated.sarif", Self.now, "--junit", "/nonexistent-directory/junit.xml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("verdict: error: cannot write '/nonexistent-directory/junit.xml'"))
    }

    static let junitValidator = """
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
        out = []
        for case in suite.findall("testcase"):
            assert {"name", "classname", "time"} <= set(case.attrib)
            kinds = [child.tag for child in case]
            assert set(kinds) <= {"failure", "error", "system-out"}, kinds
            for child in case:
                if child.tag in ("failure", "error"):
                    assert "message" in child.attrib and "type" in child.attrib
            out.append(case.attrib["name"] + ":" + ",".join(kinds))
        print(" ".join(out), suite.attrib["tests"], suite.attrib["failures"], suite.attrib["errors"])
        print([p.attrib["name"] + "=" + p.attrib["value"] for p in suite.find("properties")])
        """
}
