import Foundation
import Testing

/// `check --sarif-output`: what every shipped sample writes validates against the OASIS SARIF
/// 2.1.0 schema (`Tests/Fixtures/schemas/`, a copy of `../shared/schemas/`, draft-04) and keeps
/// GitHub code scanning's upload limits; the text is the same on every run.
@Suite struct SARIFOutputTests {
    static let now = "--now=2026-11-21T12:00:00Z"

    /// Each shipped sample with the policy it is meant for (and the flag-built and waived cases).
    static let samples: [[String]] = [
        ["samples/trivy-fails.sarif"],
        ["samples/trivy-passes.sarif"],
        ["samples/trivy-fails.sarif", "--policy", "Tests/Fixtures/records/v1/policy.yaml"],
        ["samples/semgrep-payments.sarif"],
        ["samples/coverage-fails.info", "--diff", "samples/coverage-change.diff", "--policy", "policies/coverage.yaml"],
        ["samples/coverage-passes.info", "--policy", "policies/coverage.yaml"],
        ["--k6", "samples/k6-stream-fails.ndjson", "--policy", "policies/load-latency-slo.yaml"],
        ["--k6", "samples/k6-summary-passes.json", "--policy", "policies/load-api-contract.yaml"],
        ["samples/terraform-high-risk.txt", "--policy", "policies/terraform.yaml"],
        ["samples/terraform-low-risk.txt", "--policy", "policies/terraform.yaml"],
        ["samples/terraform-db-replacements.txt", "--policy", "policies/terraform.yaml"],
        ["samples/trivy-fails.sarif", "samples/terraform-db-replacements.txt", "--k6", "samples/k6-summary-passes.json", "--policy", "policies/custom-jq.yaml"],
        ["samples/trivy-fails.sarif", "--block", "critical", "--warn", "high", "--min-line", "80"],
    ]

    /// Validates SARIF files against the OASIS schema and GitHub's limits: at most 20 runs, 25,000
    /// results (Verdict writes at most 5,000, the most GitHub shows) and rules per run, 1,000
    /// locations per result, 10 MB gzip-compressed.
    static let validator = """
        import gzip, json, sys, jsonschema
        schema = json.load(open("Tests/Fixtures/schemas/sarif-schema-2.1.0.json"))
        jsonschema.Draft4Validator.check_schema(schema)
        validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
        for path in sys.argv[1:]:
            data = open(path, "rb").read()
            log = json.loads(data)
            errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
            if errors:
                sys.exit(path + ": " + errors[0].message + " at " + "/".join(map(str, errors[0].path)))
            assert len(gzip.compress(data)) <= 10 * 1024 * 1024, path + ": over 10 MB compressed"
            assert 1 <= len(log["runs"]) <= 20, path
            for run in log["runs"]:
                assert len(run["results"]) <= 5000, path + ": more than 5,000 results"
                assert len(run["tool"]["driver"].get("rules", [])) <= 25000, path
                assert all(len(r.get("locations", [])) <= 1000 for r in run["results"]), path
        print(len(sys.argv) - 1, "valid")
        """

    func write(_ arguments: [String], to path: String) throws -> VerdictProcess.Output {
        try VerdictProcess.run(["check"] + arguments + [Self.now, "--quiet", "--sarif-output", path])
    }

