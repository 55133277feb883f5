import Foundation
import Testing
@testable import VerdictKit

/// The GitHub Actions runner runs as a workflow command any line of stdout or stderr starting
/// (after blanks) with `::`, and any `##[…]` in a line. Input text carrying them (SARIF
/// messages and paths, k6 metric names, file names, a policy's name, rule ids and messages)
/// must reach no command's output in a form the runner would act on.
@Suite struct WorkflowCommandInjectionTests {
    static let now = "--now=2026-11-21T12:00:00Z"
    static let h = "Tests/Fixtures/hostile/"
    static let sarif = h + "workflow-commands.sarif"
    static let k6 = h + "workflow-commands-k6-summary.json"
    static let policy = h + "policy-workflow-commands.yaml"

    /// Every line of both streams is inert; with `annotations`, lines Verdict wrote as
    /// `::error …::`/`::warning …::` commands are allowed.
    static func expectInert(_ output: VerdictProcess.Output, annotations: Bool = false, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        for (stream, text) in [("stdout", output.stdout), ("stderr", output.stderr)] {
            for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map({ String(String.UnicodeScalarView($0)) }) {
                let trimmed = line.drop { $0.isWhitespace }
                if trimmed.hasPrefix("::") {
                    let ours = annotations && stream == "stdout" && (line.hasPrefix("::error ") || line.hasPrefix("::warning "))
                    #expect(ours, "\(what) \(stream): a workflow command line: \(line)", sourceLocation: sourceLocation)
                }
                #expect(!line.contains("##["), "\(what) \(stream): \(line)", sourceLocation: sourceLocation)
                #expect(!line.unicodeScalars.contains { LogText.isEscaped($0) }, "\(what) \(stream): a control character in \(line.debugDescription)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: [
        ["check", policy, sarif],
        ["check", policy, sarif, "--format", "json"],
        ["check", policy, sarif, "--format", "markdown"],
        ["check", policy, sarif, "--annotations", "github"],
        ["check", policy, sarif, "--markdown", "-"],
        ["facts", policy, sarif],
        ["facts", policy, sarif, "--compact"],
    ])
    func checkAndFacts(arguments: [String]) throws {
        let command = [arguments[0], "--policy", arguments[1]] + arguments[2...] + [Self.now]
        let result = try VerdictProcess.run(command)
        #expect(result.status == (arguments[0] == "check" ? 1 : 0), "\(result.stderr)")
        Self.expectInert(result, annotations: arguments.contains("--annotations"), command.joined(separator: " "))
    }

    @Test func factsShowsAHostileK6MetricNameInert() throws {
        let result = try VerdictProcess.run(["facts", "--k6", Self.k6, Self.now])
        #expect(result.status == 0, "\(result.stderr)")
        Self.expectInert(result, "facts --k6")
        // JSON's own escape: the value is the metric name as k6 wrote it.
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let metrics = ((document?["load"] as? [String: Any])?["metrics"] as? [String: Any]) ?? [:]
        #expect(metrics.keys.contains("evil\n::error::forged ##[set-output name=a;]b"))
        #expect(result.stdout.contains("#\\u0023[set-output"))
    }

    @Test func theJSONRecordKeepsTheValuesExactly() throws {
        let result = try VerdictProcess.run(["check", "--policy", Self.policy, Self.sarif, "--format", "json", Self.now])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        #expect(text.contains("##[set-output name=passed;]true"), "the decoded values still hold the text")
    }

    @Test func annotationsEscapeTheirValues() throws {
        let result = try VerdictProcess.run(["check", "--policy", Self.policy, Self.sarif, "--annotations", "github", Self.now])
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        #expect(!lines.isEmpty)
        #expect(lines.contains { $0.hasPrefix("::error file=src/#\\u{23}[warning]x%0A%3A%3Anotice%3A%3Ay.js,line=3,") }, "\(lines)")
        #expect(lines.contains { $0.hasSuffix("(high)::\\u{3A}:error file=x::forged%0A#\\u{23}[set-output name=passed;]true") }, "\(lines)")
    }

    @Test func replayAndLogAndVerify() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let record = directory.appendingPathComponent("record.json").path
        let ledger = directory.appendingPathComponent("ledger.db").path
        let check = try VerdictProcess.run(["check", "--policy", Self.policy, Self.sarif, "--record", record, "--ledger", ledger, Self.now])
        #expect(check.status == 1, "\(check.stderr)")
        for command in [["replay", record], ["log", "--ledger", ledger], ["log", "--ledger", ledger, "--json"], ["ledger", "verify", ledger]] {
            let result = try VerdictProcess.run(command)
            Self.expectInert(result, command.joined(separator: " "))
        }
        // What-if under a policy whose messages differ: the differences quote rule messages.
        let whatIf = try VerdictProcess.run(["replay", record, "--policy", "policies/default.yaml"])
        Self.expectInert(whatIf, "replay --policy")
    }

