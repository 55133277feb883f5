import Foundation
import Testing
@testable import VerdictKit

/// The hostile-input corpus (`Tests/Fixtures/hostile/`, described in its README.md): every file
/// run through the built binary, with the exit status and the exact message it must get.
///
/// What a gate must never do on input it did not understand: crash, hang, pass, read a file
/// or the network an input names, or let input text act in the report.
@Suite struct HostileInputTests {
    static let now = "--now=2026-11-21T12:00:00Z"
    static let hostile = "Tests/Fixtures/hostile/"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var status: Int32
        /// Standard error exactly, or "" when it must be empty.
        var stderr: String
        /// The summary line on standard output (with --quiet), or "" when nothing is printed.
        var stdout: String = ""
        var testDescription: String { name }
    }

    static let h = hostile
    static let cases: [Case] = [
        Case(name: "XXE reading /etc/passwd (JaCoCo)", arguments: [h + "xxe-passwd-jacoco.xml"], status: 2,
             stderr: h + "xxe-passwd-jacoco.xml:3:43: error: the document declares the entity 'xxe'; entity declarations are refused (no entity expansion, no external entities)\n"),
        Case(name: "XXE through a parameter entity (Cobertura)", arguments: [h + "xxe-parameter-entity-cobertura.xml"], status: 2,
             stderr: h + "xxe-parameter-entity-cobertura.xml:3:48: error: the document declares the entity 'remote'; entity declarations are refused (no entity expansion, no external entities)\n"),
        Case(name: "billion laughs", arguments: [h + "billion-laughs-cobertura.xml"], status: 2,
             stderr: h + "billion-laughs-cobertura.xml:3:21: error: the document declares the entity 'lol'; entity declarations are refused (no entity expansion, no external entities)\n"),
        Case(name: "XML nested 100,000 levels", arguments: [h + "nested-100k-jacoco.xml"], status: 2,
             stderr: h + "nested-100k-jacoco.xml:2:788: error: elements nest more than 256 levels deep; no coverage report nests so deep\n"),
        Case(name: "JSON nested 100,000 levels (SARIF)", arguments: [h + "nested-100k.sarif"], status: 2,
             stderr: h + "nested-100k.sarif:1:592: error: invalid JSON: expected nesting no deeper than 512 levels, found '[[[[[[[[[[[[[[[['\n"),
        Case(name: "JSON nested 100,000 levels (k6 summary)", arguments: ["--k6", h + "nested-100k-k6-summary.json"], status: 2,
             stderr: h + "nested-100k-k6-summary.json:1:2575: error: not a k6 summary: expected nesting no deeper than 512 levels, found '{\"a\":{\"a\":{\"a\":{'\n"),
        Case(name: "YAML alias bomb in the policy", arguments: ["--policy", h + "policy-alias-bomb.yaml", "samples/trivy-fails.sarif"], status: 2,
             stderr: h + "policy-alias-bomb.yaml:8:20: error: the document expands to more than 2000000 nodes (an alias bomb?)\n    a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]\n                       ^\n"),
        Case(name: "YAML duplicate keys in the policy", arguments: ["--policy", h + "policy-duplicate-keys.yaml", "samples/trivy-fails.sarif"], status: 2,
             stderr: h + "policy-duplicate-keys.yaml:6:5: error: duplicate key 'block' (first defined at line 5)\n        block: []\n        ^\n"),
        Case(name: "duplicate rule ids in the policy", arguments: ["--policy", h + "policy-duplicate-rule-ids.yaml", "samples/trivy-fails.sarif"], status: 2,
             stderr: h + "policy-duplicate-rule-ids.yaml:6:5: error: duplicate rule id 'vulnerabilities' (first defined at line 3)\n      - id: vulnerabilities\n        ^\n"),
        Case(name: "YAML nested 100,000 levels in the policy", arguments: ["--policy", h + "policy-nested-100k.yaml", "samples/trivy-fails.sarif"], status: 2,
             stderr: h + "policy-nested-100k.yaml:2:71: error: lists and mappings nest more than 64 levels deep; a policy needs a handful\n    rules: " + String(repeating: "[", count: 193) + "…\n" + String(repeating: " ", count: 74) + "^\n"),
        Case(name: "NUL byte inside a JSON string", arguments: [h + "nul-bytes.sarif"], status: 2,
             stderr: h + "nul-bytes.sarif:1:129: error: invalid JSON: expected a control character to be escaped inside a string, found '\\u{0}b\"}}]}]}'\n"),
        Case(name: "NUL byte between JSON tokens", arguments: [h + "nul-bytes-between-tokens.sarif"], status: 2,
             stderr: h + "nul-bytes-between-tokens.sarif:1:75: error: invalid JSON: expected a result object, found '\\u{0}]}]}'\n"),
        Case(name: "NUL byte in an lcov number", arguments: ["--policy", h + "policy-coverage-line-80.yaml", h + "nul-bytes-lcov.info"], status: 2,
             stderr: h + "nul-bytes-lcov.info:4:6: error: DA count must be a whole number, found '\\u{0}0'\n"),
        Case(name: "invalid UTF-8 in a SARIF string", arguments: [h + "invalid-utf8.sarif"], status: 2,
             stderr: h + "invalid-utf8.sarif:1:131: error: invalid UTF-8: the byte at this position does not start or continue a UTF-8 character; expected UTF-8 text\n"),
        Case(name: "invalid UTF-8 in an lcov path", arguments: ["--policy", h + "policy-coverage-line-80.yaml", h + "invalid-utf8-lcov.info"], status: 2,
             stderr: h + "invalid-utf8-lcov.info:2:11: error: invalid UTF-8: the byte at this position does not start or continue a UTF-8 character; expected UTF-8 text\n"),
        Case(name: "invalid UTF-8 in a plan's resource address", arguments: ["--policy", "policies/terraform.yaml", h + "invalid-utf8-tfplan.txt"], status: 2,
             stderr: h + "invalid-utf8-tfplan.txt:3:20: error: invalid UTF-8: the byte at this position does not start or continue a UTF-8 character; expected UTF-8 text\n"),
        Case(name: "UTF-16 LE without BOM reads as the UTF-8 sample", arguments: [h + "utf16le-no-bom.sarif"], status: 1,
             stderr: "", stdout: "verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 12 findings\n"),
        Case(name: "UTF-16 BE without BOM reads as the UTF-8 sample", arguments: [h + "utf16be-no-bom.sarif"], status: 1,
             stderr: "", stdout: "verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 12 findings\n"),
        Case(name: "UTF-16 cut in the middle of a code unit", arguments: [h + "utf16le-odd-length.sarif"], status: 2,
             stderr: h + "utf16le-odd-length.sarif: error: unsupported text encoding: the file looks like UTF-16 but is not valid UTF-16; expected UTF-8 (with or without BOM) or UTF-16\n"),
        Case(name: "empty file", arguments: [h + "empty.sarif"], status: 2,
             stderr: h + "empty.sarif: error: cannot tell what kind of input this is (found an empty file); expected SARIF 2.1.0, a Terraform plan, k6 results, an lcov tracefile, JaCoCo XML, Cobertura XML — use --sarif, --tfplan, --k6, --lcov, --jacoco, --cobertura to force the kind\n"),
        Case(name: "empty file forced as SARIF", arguments: ["--sarif", h + "empty.sarif"], status: 2,
             stderr: h + "empty.sarif:1:1: error: invalid JSON: expected a SARIF log (a JSON object), found the end of the file\n"),
        Case(name: "white space only", arguments: [h + "whitespace-only.json"], status: 2,
             stderr: h + "whitespace-only.json: error: cannot tell what kind of input this is (found white space); expected SARIF 2.1.0, a Terraform plan, k6 results, an lcov tracefile, JaCoCo XML, Cobertura XML — use --sarif, --tfplan, --k6, --lcov, --jacoco, --cobertura to force the kind\n"),
        Case(name: "a directory", arguments: [h], status: 2,
             stderr: h + ": error: cannot read input: it is a directory\n"),
        Case(name: "SARIF suppression accepted by one, rejected by another", arguments: [h + "sarif-suppression-rejected.sarif"], status: 1,
             stderr: "", stdout: "verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 1 finding\n"),
        Case(name: "SARIF level none on a CRITICAL rule", arguments: [h + "sarif-level-none-critical-tag.sarif"], status: 1,
             stderr: "", stdout: "verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 1 finding\n"),
        Case(name: "SARIF ruleIndex naming a LOW rule for a CRITICAL ruleId", arguments: [h + "sarif-ruleindex-contradicts-ruleid.sarif"], status: 1,
             stderr: "", stdout: "verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 1 finding\n"),
        Case(name: "SARIF with no runs: no tool ran", arguments: [h + "sarif-no-runs.sarif"], status: 2,
             stderr: "", stdout: "verdict: ERROR (exit 2) — policy default, 1 rule, 1 input, 0 findings\n"),
        Case(name: "SARIF copies LOW then CRITICAL", arguments: [h + "sarif-copy-low-grype.sarif", h + "sarif-copy-critical-trivy.sarif"], status: 1,
             stderr: "", stdout: "verdict: FAIL (exit 1) — policy default, 1 rule, 2 inputs, 1 finding\n"),
        Case(name: "SARIF copies CRITICAL then LOW", arguments: [h + "sarif-copy-critical-trivy.sarif", h + "sarif-copy-low-grype.sarif"], status: 1,
             stderr: "", stdout: "verdict: FAIL (exit 1) — policy default, 1 rule, 2 inputs, 1 finding\n"),
        Case(name: "SARIF baselineState with new_only", arguments: ["--policy", h + "policy-new-only.yaml", h + "sarif-baseline-state.sarif"], status: 1,
             stderr: "", stdout: "verdict: FAIL (exit 1) — policy hostile-new-only, 1 rule, 1 input, 2 findings\n"),
        Case(name: "JSON key twice (SARIF)", arguments: [h + "sarif-duplicate-level.sarif"], status: 2,
             stderr: h + "sarif-duplicate-level.sarif:3:16: error: invalid JSON: duplicate key 'level' (first at 2:43); readers disagree on which copy counts, so the input is refused\n"),
        Case(name: "JSON key twice (Terraform plan)", arguments: ["--policy", "policies/terraform.yaml", h + "tfplan-duplicate-actions.json"], status: 2,
             stderr: h + "tfplan-duplicate-actions.json:4:48: error: invalid JSON: duplicate key 'actions' (first at 4:15); readers disagree on which copy counts, so the input is refused\n"),
        Case(name: "JSON key twice (k6 summary)", arguments: ["--policy", h + "policy-load-http-reqs.yaml", h + "k6-summary-duplicate-metric.json"], status: 2,
             stderr: h + "k6-summary-duplicate-metric.json:3:3: error: not a k6 summary: duplicate key 'http_req_duration' (first at 2:3); readers disagree on which copy counts, so the input is refused\n"),
        Case(name: "a JSON plan whose resource_changes key is corrupted", arguments: ["--policy", "policies/terraform.yaml", h + "tfplan-resource-changes-key-corrupted.json"], status: 2,
             stderr: h + "tfplan-resource-changes-key-corrupted.json:1:70: error: 'planned_values' holds 1 resource that 'resource_changes' does not (first 'aws_db_instance.main'); Terraform writes a change for every planned resource, so this plan is cut or altered\n"),
        Case(name: "a JSON plan whose resource_changes key is misspelt", arguments: ["--policy", "policies/terraform.yaml", h + "tfplan-resource-changes-key-typo.json"], status: 2,
             stderr: h + "tfplan-resource-changes-key-typo.json:1:387: error: unknown key 'resource_chanXes', a typo away from 'resource_changes', which the decision reads: Terraform writes no such key, so the plan is altered\n"),
        Case(name: "a data source deleted in a JSON plan", arguments: ["--policy", "policies/terraform.yaml", h + "tfplan-data-source-delete.json"], status: 2,
             stderr: h + "tfplan-data-source-delete.json:4:26: error: data source 'data.aws_db_instance.main' has actions [\"delete\"]; a data source can only be read ([\"read\"] or [\"no-op\"])\n"),
    ]

    struct MessageCase: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var status: Int32
        /// The rule's line on standard output, exactly.
        var ruleLine: String
        var testDescription: String { name }
    }

    /// Fail-opens of issue 13: the rule's own line says what the gate saw.
    static let messageCases: [MessageCase] = [
        MessageCase(name: "unreadable security-severity", arguments: [h + "sarif-security-severity-unreadable.sarif"], status: 0,
                    ruleLine: "PASS  vulnerabilities  no findings at blocking or warning levels; " + h + "sarif-security-severity-unreadable.sarif:12:30: warning: security-severity 'critical' is not a score from 0.0 to 10.0; results it rates count at level 'unknown'"),
        MessageCase(name: "ruleIndex contradicting ruleId", arguments: [h + "sarif-ruleindex-contradicts-ruleid.sarif"], status: 1,
                    ruleLine: "FAIL  vulnerabilities  blocking: 1 critical; " + h + "sarif-ruleindex-contradicts-ruleid.sarif:31:5: warning: ruleIndex 0 names rule 'CVE-2024-0003' but the result's ruleId is 'CVE-2024-0004'; the rule is taken from the ruleId"),
        MessageCase(name: "no runs", arguments: [h + "sarif-no-runs.sarif"], status: 2,
                    ruleLine: "ERROR vulnerabilities  no scan to judge: '" + h + "sarif-no-runs.sarif' has an empty 'runs' array (on_missing: error); no findings at blocking or warning levels"),
        MessageCase(name: "no runs next to a passing scan", arguments: [h + "sarif-no-runs.sarif", "samples/trivy-passes.sarif"], status: 2,
                    ruleLine: "ERROR vulnerabilities  no scan to judge: '" + h + "sarif-no-runs.sarif' has an empty 'runs' array (on_missing: error); warning: 2 medium"),
        MessageCase(name: "a run without results", arguments: [h + "sarif-run-without-results.sarif"], status: 2,
                    ruleLine: "ERROR vulnerabilities  no scan to judge: run 2 of '" + h + "sarif-run-without-results.sarif' has no 'results' array (on_missing: error); no findings at blocking or warning levels"),
        MessageCase(name: "a rule id defined twice", arguments: [h + "sarif-duplicate-rule-id.sarif"], status: 1,
                    ruleLine: "FAIL  vulnerabilities  blocking: 1 critical; " + h + "sarif-duplicate-rule-id.sarif:5:12: warning: rule id 'SECRET-1' is defined more than once with different severities; results naming it take the most severe"),
        MessageCase(name: "baselineState with new_only", arguments: ["--policy", h + "policy-new-only.yaml", h + "sarif-baseline-state.sarif"], status: 1,
                    ruleLine: "FAIL  new-vulnerabilities  blocking: 1 high; 1 already on the baseline"),
        MessageCase(name: "new_only with nothing to compare", arguments: ["--policy", h + "policy-new-only.yaml", h + "sarif-suppression-rejected.sarif"], status: 1,
                    ruleLine: "FAIL  new-vulnerabilities  blocking: 1 critical; new_only cannot tell new findings from old: no --baseline-sarif was given and 1 finding carries no SARIF baselineState; it counts as new"),
    ]

    @Test(arguments: messageCases)
    func failOpenMessage(_ testCase: MessageCase) throws {
        let result = try VerdictProcess.run(["check"] + testCase.arguments + [Self.now])
        #expect(result.status == testCase.status)
        #expect(result.stdout.split(separator: "\n").first.map(String.init) == testCase.ruleLine)
    }

    @Test(arguments: cases)
    func hostileInput(_ testCase: Case) throws {
        let result = try VerdictProcess.run(["check"] + testCase.arguments + [Self.now, "--quiet"])
        #expect(result.status == testCase.status)
        #expect(result.stderr == testCase.stderr)
        #expect(result.stdout == testCase.stdout)
        #expect(!result.stderr.contains("root:x:0:0") && !result.stdout.contains("root:x:0:0"))
    }

    // MARK: Reading no file and no network an input names

    @Test func anExternalEntityNeverReachesAnyOutput() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let markdown = directory.appendingPathComponent("report.md").path
        let record = directory.appendingPathComponent("record.json").path
        let result = try VerdictProcess.run(["check", Self.hostile + "xxe-passwd-jacoco.xml", Self.now, "--markdown", markdown, "--record", record])
        #expect(result.status == 2)
        let passwdFirstLine = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? "root:x:0:0"
        for text in [result.stdout, result.stderr, (try? String(contentsOfFile: markdown, encoding: .utf8)) ?? "", (try? String(contentsOfFile: record, encoding: .utf8)) ?? ""] {
            #expect(!text.contains(passwdFirstLine))
        }
    }

    /// The DTD's URL points at a socket this test listens on: libxml2 runs with XML_PARSE_NONET
    /// and without DTDLOAD, so no connection may arrive, and the report is judged on its content.
    @Test func aDTDOnTheNetworkIsNeverFetched() throws {
        let listener = try LocalListener()
        let directory = try VerdictProcess.temporaryDirectory()
        let template = try String(contentsOfFile: VerdictProcess.repositoryRoot.appendingPathComponent(Self.hostile + "dtd-network-fetch-cobertura.xml").path, encoding: .utf8)
        let input = directory.appendingPathComponent("dtd.xml")
        try template.replacingOccurrences(of: "PORT", with: String(listener.port)).write(to: input, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", "--policy", Self.hostile + "policy-coverage-line-80.yaml", input.path, Self.now, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stdout == "verdict: FAIL (exit 1) — policy hostile-coverage, 1 rule, 1 input\n")
        #expect(result.stderr.isEmpty)
        #expect(listener.connectionsWaiting() == 0)
    }

    // MARK: Files that are not plain files

    @Test func aSymlinkLoopIsAClearError() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let a = directory.appendingPathComponent("loop-a").path
        let b = directory.appendingPathComponent("loop-b").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        let result = try VerdictProcess.run(["check", a, Self.now])
        #expect(result.status == 2)
        #expect(result.stderr == "\(a): error: cannot read input: too many levels of symbolic links (a symlink loop?)\n")
    }

    /// A FIFO is read like a file, to the end its writer closes (opening it waits for a writer,
    /// as `cat` does); the test writes the failing sample, then closes.
    @Test func aFIFOIsReadToItsEnd() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let fifo = directory.appendingPathComponent("scan.sarif").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let sample = try Data(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"))
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
            handle.write(sample)
            try? handle.close()
        }
        writer.start()
        let result = try VerdictProcess.run(["check", fifo, Self.now, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stdout == "verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 12 findings\n")
    }

    @Test func anEndlessDeviceStopsAtTheInputLimit() throws {
        let result = try VerdictProcess.run(["check", "/dev/zero", "--max-input-bytes", "10MB", Self.now])
        #expect(result.status == 2)
        #expect(result.stderr == "/dev/zero: error: input too large: the stream sent at least 11 MiB (11534336 bytes), more than the limit of 10 MiB (10485760 bytes) (--max-input-bytes)\n")
    }

    // MARK: Big and compressed inputs

    /// A file over --max-input-bytes is refused before it is read; standard input while it is read.
    @Test func anInputOverTheSizeLimitIsRefused() throws {
        let file = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", Self.now, "--max-input-bytes", "2KB"])
        #expect(file.status == 2)
        #expect(file.stderr == "samples/trivy-fails.sarif: error: input too large: the file is 44.3 KiB (45331 bytes), more than the limit of 2 KiB (2048 bytes) (--max-input-bytes)\n")
        let sample = try Data(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"))
        let standardInput = try VerdictProcess.run(["check", "-", Self.now, "--max-input-bytes", "2KB"], stdin: sample)
        #expect(standardInput.status == 2)
        #expect(standardInput.stderr.hasPrefix("-: error: input too large: standard input sent at least "))
        #expect(standardInput.stderr.hasSuffix(", more than the limit of 2 KiB (2048 bytes) (--max-input-bytes)\n"))
        let bad = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", Self.now, "--max-input-bytes", "lots"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("Error: The value 'lots' is invalid for '--max-input-bytes <size>'"))
    }

    /// 100,000 findings (28 MB of SARIF) under a 48 MB memory limit: the model does not fit,
    /// and the gate says so and exits 2 instead of being killed; the sample fits.
    @Test func anInputWhoseModelExceedsTheMemoryLimitIsAClearError() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("many.sarif").path
        var text = #"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Trivy"}},"results":["#
        for index in 0..<100_000 {
            if index > 0 { text += "," }
            text += #"{"ruleId":"CVE-\#(index)","level":"error","message":{"text":"finding number \#(index) with a message long enough to live on the heap"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/some/long/directory/name/file\#(index).go"},"region":{"startLine":1}}}]}"#
        }
        text += "]}]}"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", path, Self.now, "--quiet", "--max-memory", "48MB"])
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("verdict: error: out of memory while reading '\(path)': the memory limit of 48 MiB (50331648 bytes) (--max-memory) was reached, or Verdict stopped on an internal error; the gate could not judge (exit 2)\n"))
        #expect(result.stdout.isEmpty)

        let sample = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", Self.now, "--quiet", "--max-memory", "48MB"])
        #expect(sample.status == 1)
    }

    /// A 200 MB line, generated here: a finding whose message is 200 MB long fails the gate,
    /// and the report stays small.
    @Test func aTwoHundredMegabyteLine() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("line.sarif").path
        var line = Data(#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Trivy"}},"results":[{"ruleId":"CVE-1","level":"error","message":{"text":""#.utf8)
        line.append(Data(repeating: UInt8(ascii: "a"), count: 200_000_000))
        line.append(Data(#""}}]}]}"#.utf8))
        try line.write(to: URL(fileURLWithPath: path))
        let markdown = directory.appendingPathComponent("report.md").path
        let result = try VerdictProcess.run(["check", path, Self.now, "--quiet", "--markdown", markdown])
        #expect(result.status == 1)
        #expect(result.stdout == "verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 1 finding\n")
        let size = (try FileManager.default.attributesOfItem(atPath: markdown)[.size] as? Int) ?? .max
        #expect(size < 70_000)

        // Cut before the end: the error quotes the line, shortened.
        try line.prefix(line.count - 8).write(to: URL(fileURLWithPath: path))
        let cut = try VerdictProcess.run(["check", path, Self.now])
        #expect(cut.status == 2)
        #expect(cut.stderr == "\(path):1:200000127: error: invalid JSON: expected '\"' closing the string, found the end of the file\n")
    }

    /// A gzip "bomb" as a k6 stream, generated here: 100 gzip members of 64 MB of zeros each
    /// (6.4 GB decompressed from 6 MB). Zeros hold no line break: the scanner refuses the
    /// endless line at 64 MB instead of buffering it.
    @Test func aGzipBombOfZerosStopsAtTheLineLimit() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.gzipBomb(in: directory, name: "zeros.ndjson.gz", byte: 0)
        let result = try VerdictProcess.run(["check", "--policy", Self.hostile + "policy-load-http-reqs.yaml", path, Self.now])
        #expect(result.status == 2)
        #expect(result.stderr == "\(path):2:1: error: line 2 of the decompressed stream is longer than 64 MiB (67108864 bytes) without a line break; k6 writes one short JSON object per line (not k6 output, or corrupt)\n")
    }

    /// The same bomb made of line breaks is stopped by --max-input-bytes on its decompressed size.
    @Test func aGzipBombOfLineBreaksStopsAtTheInputLimit() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.gzipBomb(in: directory, name: "newlines.ndjson.gz", byte: 0x0A)
        let result = try VerdictProcess.run(["check", "--policy", Self.hostile + "policy-load-http-reqs.yaml", path, Self.now, "--max-input-bytes", "16MB"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(path): error: input too large: decompressed, the gzip stream is at least "))
        #expect(result.stderr.hasSuffix(", more than the limit of 16 MiB (16777216 bytes) (--max-input-bytes; a gzip bomb?)\n"))
    }

    /// A k6 Metric line, then 100 members of 64 MB of `byte` each.
    static func gzipBomb(in directory: URL, name: String, byte: UInt8) throws -> String {
        let header = Data(#"{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}"#.utf8 + [0x0A])
        var bomb = try Gzip.compress(header)
        let member = try Gzip.compress(Data(repeating: byte, count: 64 << 20))
        for _ in 0..<100 { bomb.append(member) }
        let path = directory.appendingPathComponent(name).path
        try bomb.write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: Text that must stay inert in the report

    @Test func markdownInjectionComesOutInert() throws {
        let result = try VerdictProcess.run(["check", Self.hostile + "markdown-injection.sarif", Self.now, "--markdown", "-"])
        #expect(result.status == 1)
        let report = result.stdout
        // Verdict's own markup: one <details> opened and closed per rule section, nothing else.
        #expect(report.components(separatedBy: "</details>").count - 1 == 1)
        #expect(report.components(separatedBy: "<details>").count - 1 == 1)
        for raw in ["<img", "<script", "</summary> early", "@org/team", "@admin", "](javascript:", "[click]", "<!-- hidden", "| break |", "``"] {
            #expect(!report.contains(raw), "the report contains '\(raw)' unescaped")
        }
        for escaped in ["&lt;img src=x onerror=alert\\(document.domain\\)&gt;", "closes &lt;/details&gt;&lt;/summary&gt; early",
                        "@&#8203;org/team", "\\[click\\]\\(javascript:alert\\(1\\)\\)", "cell \\| break \\| the \\| table \\|",
                        "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"] {
            #expect(report.contains(escaped), "the report lacks '\(escaped)'")
        }
        // Every table row still has the table's column count: no pipe broke out of its cell.
        for row in report.split(separator: "\n") where row.hasPrefix("| critical | block |") {
            let cells = row.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false)
            #expect(cells.count == 8)
        }
    }
}

/// A TCP socket on 127.0.0.1 that counts the connections nobody accepted.
final class LocalListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else {
            port = 0
            throw CocoaError(.fileWriteUnknown)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(descriptor) }

    /// Accepts (and closes) every connection waiting.
    func connectionsWaiting() -> Int {
        var count = 0
        while true {
            let connection = accept(descriptor, nil, nil)
            if connection < 0 { return count }
            close(connection)
            count += 1
        }
    }
}
