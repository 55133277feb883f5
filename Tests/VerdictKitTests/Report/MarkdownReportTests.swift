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
