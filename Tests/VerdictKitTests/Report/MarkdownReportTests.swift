import Foundation
import Testing
@testable import VerdictKit

@Suite struct MarkdownReportTests {
    static func decision(findings: [Finding], policy: String = "version: 1\nname: test\nrules: [{id: vulns, kind: severity, block: [critical, high], warn: [medium]}]\n") throws -> Decision {
        let facts = Facts(findings: FindingSet(findings: findings), inputs: [
            InputDescriptor(kind: .sarif, role: .subject, path: "scan.sarif", size: 1234, sha256: String(repeating: "ab", count: 32)),
        ])
        return Evaluator(policy: try Fixtures.policy(policy), now: Fixtures.now).evaluate(facts)
    }

    static let hostileMessages = [
        "</details><img src=x onerror=alert(1)>",
        "ping @org/security-team and @admin",
        "[click](javascript:alert(1))",
        "a | b | c\n| --- |",
        String(repeating: "`", count: 10_000),
        "<!-- verdict:report -->",
        "# heading\n- list\n> quote",
        "$x^2$ math and ~~strike~~ and *bold* _it_",
        "line\r\nbreak\u{1B}[31m red",
    ]

    @Test(arguments: hostileMessages)
    func inputTextComesOutInert(_ message: String) throws {
        let finding = Finding(ruleID: message, level: .high, tool: message, message: message,
                              location: FindingLocation(uri: message, line: 1), package: message)
        let report = MarkdownReport().render(try Self.decision(findings: [finding]))
        let escaped = MarkdownText.escape(message)
        #expect(!escaped.contains("<"))
        #expect(!escaped.contains(">"))
        #expect(!escaped.contains("\n"))
        #expect(!escaped.contains("\u{1B}"))
        #expect(!report.contains("@org"))
        #expect(!report.contains("<img"))
        #expect(!report.contains("](javascript"))
        #expect(report.components(separatedBy: "<!-- verdict:report -->").count == 2, "the marker appears once")
        #expect(report.components(separatedBy: "</details>").count == report.components(separatedBy: "<details>").count)
        // Every table row keeps its column count: escaped pipes do not split cells.
        for line in report.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect([5, 6, 7, 8].contains(cells), "\(line.prefix(80))")
        }
    }

    @Test func escapeIsExact() {
        #expect(MarkdownText.escape("a|b <c> @d [e](f) `g` *h* _i_ #1 & ~") == ##"a\|b &lt;c&gt; @&#8203;d \[e\]\(f\) \`g\` \*h\* \_i\_ \#1 &amp; \~"##)
        #expect(MarkdownText.escape("abcdef", limit: 3) == "abc…")
    }

    /// GitHub links and renders these on the text after parsing, so backslashes do not help:
    /// a zero-width space goes where each pattern would match.
    @Test(arguments: [
        ("see https://evil.example/x", "see https:&#8203;//evil.example/x"),
        ("HTTP://A.B and ftp://c", "HTTP:&#8203;//A.B and ftp:&#8203;//c"),
        ("visit www.evil.example or WWW.x.y", "visit www&#8203;.evil.example or WWW&#8203;.x.y"),
        ("fixes GH-123, gh-7", "fixes GH&#8203;-123, gh&#8203;-7"),
        (":rocket: ok :+1: a:b:c", ":&#8203;rocket: ok :&#8203;+1: a:&#8203;b:c"),
        ("plain: text, awww.x, high-1, ghost-1, 10 : 20", "plain: text, awww.x, high-1, ghost-1, 10 : 20"),
        ("(www.x)", "\\(www&#8203;.x\\)"),
    ])
    func autolinksAndShortcodesAreBroken(input: String, expected: String) {
        #expect(MarkdownText.escape(input) == expected)
    }

    /// The whole report with links, references and shortcodes in every field a finding has.
    @Test func autolinkBaitSnapshot() throws {
        let text = "see https://evil.example/login, www.evil.example, GH-1 and :warning: :+1:"
        let finding = Finding(ruleID: "GH-42", level: .high, tool: "www.tool.example", message: text,
                              location: FindingLocation(uri: "https://evil.example/a.js", line: 3), package: ":rocket:")
        try Snapshot.assert(MarkdownReport().render(try Self.decision(findings: [finding])), named: "autolink-bait.md")
    }

    /// 3,000 inputs with long paths once filled the budget and pushed every deciding finding out.
    @Test func decidingFindingsComeBeforeTheInputList() throws {
        let findings = (1...40).map { (index: Int) in
            Finding(ruleID: "CVE-\(index)", level: .high, tool: "Trivy", message: "m", location: FindingLocation(uri: "a", line: index), package: "p\(index)")
        }
        let inputs = (0..<3_000).map { index in
            InputDescriptor(kind: .sarif, role: .subject, path: "reports/" + String(repeating: "deep/", count: 20) + "scan-\(index).sarif",
                            size: 1234, sha256: String(repeating: "cd", count: 32))
        }
        let facts = Facts(findings: FindingSet(findings: findings), inputs: inputs)
        let policy = "version: 1\nname: test\nrules: [{id: vulns, kind: severity, block: [critical, high]}]\n"
        let decision = Evaluator(policy: try Fixtures.policy(policy), now: Fixtures.now).evaluate(facts)
        let report = MarkdownReport().render(decision)
        #expect(report.count <= MarkdownReport.defaultCharacterLimit)
        for index in 1...40 { #expect(report.contains("| high | block | CVE-\(index) | p\(index) |"), "CVE-\(index)") }
        #expect(!report.contains("finding rows were left out"))
        #expect(!report.contains("This report was cut"))
        // Halved 3,000 → 1,500 → 750 → 375: 750 inputs of ~150 characters do not fit in 65,000, 375 do.
        #expect(report.contains("and 2625 more inputs (the decision record lists every input)"))
        #expect(report.components(separatedBy: "(SARIF, 1 KB, sha256 cdcdcdcdcdcd)").count - 1 == 375)
    }

    @Test func startsWithTheMarkerAndListsWorstFirst() throws {
        let report = MarkdownReport().render(try Self.decision(findings: [
            Finding(ruleID: "CVE-M", level: .medium, tool: "Trivy", message: "m", location: FindingLocation(uri: "a", line: 1), package: "m"),
            Finding(ruleID: "CVE-C", level: .critical, tool: "Trivy", message: "c", location: FindingLocation(uri: "a", line: 1), package: "c"),
        ]))
        #expect(report.hasPrefix("<!-- verdict:report -->\n## ❌ Verdict: FAIL"))
        let critical = try #require(report.range(of: "CVE\\-C") ?? report.range(of: "CVE-C"))
        let medium = try #require(report.range(of: "CVE-M"))
        #expect(critical.lowerBound < medium.lowerBound)
    }

    @Test func longListsStopAtFiftyRowsPerRule() throws {
        let findings = (1...120).map { Finding(ruleID: "CVE-\($0)", level: .high, tool: "T", message: "m", location: FindingLocation(uri: "f", line: $0), package: "p\($0)") }
        let report = MarkdownReport().render(try Self.decision(findings: findings))
        #expect(report.contains("…and 70 more."))
        #expect(!report.contains("left out to keep this comment under"))
    }

    @Test func theReportStaysUnderTheSizeLimitAndSaysWhatWasCut() throws {
        let long = String(repeating: "x", count: 400)
        let findings = (1...5000).map { Finding(ruleID: "CVE-\($0)-\(long)", level: $0 % 2 == 0 ? .high : .medium, tool: "T", message: long,
                                                location: FindingLocation(uri: "\(long)/\($0)", line: $0), package: "\(long)\($0)") }
        let policy = "version: 1\nname: big\nrules:\n" + (1...8).map { "  - {id: r\($0), kind: severity, block: [high], warn: [medium]}" }.joined(separator: "\n") + "\n"
        let report = MarkdownReport().render(try Self.decision(findings: findings, policy: policy))
        #expect(report.count <= 65_000)
        #expect(report.contains("finding rows were left out to keep this comment under GitHub's size limit"))
        #expect(report.hasPrefix(MarkdownReport.marker))
        #expect(report.components(separatedBy: "<details>").count == report.components(separatedBy: "</details>").count)
    }

    @Test func aTinyLimitFallsBackToAHardCutAtALineBoundary() throws {
        let report = MarkdownReport(characterLimit: 400).render(try Self.decision(findings: []))
        #expect(report.count <= 400)
        #expect(report.contains("This report was cut"))
    }
}
