import Foundation
import Testing

/// `check`, `facts`, `test` and `replay` make one decision through one pipeline: for the same
/// inputs, policy and time they agree, and a record alone replays every option that changed
/// how its inputs were read.
@Suite struct PipelineAgreementTests {
    static let now = "2026-11-21T12:00:00Z"
    static let policies = ["coverage", "custom-jq", "default", "load-api-contract", "load-canary", "load-latency-slo", "production", "terraform"]
    static let samples = [
        "coverage-fails.info", "coverage-passes.info", "k6-stream-fails.ndjson", "k6-summary-passes.json", "semgrep-payments.sarif",
        "terraform-db-replacements.txt", "terraform-high-risk.txt", "terraform-low-risk.txt", "trivy-fails.sarif", "trivy-passes.sarif",
    ]

    struct Combination: CustomTestStringConvertible, Sendable {
        var policy: String
        var sample: String
        var testDescription: String { "\(policy) × \(sample)" }
    }

    static let combinations = policies.flatMap { policy in samples.map { Combination(policy: policy, sample: $0) } }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// A scratch directory with the sample and the policy copied in.
    static func workspace(_ combination: Combination) throws -> URL {
        let directory = try VerdictProcess.temporaryDirectory()
        let root = VerdictProcess.repositoryRoot
        try FileManager.default.copyItem(at: root.appendingPathComponent("samples/\(combination.sample)"), to: directory.appendingPathComponent(combination.sample))
        try FileManager.default.copyItem(at: root.appendingPathComponent("policies/\(combination.policy).yaml"), to: directory.appendingPathComponent("policy.yaml"))
        return directory
    }

    @Test(arguments: combinations)
    func everyCommandAgreesOnEveryShippedPolicyAndSample(_ combination: Combination) throws {
        let directory = try Self.workspace(combination)
        let check = try VerdictProcess.run(
            ["check", combination.sample, "--policy", "policy.yaml", "--now", Self.now, "--record", "decision.json", "--archive", "archive"],
            in: directory)
        #expect([0, 1, 2].contains(check.status), "\(check.stderr)")
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("decision.json").path) else {
            // An input that cannot be read makes no decision: facts must refuse it too.
            let facts = try VerdictProcess.run(["facts", combination.sample, "--policy", "policy.yaml", "--now", Self.now], in: directory)
            #expect(check.status == 2 && facts.status == 2, "\(check.stderr)\n\(facts.stderr)")
            return
        }
        let record = try Self.json(directory.appendingPathComponent("decision.json"))
        let outcome = try #require(record["outcome"] as? String)
        #expect(record["exit_status"] as? Int == Int(check.status))