    @Test func everySampleWritesSARIFThatValidatesAgainstTheOASISSchema() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        var paths: [String] = []
        for (index, arguments) in Self.samples.enumerated() {
            let path = directory.appendingPathComponent("\(index).sarif").path
            let result = try write(arguments, to: path)
            #expect([0, 1, 2].contains(result.status) && FileManager.default.fileExists(atPath: path), "\(arguments): \(result.stderr)")
            paths.append(path)
        }
        let (status, output, errors) = try SchemaTests.python(Self.validator, arguments: paths)
        #expect(status == 0, "\(output)\(errors)")
        #expect(output == "\(Self.samples.count) valid\n")
    }

    @Test func theFailingTrivySampleWithWaiversShowsWhatDecided() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let first = directory.appendingPathComponent("a.sarif").path
        let second = directory.appendingPathComponent("b.sarif").path
        let arguments = ["samples/trivy-fails.sarif", "--policy", "Tests/Fixtures/records/v1/policy.yaml"]
        #expect(try write(arguments, to: first).status == 1)
        #expect(try write(arguments, to: second).status == 1)
        let text = try String(contentsOfFile: first, encoding: .utf8)
        #expect(text == (try String(contentsOfFile: second, encoding: .utf8)))
        let log = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let suppressed = results.filter { $0["suppressions"] != nil }
        // The policy waives taffydb's CVE-2019-10790 ("taffydb is a build-time tool, never shipped").
        #expect(suppressed.count == 1)
        #expect((suppressed.first?["suppressions"] as? [[String: String]])?.first?["justification"] == "taffydb is a build-time tool, never shipped")
        #expect((suppressed.first?["message"] as? [String: String])?["text"]?.hasPrefix("CVE-2019-10790 in taffydb") == true)
        #expect(results.filter { $0["suppressions"] == nil }.allSatisfy { ["error", "warning"].contains($0["level"] as? String) })
    }

    /// Rule outcomes that are not scanner findings: each risky change at its plan line; a jq
    /// violation at the policy file that holds the query.
    @Test func riskChangesAndJQViolationsAreResults() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        func results(_ arguments: [String]) throws -> [(level: String, uri: String, line: Int?, text: String)] {
            let path = directory.appendingPathComponent("\(UUID().uuidString).sarif").path
            #expect(try write(arguments, to: path).status == 1)
            let log = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            let run = try #require((log["runs"] as? [[String: Any]])?.first)
            return (run["results"] as? [[String: Any]] ?? []).map { result in
                let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
                return (result["level"] as? String ?? "", (physical?["artifactLocation"] as? [String: String])?["uri"] ?? "",
                        (physical?["region"] as? [String: Int])?["startLine"], (result["message"] as? [String: String])?["text"] ?? "")
            }
        }
        // terraform-high-risk.txt: aws_instance.bastion replaced (line 42), a subnet deleted (70), a database updated (34).
        let risk = try results(["samples/terraform-high-risk.txt", "--max-risk", "low"])
        #expect(risk.map(\.line) == [42, 70, 34])
        #expect(risk.allSatisfy { $0.level == "error" && $0.uri == "samples/terraform-high-risk.txt" })
        #expect(risk.first?.text == "aws_instance.bastion replace: high (levels[2]: actions delete, replace)")
        let jq = try results(["samples/trivy-fails.sarif", "samples/terraform-db-replacements.txt", "--k6", "samples/k6-summary-passes.json", "--policy", "policies/custom-jq.yaml"])
        #expect(jq.map(\.text).first == "more than 3 replacements in module.db")
        #expect(jq.allSatisfy { $0.uri == "policies/custom-jq.yaml" && $0.line == nil })
    }

    @Test func sixThousandFindingsAreCutToTheFiveThousandWorst() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let results = (0..<6_000).map { index in
            let level = index % 3 == 0 ? "error" : "warning"
            return #"{"ruleId":"R\#(index)","level":"\#(level)","message":{"text":"finding \#(index)"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/f\#(index).js"},"region":{"startLine":1}}}]}"#
        }
        let sarif = #"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"gen"}},"results":["# + results.joined(separator: ",") + "]}]}"
        let input = directory.appendingPathComponent("many.sarif")
        try sarif.write(to: input, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("out.sarif").path
        let check = try write([input.path], to: output)
        #expect(check.status == 1, "\(check.stderr)")
        let log = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let written = try #require(run["results"] as? [[String: Any]])
        // 2,000 errors (every third) and 4,000 warnings: the errors first, then the first 3,000 warnings.
        #expect(written.count == 5_000)
        #expect(written.prefix(2_000).allSatisfy { $0["level"] as? String == "error" })
        #expect(written.suffix(3_000).allSatisfy { $0["level"] as? String == "warning" })
        let properties = try #require(run["properties"] as? [String: Any])
        #expect(properties["resultCount"] as? Int == 6_000)
        #expect(properties["truncated"] as? Bool == true)
        let (status, stdout, errors) = try SchemaTests.python(Self.validator, arguments: [output])
        #expect(status == 0, "\(stdout)\(errors)")
    }
}