    @Test func hostileFileNamesAndErrors() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let name = directory.appendingPathComponent("scan\n::error::forged ##[set-output name=a;]b.sarif")
        try FileManager.default.copyItem(atPath: VerdictProcess.repositoryRoot.appendingPathComponent(Self.sarif).path, toPath: name.path)
        for arguments in [
            ["check", name.path, Self.now],
            ["check", name.path, Self.now, "--format", "json"],
            ["check", directory.appendingPathComponent("missing\n::error::x ##[group]y.sarif").path, Self.now],
            ["check", "--policy", directory.appendingPathComponent("::error::p\n::warning::q.yaml").path, name.path, Self.now],
            ["facts", name.path, Self.now],
        ] {
            let result = try VerdictProcess.run(arguments)
            #expect(result.status != 0 || arguments[0] == "facts")
            Self.expectInert(result, arguments.joined(separator: " "))
        }
    }

    @Test func policyLintAndPolicyErrors() throws {
        let lint = try VerdictProcess.run(["policy", "lint", Self.policy, Self.now])
        #expect(lint.status == 0, "\(lint.stderr)")
        Self.expectInert(lint, "policy lint")
        // An invalid policy: its snippet quotes the offending line.
        let directory = try VerdictProcess.temporaryDirectory()
        let bad = directory.appendingPathComponent("bad.yaml")
        try "version: 1\nrules:\n  - {id: x, kind: severity, block: [high], \"::error::k ##[group]\": 1}\n::warning::z: 1\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["policy", "lint", bad.path, Self.now])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown key '\\u{3A}:error::k #\\u{23}[group]'") || result.stderr.contains("unknown key '::error::k #\\u{23}[group]'"),
                "\(result.stderr)")
        Self.expectInert(result, "policy lint (invalid)")
    }

    @Test func policyTestLines() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let root = VerdictProcess.repositoryRoot
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent(Self.policy), to: directory.appendingPathComponent("policy.yaml"))
        try FileManager.default.copyItem(at: root.appendingPathComponent(Self.sarif), to: directory.appendingPathComponent("scan.sarif"))
        let cases = directory.appendingPathComponent("cases")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        try "policy: ../policy.yaml\ninputs: [../scan.sarif]\nnow: 2026-11-21T12:00:00Z\nexpect: { outcome: pass, rules: { 'jq-##[set-output]': pass } }\n"
            .write(to: cases.appendingPathComponent("::error::case ##[group]x.yaml"), atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["test", cases.path])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("FAIL ::error::case #\\u{23}[group]x.yaml: rule 'jq-#\\u{23}[set-output]' expected pass, got fail (\\u{3A}:error file=x::forged\\u{A}#\\u{23}[set-output"), "\(result.stdout)")
        Self.expectInert(result, "test")
    }
}

@Suite struct LogTextTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var output: String
        var testDescription: String { input.debugDescription }
    }

    @Test(arguments: [
        Case(input: "plain text: a::b", output: "plain text: a::b"),
        Case(input: "::error::x", output: "\\u{3A}:error::x"),
        Case(input: "  \t::add-mask::x", output: "  \t\\u{3A}:add-mask::x"),
        Case(input: "\u{3000}::x", output: "\u{3000}\\u{3A}:x"),
        Case(input: "a\n  ::b\n", output: "a\n  \\u{3A}:b\n"),
        Case(input: "x ##[set-output name=a;]b ###[c", output: "x #\\u{23}[set-output name=a;]b ##\\u{23}[c"),
        Case(input: "a\r::b", output: "a\\u{D}::b"),
        Case(input: "esc \u{1B}[31m nel\u{85} ls\u{2028} rlo\u{202E}", output: "esc \\u{1B}[31m nel\\u{85} ls\\u{2028} rlo\\u{202E}"),
        Case(input: ":", output: ":"),
        Case(input: "##", output: "##"),
    ])
    func neutralised(_ testCase: Case) {
        #expect(LogText.neutralised(testCase.input) == testCase.output)
    }

    @Test func singleLineEscapesLineBreaks() {
        #expect(LogText.singleLine("a\n::b\tc") == "a\\u{A}::b\\u{9}c")
    }

    @Test func jsonKeepsTheValueWithItsOwnEscapes() throws {
        let value = "x ##[set-output]\u{85}\u{2028}"
        let json = JSONValue.string(value).compact()
        #expect(json == "\"x #\\u0023[set-output]\\u0085\\u2028\"")
        #expect(LogText.neutralised(json) == json)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == value)
    }

    @Test func aDiagnosticIsOneLineAndItsSnippetIsEscaped() {
        let diagnostic = Diagnostic(path: "p.yaml", message: "found 'a\n::error::b'")
        #expect(diagnostic.message == "found 'a\\u{A}::error::b'")
        #expect(SourceSnippet.make(text: "::error::x\u{1B}", line: 1, column: 1) == "    \\u{3A}:error::x\\u{1B}\n    ^")
    }
}