        // replay: from the record alone, then from the archive with the input moved away.
        let replay = try VerdictProcess.run(["replay", "decision.json"], in: directory)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.hasPrefix("replay: identical"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent(combination.sample))
        let archived = try VerdictProcess.run(["replay", "decision.json", "--archive", "archive"], in: directory)
        #expect(archived.status == 0, "\(archived.stdout)\(archived.stderr)")
        try FileManager.default.copyItem(
            at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/\(combination.sample)"), to: directory.appendingPathComponent(combination.sample))

        // test: a case expecting check's outcome passes.
        let rules = (record["rules"] as? [[String: Any]] ?? []).compactMap { rule -> String? in
            guard let id = rule["id"] as? String, let ruleOutcome = rule["outcome"] as? String else { return nil }
            return "\"\(id)\": \(ruleOutcome)"
        }
        // A folder case: the case file, its policy and its input side by side (a case may name
        // only files inside its own folder or repository).
        let testCase = """
            policy: policy.yaml
            now: \(Self.now)
            inputs: [\(combination.sample)]
            expect:
              outcome: \(outcome)
              rules: { \(rules.joined(separator: ", ")) }
            """
        let folder = directory.appendingPathComponent("cases/agreement")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try testCase.write(to: folder.appendingPathComponent("case.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: directory.appendingPathComponent("policy.yaml"), to: folder.appendingPathComponent("policy.yaml"))
        try FileManager.default.copyItem(at: directory.appendingPathComponent(combination.sample), to: folder.appendingPathComponent(combination.sample))
        let test = try VerdictProcess.run(["test", "cases"], in: directory)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")

        // facts: the same inputs, read the same way.
        let facts = try VerdictProcess.run(["facts", combination.sample, "--policy", "policy.yaml", "--now", Self.now], in: directory)
        #expect(facts.status == 0, "\(facts.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(facts.stdout.utf8)) as? [String: Any])
        let factHashes = (document["inputs"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String }
        let recordHashes = (record["inputs"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String }
        #expect(factHashes == recordHashes)
    }

    // MARK: Options that change how inputs are read replay from the record alone

    /// Runs check with `arguments` in `directory`, then replays the record from the record
    /// alone and from the archive after every input was moved away.
    static func expectReplaysIdentical(_ arguments: [String], in directory: URL, inputs: [String], expectedOutcome: String) throws {
        let check = try VerdictProcess.run(["check", "--now", now, "--record", "decision.json", "--archive", "archive"] + arguments, in: directory)
        let record = try json(directory.appendingPathComponent("decision.json"))
        #expect(record["outcome"] as? String == expectedOutcome, "\(check.stdout)\(check.stderr)")
        let replay = try VerdictProcess.run(["replay", "decision.json"], in: directory)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        let elsewhere = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: directory.appendingPathComponent("decision.json"), to: elsewhere.appendingPathComponent("decision.json"))
        for input in inputs { try FileManager.default.removeItem(at: directory.appendingPathComponent(input)) }
        let archived = try VerdictProcess.run(["replay", "decision.json", "--archive", directory.appendingPathComponent("archive").path], in: elsewhere)
        #expect(archived.status == 0, "\(archived.stdout)\(archived.stderr)")
    }

    static func copySample(_ name: String, to directory: URL, as target: String? = nil) throws {
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/\(name)"), to: directory.appendingPathComponent(target ?? name))
    }

    @Test func coverageWithSourceRootAndDiffReplaysIdentical() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try Self.copySample("coverage-passes.info", to: directory)
        try Self.copySample("coverage-change.diff", to: directory)
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("policies/coverage.yaml"), to: directory.appendingPathComponent("policy.yaml"))
        try Self.expectReplaysIdentical(
            ["coverage-passes.info", "--diff", "coverage-change.diff", "--source-root", "/home/runner/work/shop/shop", "--policy", "policy.yaml",
             "--context", "repository=acme/shop", "--context", "commit=0123abc"],
            in: directory, inputs: ["coverage-passes.info", "coverage-change.diff"], expectedOutcome: "pass")
        let record = try Self.json(directory.appendingPathComponent("decision.json"))
        let options = try #require(record["options"] as? [String: Any])
        #expect(options["source_root"] as? String == "/home/runner/work/shop/shop")
    }

    @Test func jacocoSourceDirectoryChosenByTheCheckoutReplaysWithoutIt() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(
            at: VerdictProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/jacoco/maven-jacoco-100pct-triangle.xml"),
            to: directory.appendingPathComponent("jacoco.xml"))
        // The file exists under the second source directory: check places it there, and the
        // policy excludes that tree, so the gate cannot find instrumented lines.
        let source = directory.appendingPathComponent("lib/src/main/java/com/example")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try Data().write(to: source.appendingPathComponent("Triangle.java"))
        try """
            version: 1
            rules:
              - id: coverage
                kind: coverage
                line: 90
                exclude: ["lib/**"]
            """.write(to: directory.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
        try Self.expectReplaysIdentical(
            ["--jacoco", "jacoco.xml", "--jacoco-source-dir", "app/src/main/java", "--jacoco-source-dir", "lib/src/main/java", "--policy", "policy.yaml"],
            in: directory, inputs: ["jacoco.xml"], expectedOutcome: "error")
        let record = try Self.json(directory.appendingPathComponent("decision.json"))
        let options = try #require(record["options"] as? [String: Any])
        #expect(options["jacoco_files_found"] as? [String] == ["lib/src/main/java/com/example/Triangle.java"])
        #expect(options["jacoco_source_dirs"] as? [String] == ["app/src/main/java", "lib/src/main/java"])
    }

    @Test func baselineSARIFAndK6StreamReplayIdentical() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try Self.copySample("trivy-fails.sarif", to: directory)
        try Self.copySample("trivy-passes.sarif", to: directory)
        try Self.copySample("k6-stream-fails.ndjson", to: directory)
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("policies/load-latency-slo.yaml"), to: directory.appendingPathComponent("load.yaml"))
        try """
            version: 1
            extends: load.yaml
            rules:
              - id: new-vulnerabilities
                kind: severity
                block: [critical, high]
                new_only: true
            """.write(to: directory.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
        try Self.expectReplaysIdentical(
            ["trivy-fails.sarif", "--baseline-sarif", "trivy-passes.sarif", "--k6", "k6-stream-fails.ndjson", "--policy", "policy.yaml"],
            in: directory, inputs: ["trivy-fails.sarif", "trivy-passes.sarif", "k6-stream-fails.ndjson"], expectedOutcome: "fail")
    }

