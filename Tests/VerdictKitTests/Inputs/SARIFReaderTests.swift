import Foundation
import Testing
@testable import VerdictKit

/// Severity resolution, identity and encodings on small hand-written SARIF documents.
@Suite struct SARIFReaderTests {
    /// A one-run SARIF log with the given rules and results (JSON fragments).
    static func log(rules: String = "", results: String, tool: String = "Trivy") -> String {
        """
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "\(tool)", "rules": [\(rules)]}}, "results": [\(results)]}]}
        """
    }

    static func read(_ text: String) throws -> FindingSet {
        try SARIFReader.read(Fixtures.input(text: text))
    }

    struct LevelCase: CustomTestStringConvertible, Sendable {
        var name: String
        var rule: String
        var result: String
        var expected: Severity?
        var testDescription: String { name }
    }

    static let levelCases: [LevelCase] = [
        LevelCase(name: "tag wins over score and level", rule: #"{"id": "X", "properties": {"tags": ["vulnerability", "security", "HIGH"], "security-severity": "9.8"}}"#,
                  result: #"{"ruleId": "X", "ruleIndex": 0, "level": "note", "message": {"text": "m"}}"#, expected: .high),
        LevelCase(name: "tag in mixed case (oldest template)", rule: #"{"id": "X", "properties": {"tags": ["Medium", "openssl"]}}"#,
                  result: #"{"ruleId": "X", "ruleIndex": 0, "level": "error", "message": {"text": "m"}}"#, expected: .medium),
        LevelCase(name: "a tag containing a severity word is not a severity tag", rule: #"{"id": "X", "properties": {"tags": ["CWE-732: Incorrect Permission Assignment for Critical Resource"]}}"#,
                  result: #"{"ruleId": "X", "ruleIndex": 0, "level": "warning", "message": {"text": "m"}}"#, expected: .medium),
        LevelCase(name: "result security-severity 9.0 is critical", rule: #"{"id": "X"}"#,
                  result: #"{"ruleId": "X", "level": "note", "message": {"text": "m"}, "properties": {"security-severity": "9.0"}}"#, expected: .critical),
        LevelCase(name: "rule security-severity 8.9 is high", rule: #"{"id": "X", "properties": {"security-severity": 8.9}}"#,
                  result: #"{"ruleId": "X", "message": {"text": "m"}}"#, expected: .high),
        LevelCase(name: "security-severity 7.0 is high", rule: #"{"id": "X", "properties": {"security-severity": "7.0"}}"#,
                  result: #"{"ruleId": "X", "message": {"text": "m"}}"#, expected: .high),
        LevelCase(name: "security-severity 4.0 is medium", rule: #"{"id": "X", "properties": {"security-severity": "4.0"}}"#,
                  result: #"{"ruleId": "X", "message": {"text": "m"}}"#, expected: .medium),
        LevelCase(name: "security-severity 0.1 is low", rule: #"{"id": "X", "properties": {"security-severity": "0.1"}}"#,
                  result: #"{"ruleId": "X", "message": {"text": "m"}}"#, expected: .low),
        LevelCase(name: "security-severity 0 falls through to the level", rule: #"{"id": "X", "properties": {"security-severity": "0.0"}}"#,
                  result: #"{"ruleId": "X", "level": "error", "message": {"text": "m"}}"#, expected: .high),
        LevelCase(name: "result level error is high", rule: #"{"id": "X"}"#,
                  result: #"{"ruleId": "X", "level": "error", "message": {"text": "m"}}"#, expected: .high),
        LevelCase(name: "rule default level note is low", rule: #"{"id": "X", "defaultConfiguration": {"level": "note"}}"#,
                  result: #"{"ruleId": "X", "message": {"text": "m"}}"#, expected: .low),
        LevelCase(name: "no level anywhere is SARIF's warning: medium", rule: #"{"id": "X"}"#,
                  result: #"{"ruleId": "X", "message": {"text": "m"}}"#, expected: .medium),
        LevelCase(name: "severity prefix of 2020 templates", rule: #"{"id": "[LOW] CVE-1", "properties": {"tags": ["openssl"]}}"#,
                  result: #"{"ruleId": "[LOW] CVE-1", "ruleIndex": 0, "level": "error", "message": {"text": "m"}}"#, expected: .low),
        LevelCase(name: "level none without severity metadata is not a finding", rule: #"{"id": "X", "properties": {"tags": ["security"]}}"#,
                  result: #"{"ruleId": "X", "level": "none", "message": {"text": "m"}}"#, expected: nil),
        LevelCase(name: "level none with a severity tag is judged by the tag", rule: #"{"id": "X", "properties": {"tags": ["HIGH"]}}"#,
                  result: #"{"ruleId": "X", "level": "none", "message": {"text": "m"}}"#, expected: .high),
        LevelCase(name: "level none with a rule security-severity is judged by the score", rule: #"{"id": "X", "properties": {"security-severity": "9.1"}}"#,
                  result: #"{"ruleId": "X", "level": "none", "message": {"text": "m"}}"#, expected: .critical),
        LevelCase(name: "default level none with a result security-severity", rule: #"{"id": "X", "defaultConfiguration": {"level": "none"}}"#,
                  result: #"{"ruleId": "X", "message": {"text": "m"}, "properties": {"security-severity": 7}}"#, expected: .high),
        LevelCase(name: "security-severity with surrounding spaces is read", rule: #"{"id": "X", "properties": {"security-severity": " 9.8\t"}}"#,
                  result: #"{"ruleId": "X", "level": "note", "message": {"text": "m"}}"#, expected: .critical),
        LevelCase(name: "security-severity that is a word counts at unknown, not medium", rule: #"{"id": "X", "properties": {"security-severity": "high"}}"#,
                  result: #"{"ruleId": "X", "level": "warning", "message": {"text": "m"}}"#, expected: .unknown),
        LevelCase(name: "security-severity above 10 counts at unknown", rule: #"{"id": "X", "properties": {"security-severity": 11}}"#,
                  result: #"{"ruleId": "X", "level": "error", "message": {"text": "m"}}"#, expected: .unknown),
        LevelCase(name: "security-severity with a decimal comma counts at unknown", rule: #"{"id": "X"}"#,
                  result: #"{"ruleId": "X", "level": "none", "message": {"text": "m"}, "properties": {"security-severity": "7,5"}}"#, expected: .unknown),
        LevelCase(name: "a severity tag with spaces", rule: #"{"id": "X", "properties": {"tags": ["security", " CRITICAL "]}}"#,
                  result: #"{"ruleId": "X", "level": "none", "message": {"text": "m"}}"#, expected: .critical),
        LevelCase(name: "security-severity nan counts at unknown", rule: #"{"id": "X", "properties": {"security-severity": "nan"}}"#,
                  result: #"{"ruleId": "X", "level": "error", "message": {"text": "m"}}"#, expected: .unknown),
        LevelCase(name: "kind pass is not a finding", rule: #"{"id": "X"}"#,
                  result: #"{"ruleId": "X", "kind": "pass", "level": "error", "message": {"text": "m"}}"#, expected: nil),
        LevelCase(name: "kind informational is not a finding", rule: #"{"id": "X"}"#,
                  result: #"{"ruleId": "X", "kind": "informational", "message": {"text": "m"}}"#, expected: nil),
    ]

    @Test(arguments: levelCases)
    func resolvesTheFindingLevel(_ testCase: LevelCase) throws {
        let set = try Self.read(Self.log(rules: testCase.rule, results: testCase.result))
        #expect(set.findings.first?.level == testCase.expected)
        #expect(set.informationalCount == (testCase.expected == nil ? 1 : 0))
    }

    @Test func trivy048LiteralBackslashNIsALineBreak() throws {
        let message = #"Package: openssl\\nInstalled Version: 1.1.1c\\nVulnerability CVE-1\\nSeverity: HIGH\\nFixed Version: 1.1.1d"#
        let set = try Self.read(Self.log(results: #"{"ruleId": "CVE-1", "level": "error", "message": {"text": "\#(message)"}}"#))
        let finding = try #require(set.findings.first)
        #expect(finding.package == "openssl")
        #expect(finding.installedVersion == "1.1.1c")
        #expect(finding.fixedVersion == "1.1.1d")
    }

    @Test func theSameFindingInTwoRunsCountsOnce() throws {
        let result = #"{"ruleId": "CVE-1", "level": "error", "message": {"text": "Package: a\nInstalled Version: 1"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "go.sum"}, "region": {"startLine": 3}}}]}"#
        let run = #"{"tool": {"driver": {"name": "Trivy"}}, "results": [\#(result)]}"#
        let set = try Self.read(#"{"version": "2.1.0", "runs": [\#(run), \#(run)]}"#)
        #expect(set.findings.count == 1)
        #expect(set.duplicateCount == 1)
    }

    @Test func acceptedSuppressionsAreKeptWithTheirJustification() throws {
        let set = try Self.read(Self.log(results: """
            {"ruleId": "A", "level": "error", "message": {"text": "a"}, "suppressions": [{"kind": "inSource", "justification": "test key"}]},
            {"ruleId": "B", "level": "error", "message": {"text": "b"}, "suppressions": [{"kind": "external", "status": "rejected"}]}
            """))
        #expect(set.findings.first { $0.ruleID == "A" }?.suppression == "test key")
        #expect(set.findings.first { $0.ruleID == "B" }?.suppression == nil)
    }

    @Test func resultsBeforeTheToolAreResolvedAtTheEndOfTheRun() throws {
        let set = try Self.read(#"{"runs": [{"results": [{"ruleId": "X", "ruleIndex": 0, "message": {"text": "m"}}], "tool": {"driver": {"name": "T", "rules": [{"id": "X", "properties": {"tags": ["CRITICAL"]}}]}}}], "version": "2.1.0"}"#)
        #expect(set.findings.map(\.level) == [.critical])
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var message: String
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "truncated", text: #"{"version": "2.1.0", "runs": [{"tool": {"#,
                message: "1:41: invalid JSON: expected '}' or a key, found the end of the file"),
        BadCase(name: "wrong version", text: #"{"version": "2.0.0", "runs": []}"#,
                message: "1:13: unsupported SARIF version: expected '2.1.0', found '2.0.0'"),
        BadCase(name: "no runs", text: #"{"version": "2.1.0"}"#,
                message: "not a SARIF log: expected a 'runs' array, found none"),
        BadCase(name: "ruleIndex out of range", text: log(results: #"{"ruleId": "X", "ruleIndex": 4, "message": {"text": "m"}}"#),
                message: "1:96: result refers to ruleIndex 4, which does not exist; the run has 0 rules"),
        BadCase(name: "unknown level", text: log(results: #"{"ruleId": "X", "level": "fatal", "message": {"text": "m"}}"#),
                message: "1:121: unknown SARIF level 'fatal'; expected one of none, note, warning, error"),
        BadCase(name: "trailing garbage", text: #"{"version": "2.1.0", "runs": []} {"#,
                message: "1:34: invalid JSON: expected the end of the document after its value, found '{'"),
    ]

    @Test(arguments: badCases)
    func malformedInputIsAnErrorWithItsPosition(_ testCase: BadCase) throws {
        let error = try #require(throws: InputError.self) { try Self.read(testCase.text) }
        let diagnostic = try #require(error.diagnostics.first)
        let position = diagnostic.position.map { "\($0.line):\($0.column): " } ?? ""
        #expect(position + diagnostic.message == testCase.message)
        #expect(diagnostic.path == "test.sarif")
    }

    @Test func invalidUTF8IsRejectedNotReplaced() throws {
        var bytes = Array(#"{"version": "2.1.0", "runs": [], "x": "ab"}"#.utf8)
        bytes.insert(0xFF, at: bytes.count - 3)
        let file = try InputFile(path: "bad.sarif", raw: Data(bytes))
        let error = try #require(throws: InputError.self) { try SARIFReader.read(file) }
        #expect(error.diagnostics.first?.message == "invalid JSON: expected a string of valid UTF-8, found 'a\u{FFFD}b\"}'")
    }

    @Test func deepNestingIsRefusedWithoutCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: InputError.self) { try Self.read(#"{"version": "2.1.0", "runs": [], "x": \#(deep)}"#) }
        #expect(error.diagnostics.first?.message.contains("nesting no deeper than 512 levels") == true)
    }

    @Test func utf8BOMAndUTF16AreReadLikeUTF8() throws {
        let text = Self.log(results: #"{"ruleId": "X", "level": "error", "message": {"text": "é"}}"#)
        let plain = try SARIFReader.read(InputFile(path: "a", raw: Data(text.utf8)))
        let bom = try SARIFReader.read(InputFile(path: "b", raw: Data([0xEF, 0xBB, 0xBF] + Array(text.utf8))))
        let utf16 = try SARIFReader.read(InputFile(path: "c", raw: text.data(using: .utf16)!))
        let utf16LE = try SARIFReader.read(InputFile(path: "d", raw: text.data(using: .utf16LittleEndian)!))
        #expect(plain == bom)
        #expect(plain == utf16)
        #expect(plain == utf16LE)
        #expect(plain.findings.first?.message == "é")
    }

    @Test func utf32IsRefusedClearly() throws {
        let raw = Data([0xFF, 0xFE, 0, 0, 0x7B, 0, 0, 0])
        let error = try #require(throws: InputError.self) { try InputFile(path: "x.sarif", raw: raw) }
        #expect(error == .unsupportedEncoding(path: "x.sarif", detail: "the file looks like UTF-32"))
    }
}
