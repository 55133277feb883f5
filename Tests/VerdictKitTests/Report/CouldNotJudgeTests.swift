import Foundation
import Testing
@testable import VerdictKit

/// The writers of a run that could not judge, on hostile and repeated reasons.
@Suite struct CouldNotJudgeTests {
    static let at = Date(timeIntervalSince1970: 1_795_000_000)

    static func failure(_ paths: [String], message: String = "unexpected end of input") -> CouldNotJudge {
        CouldNotJudge(.inputs(paths.map { Diagnostic(path: $0, position: TextPosition(line: 3, column: 7), message: message) }), evaluatedAt: at)
    }

    @Test func aPolicyErrorNamesThePolicy() {
        let failure = CouldNotJudge(.policy(PolicyError(path: "p.yaml", message: "unknown key 'blok'")), evaluatedAt: Self.at)
        #expect(failure.reasons.map(\.subject) == [.policy])
        #expect(failure.reasons.first?.sentence.hasPrefix("could not judge: policy 'p.yaml': p.yaml") == true)
        #expect(failure.outcome == .error && failure.exitStatus == .couldNotJudge)
    }

    @Test func aPipelineErrorWithoutDiagnosticsStillGivesAReason() {
        #expect(CouldNotJudge(.inputs([]), evaluatedAt: Self.at).reasons.count == 1)
    }

    /// A file name is attacker-controlled: a line break in it must not start a workflow command,
    /// an output, a dotenv variable or markdown.
    @Test func aFileNameWithLineBreaksAndWorkflowCommandsStaysInert() {
        let failure = Self.failure(["evil\n::error::forged\nexit_code=0\n.sarif"])
        let annotations = GitHubAnnotations.render(failure)
        #expect(annotations.split(separator: "\n").count == 1)
        #expect(!annotations.contains("\n::error::forged"))
        let outputs = GitHubOutputs.render(failure)
        #expect(!outputs.split(separator: "\n").contains("exit_code=0"))
        #expect(outputs.hasPrefix("outcome=error\nexit_code=2\n"))
        #expect(GitLabDotenv.render(failure).split(separator: "\n").count == 5)
        #expect(MarkdownReport().render(failure).components(separatedBy: "\n").count == 9)
        #expect(!JUnitReport.render(failure).contains("\n::error::forged"))
    }

    /// Two unreadable files with one message: two Code Quality issues and two SARIF results,
    /// never folded into one by a shared fingerprint.
    @Test func fingerprintsAreUniquePerReason() throws {
        let failure = Self.failure(["a.sarif", "b.sarif", "a.sarif"])
        let issues = try #require(JSONSerialization.jsonObject(with: Data(GitLabCodeQuality.render(failure).utf8)) as? [[String: Any]])
        #expect(issues.count == 3)
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == 3)
        let log = try #require(JSONSerialization.jsonObject(with: Data(SARIFReport.render(failure).utf8)) as? [String: Any])
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let fingerprints = results.compactMap { ($0["partialFingerprints"] as? [String: String])?["verdictIdentity/v1"] }
        #expect(Set(fingerprints).count == 3)
    }

    @Test func standardInputHasNoLocation() throws {
        let failure = Self.failure(["-"])
        #expect(GitHubAnnotations.render(failure).hasPrefix("::error title="))
        let log = try #require(JSONSerialization.jsonObject(with: Data(SARIFReport.render(failure).utf8)) as? [String: Any])
        let result = try #require(((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        #expect(result["locations"] == nil)
    }

    @Test func theOutputIsTheSameOnEveryRun() {
        let failure = Self.failure(["a.sarif", "b.sarif"])
        #expect(SARIFReport.render(failure) == SARIFReport.render(failure))
        #expect(JUnitReport.render(failure).contains("timestamp=\"2026-11-18T11:06:40\""))
    }
}