    // MARK: Policy discovery and inputs no rule reads

    @Test func verdictYmlIsDiscoveredAndBothSpellingsAtOnceAreRefused() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try Self.copySample("trivy-fails.sarif", to: directory)
        try "version: 1\nname: from-yml\nrules:\n  - { id: only-critical, kind: severity, block: [critical] }\n"
            .write(to: directory.appendingPathComponent(".verdict.yml"), atomically: true, encoding: .utf8)
        let found = try VerdictProcess.run(["check", "trivy-fails.sarif", "--now", Self.now], in: directory)
        #expect(found.stdout.contains("policy from-yml"), "\(found.stdout)\(found.stderr)")
        try FileManager.default.copyItem(at: directory.appendingPathComponent(".verdict.yml"), to: directory.appendingPathComponent(".verdict.yaml"))
        for command in [["check"], ["facts"]] {
            let both = try VerdictProcess.run(command + ["trivy-fails.sarif", "--now", Self.now], in: directory)
            #expect(both.status == 2)
            #expect(both.stderr.contains("both .verdict.yaml and .verdict.yml are present"), "\(both.stderr)")
        }
    }

    @Test func anInputNoRuleReadsIsNamedAndFailsUnderStrict() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try Self.copySample("trivy-passes.sarif", to: directory)
        try Self.copySample("coverage-fails.info", to: directory)
        try "version: 1\nrules:\n  - { id: vulnerabilities, kind: severity, block: [critical] }\n"
            .write(to: directory.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
        let plain = try VerdictProcess.run(["check", "trivy-passes.sarif", "coverage-fails.info", "--policy", "policy.yaml", "--now", Self.now, "--markdown", "r.md"], in: directory)
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("note  no rule reads 'coverage-fails.info' (lcov)"), "\(plain.stdout)")
        #expect(try String(contentsOf: directory.appendingPathComponent("r.md"), encoding: .utf8).contains("no rule reads"))

        let strict = try VerdictProcess.run(
            ["check", "trivy-passes.sarif", "coverage-fails.info", "--policy", "policy.yaml", "--now", Self.now, "--strict", "--record", "d.json"], in: directory)
        #expect(strict.status == 2)
        #expect(strict.stdout.contains("error no rule reads 'coverage-fails.info' (lcov)"), "\(strict.stdout)")
        let replay = try VerdictProcess.run(["replay", "d.json"], in: directory)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")

        try "version: 1\nsettings: { unused_inputs: error }\nrules:\n  - { id: vulnerabilities, kind: severity, block: [critical] }\n"
            .write(to: directory.appendingPathComponent("strict.yaml"), atomically: true, encoding: .utf8)
        let setting = try VerdictProcess.run(["check", "trivy-passes.sarif", "coverage-fails.info", "--policy", "strict.yaml", "--now", Self.now], in: directory)
        #expect(setting.status == 2)
    }
}
