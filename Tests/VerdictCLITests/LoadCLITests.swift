import Foundation
import Testing

/// `verdict check` with k6 inputs, run as a process: stdout, stderr and the exit status.
@Suite struct LoadCLITests {
    static let root = VerdictProcess.repositoryRoot

    static func verdict(_ arguments: [String]) throws -> VerdictProcess.Output {
        try VerdictProcess.run(["check", "--now", "2026-11-21T12:00:00Z"] + arguments)
    }

    @Test func theSampleSummaryPassesTheShippedGates() throws {
        for policy in ["load-latency-slo", "load-api-contract"] {
            let run = try Self.verdict(["--policy", "policies/\(policy).yaml", "samples/k6-summary-passes.json"])
            #expect(run.status == 0, "\(policy): \(run.stdout)\(run.stderr)")
        }
    }

    @Test func theSampleStreamFailsTheLatencySLO() throws {
        let run = try Self.verdict(["--policy", "policies/load-latency-slo.yaml", "--k6", "samples/k6-stream-fails.ndjson"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("FAIL  latency-slo"))
        #expect(run.stdout.contains("http_req_duration p(95)="))
    }

    @Test func canaryAgainstABaseline() throws {
        let run = try Self.verdict([
            "--policy", "policies/load-canary.yaml", "--k6", "samples/k6-stream-fails.ndjson",
            "--baseline-k6", "samples/k6-summary-passes.json", "--markdown", "-",
        ])
        #expect(run.status == 1)
        #expect(run.stdout.contains("| http\\_req\\_duration | p\\(99\\) |"))
        #expect(run.stdout.contains("| regression |"))
    }

    @Test func aBrokenStreamExitsTwoNamingFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-cli-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let text = try String(contentsOf: Self.root.appendingPathComponent("samples/k6-stream-fails.ndjson"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        lines.remove(at: 2)  // the Metric line declaring http_reqs
        let path = directory.appendingPathComponent("undeclared.ndjson").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let run = try Self.verdict(["--policy", "policies/load-latency-slo.yaml", "--k6", path])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(path):3:12: error: a Point for metric 'http_reqs', which no earlier Metric line declares"), "\(run.stderr)")
    }

    @Test func noK6InputIsAnError() throws {
        let run = try Self.verdict(["--policy", "policies/load-api-contract.yaml", "samples/trivy-passes.sarif"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("no k6 input was given (on_missing: error)"))
    }

    @Test func anInvalidThresholdIsAPolicyError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-cli-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("bad.yaml").path
        try Data("version: 1\nrules:\n  - id: l\n    kind: load\n    thresholds:\n      http_req_duration: [p(95)<<5]\n".utf8).write(to: URL(fileURLWithPath: path))
        let run = try Self.verdict(["--policy", path, "samples/k6-summary-passes.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):6:32: error: invalid threshold 'p(95)<<5'"), "\(run.stderr)")
    }
}
