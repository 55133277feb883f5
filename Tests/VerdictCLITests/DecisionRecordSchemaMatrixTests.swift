import Foundation
import Testing

/// Every record Verdict writes validates against schemas/decision-record.schema.json: one from
/// every shipped policy × every sample, and one for each option that adds to a record (a diff,
/// baselines, forced kinds, --fail-on, --context, a signature), not just one happy path.
@Suite struct DecisionRecordSchemaMatrixTests {
    static let now = "--now=2026-11-21T12:00:00Z"

    static func files(in folder: String, where keep: (String) -> Bool) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: VerdictProcess.repositoryRoot.appendingPathComponent(folder).path)
            .filter(keep).sorted().map { "\(folder)/\($0)" }
    }

    /// The option combinations beyond policy × sample, each with the policy it makes sense with.
    static let optionRuns: [[String]] = [
        ["samples/coverage-fails.info", "--policy", "policies/coverage.yaml", "--diff", "samples/coverage-change.diff"],
        ["Tests/Fixtures/patch/coverage.info", "--policy", "policies/coverage.yaml", "--diff", "Tests/Fixtures/patch/change.diff"],
        ["samples/coverage-fails.info", "--policy", "policies/coverage.yaml", "--baseline-coverage", "samples/coverage-passes.info"],
        ["--lcov", "samples/coverage-passes.info", "--policy", "policies/coverage.yaml"],
        ["--cobertura", "Tests/Fixtures/cobertura/gcovr-5.0-doctype.xml", "--policy", "policies/coverage.yaml"],
        ["--jacoco", "Tests/Fixtures/jacoco/maven-jacoco-minesweeper.xml", "--policy", "policies/coverage.yaml"],
        ["samples/trivy-fails.sarif", "--baseline-sarif", "samples/trivy-passes.sarif", "--policy", "policies/production.yaml"],
        ["--sarif", "samples/semgrep-payments.sarif", "--fail-on", "warn"],
        ["samples/trivy-fails.sarif", "--context", "repository=acme/shop", "--context", "commit=abc123"],
        ["samples/trivy-fails.sarif", "--sign-key", "Tests/Fixtures/records/v1/test-signing-key"],
        ["--k6", "samples/k6-stream-fails.ndjson", "--baseline-k6", "samples/k6-summary-passes.json", "--policy", "policies/load-canary.yaml"],
        ["--k6", "Tests/Fixtures/k6-machine-readable/machine-readable-1.0.0-synthetic.json", "--policy", "policies/load-latency-slo.yaml"],
        ["--tfplan", "samples/terraform-high-risk.txt", "--policy", "policies/terraform.yaml"],
        ["--tfplan", "Tests/Fixtures/tfplan-json/real-tf1.0.11-format-0.2-1.3MB.json", "--policy", "policies/terraform.yaml"],
        ["samples/terraform-db-replacements.txt", "samples/semgrep-payments.sarif", "samples/k6-stream-fails.ndjson",
         "--baseline-k6", "samples/k6-summary-passes.json", "--policy", "policies/custom-jq.yaml"],
        ["samples/trivy-fails.sarif", "samples/coverage-fails.info", "samples/k6-summary-passes.json", "samples/terraform-high-risk.txt",
         "--diff", "samples/coverage-change.diff", "--policy", "policies/default.yaml"],
    ]

    @Test func everyPolicyTimesEverySampleAndEveryOptionWritesAValidRecord() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policies = try Self.files(in: "policies") { $0.hasSuffix(".yaml") }
        let samples = try Self.files(in: "samples") { !$0.hasSuffix(".diff") }
        var runs: [[String]] = policies.flatMap { policy in samples.map { [$0, "--policy", policy] } }
        runs += Self.optionRuns
        var records: [String] = []
        var statuses: [Int32: Int] = [:]
        var withRisk = 0
        for (index, arguments) in runs.enumerated() {
            let path = directory.appendingPathComponent("record-\(index).json").path
            let result = try VerdictProcess.run(["check"] + arguments + [Self.now, "--quiet", "--record", path])
            statuses[result.status, default: 0] += 1
            // An input the policy cannot judge at all stops before a record (exit 2, no file).
            guard FileManager.default.fileExists(atPath: path) else {
                #expect(result.status == 2, "\(arguments): no record, exit \(result.status)")
                continue
            }
            records.append(path)
            if try String(contentsOfFile: path, encoding: .utf8).contains("\"approval_required\"") { withRisk += 1 }
        }
        // Every option run writes a record; most policy × sample runs do (measured: 80 of 90).
        #expect(records.count >= Self.optionRuns.count + 70, "\(records.count) records of \(runs.count) runs")
        #expect(withRisk >= 4)
        #expect(statuses[0, default: 0] > 0 && statuses[1, default: 0] > 0 && statuses[2, default: 0] > 0, "\(statuses)")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open("schemas/decision-record.schema.json"))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            roles, bad = set(), 0
            for path in sys.argv[1:]:
                record = json.load(open(path))
                roles.update(i["role"] for i in record["inputs"])
                for error in validator.iter_errors(record):
                    bad += 1
                    print(path, "/".join(map(str, error.absolute_path)), error.message[:300], file=sys.stderr)
            print(len(sys.argv) - 1, "records", bad, "errors", "roles", ",".join(sorted(roles)))
            """
        let (status, output, errors) = try SchemaTests.python(script, arguments: records)
        #expect(status == 0, "\(errors)")
        #expect(output == "\(records.count) records 0 errors roles baseline,change,subject\n", "\(output)\(errors)")
    }

    /// The records of a risk rule and of a --diff run, which the schema once rejected.
    @Test func theSchemaRejectsWhatItShould() throws {
        let script = """
            import json, jsonschema
            schema = json.load(open("schemas/decision-record.schema.json"))
            record = json.load(open("Tests/Fixtures/records/v1/decision.json"))
            v = jsonschema.Draft202012Validator(schema)
            assert not list(v.iter_errors(record))
            for broken in [dict(record, risk="huge", approval_required=True), dict(record, risk="high"),
                           dict(record, approval_required="yes"), dict(record, inputs=[dict(record["inputs"][0], role="other")])]:
                assert list(v.iter_errors(broken)), broken.get("risk")
            print("ok")
            """
        let (status, output, errors) = try SchemaTests.python(script)
        #expect(status == 0, "\(errors)")
        #expect(output == "ok\n")
    }
}
