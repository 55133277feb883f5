import Foundation
import Testing
@testable import VerdictKit

/// Every single-member edit of an unsigned record is reported as different, or refused, by
/// replay — never identical. Run over every leaf of two checked-in records: the v1 SARIF record
/// (waivers, baseline, findings, context) and a Terraform record with `risk` and
/// `approval_required` (Tests/Fixtures/records/v1-risk, written by `verdict check
/// Tests/Fixtures/records/v1-risk/plan.txt --policy Tests/Fixtures/records/v1-risk/policy.yaml
/// --now 2026-11-21T12:00:00Z --context repository=acme/infra --record …` from the repository root).
@Suite struct ReplayComparisonTests {
    typealias Node = ReplayComparison.Node

    /// Members that are what replay is told to do rather than what was decided: the time, the
    /// options, the context and where the policy was read from. Replay re-evaluates under them,
    /// so an edit that leaves every outcome unchanged replays identical; only a signature
    /// (`verdict verify`) protects them. `tool` names the program, not the decision.
    static let replayInputs: Set<String> = [
        "evaluated_at", "options.fail_on", "context.commit", "context.repository", "policy.path", "policy.extends[0].path",
    ]

    static func isReplayInput(_ path: String) -> Bool {
        replayInputs.contains(path) || path.hasPrefix("tool.")
    }

    struct Edit: CustomStringConvertible {
        var path: String
        var value: Node
        var description: String { "\(path) = \(value.compact)" }
    }

    /// Every leaf of `node` with each edit worth trying on it.
    static func edits(of node: Node, path: String = "") -> [Edit] {
        switch node {
        case let .object(members):
            return members.flatMap { key, value in edits(of: value, path: path.isEmpty ? key : "\(path).\(key)") }
        case let .array(items):
            return items.enumerated().flatMap { index, value in edits(of: value, path: "\(path)[\(index)]") }
        case let .string(text):
            var values: [Node] = [.string(text + "x")]
            let outcomes = ["pass", "warn", "fail", "error"], risks = ["none", "low", "medium", "high", "critical"]
            for family in [outcomes, risks] where family.contains(text) {
                values += family.filter { $0 != text }.map(Node.string)
            }
            if SHA256Digest.isValid(text) {
                values.append(.string(String(text.dropLast()) + (text.hasSuffix("0") ? "1" : "0")))
            }
            return values.map { Edit(path: path, value: $0) }
        case let .literal(text):
            let value: Node = switch text {
            case "true": .literal("false")
            case "false": .literal("true")
            case "null": .string("x")
            default: Int(text).map { .literal(String($0 + 1)) } ?? .literal(text + "1")
            }
            return [Edit(path: path, value: value)]
        }
    }

    static func applying(_ edit: Edit, to node: Node, path: String = "") -> Node {
        switch node {
        case let .object(members):
            return .object(members.map { key, value in (key, applying(edit, to: value, path: path.isEmpty ? key : "\(path).\(key)")) })
        case let .array(items):
            return .array(items.enumerated().map { index, value in applying(edit, to: value, path: "\(path)[\(index)]") })
        default:
            return path == edit.path ? edit.value : node
        }
    }

    /// Whether replaying `bytes` reports a difference or refuses the record.
    static func isCaught(_ bytes: Data) -> Bool {
        do {
            let record = try RecordedDecision.parse(bytes, path: "edited.json")
            let result = try ReplayTests.replay(record).run()
            return !(try ReplayComparison.compare(recorded: record, replayed: result.decision)).isEmpty || !result.isIdentical
        } catch {
            return true
        }
    }

    @Test(arguments: ["records/v1/decision.json", "records/v1-risk/decision.json"])
    func everySingleMemberEditIsCaught(_ fixture: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(fixture)))
        let tree = try Node.parse(original, path: fixture)
        #expect(!Self.isCaught(Data(tree.compact.utf8)), "the unedited record (re-serialized) must replay identical")
        let edits = Self.edits(of: tree)
        var missed: [String] = []
        for edit in edits where !Self.isReplayInput(edit.path) {
            if !Self.isCaught(Data(Self.applying(edit, to: tree).compact.utf8)) { missed.append(edit.description) }
        }
        #expect(missed.isEmpty, "edits replayed as identical: \(missed)")
        // The members the issue names are among those edited (the records have 241 and 125 leaves).
        let paths = Set(edits.map(\.path))
        for required in ["outcome", "exit_status", "rules[0].outcome", "inputs[0].sha256"] { #expect(paths.contains(required)) }
        if fixture.contains("risk") {
            #expect(paths.isSuperset(of: ["risk", "approval_required"]))
        } else {
            #expect(paths.contains("rules[0].counts.counted.high"))
        }
    }

    @Test func differencesAreNamedByPathWithBothValues() throws {
        let recorded = Data(#"{"outcome": "pass", "exit_status": 0, "rules": [{"id": "vulns", "counts": {"high": 2}}], "tool": {"version": "0.0.1"}}"#.utf8)
        let replayed = Data(#"{"outcome": "fail", "exit_status": 1, "rules": [{"id": "vulns", "counts": {"high": 3}}], "tool": {"version": "9.9.9"}, "risk": "low"}"#.utf8)
        let differences = try ReplayComparison.compare(recorded: recorded, replayed: replayed, path: "r.json")
        #expect(differences.map(\.description) == [
            #"outcome: recorded "pass", replayed "fail""#,
            "exit_status: recorded 0, replayed 1",
            "rules[vulns].counts.high: recorded 2, replayed 3",
            #"risk: recorded absent, replayed "low""#,
        ])
    }

    @Test func aMemberAddedLaterComparesAsItsDefaultOnlyWhenAbsent() throws {
        let defaults = ["inputs[].source_root": "null"]
        let replayed = Data(#"{"inputs": [{"id": "a", "source_root": null}, {"id": "b", "source_root": "src"}]}"#.utf8)
        let older = Data(#"{"inputs": [{"id": "a"}, {"id": "b"}]}"#.utf8)
        #expect(try ReplayComparison.compare(recorded: older, replayed: replayed, path: "r.json", defaults: defaults).map(\.description)
            == [#"inputs[b].source_root: recorded absent, replayed "src""#])
        let edited = Data(#"{"inputs": [{"id": "a", "source_root": "x"}, {"id": "b", "source_root": "src"}]}"#.utf8)
        #expect(try ReplayComparison.compare(recorded: edited, replayed: replayed, path: "r.json", defaults: defaults).map(\.path) == ["inputs[a].source_root"])
    }

    @Test func aDuplicatedKeyIsNeverIdentical() throws {
        // Readers disagree on which copy of a key counts: the shared JSON reader refuses the
        // record outright, naming both positions, so it can never replay as identical.
        let recorded = Data(#"{"outcome": "fail", "outcome": "pass"}"#.utf8)
        let replayed = Data(#"{"outcome": "fail"}"#.utf8)
        let error = try #require(throws: AuditError.self) {
            try ReplayComparison.compare(recorded: recorded, replayed: replayed, path: "r.json")
        }
        #expect(error.diagnostics.map(\.message).joined().contains("duplicate key 'outcome' (first at 1:2)"))
    }

    @Test func numbersAreComparedAsWritten() throws {
        let differences = try ReplayComparison.compare(recorded: Data(#"{"percent": 80.0}"#.utf8), replayed: Data(#"{"percent": 80}"#.utf8), path: "r.json")
        #expect(differences.count == 1)
    }

    @Test func aRecordThatIsNotJSONIsRefusedWithItsPosition() throws {
        let error = try #require(throws: AuditError.self) {
            try ReplayComparison.compare(recorded: Data("{\n  \"outcome\": pass\n}".utf8), replayed: Data("{}".utf8), path: "r.json")
        }
        #expect(error.renderedDiagnostics.hasPrefix("r.json: error: not a usable decision record: 2:14: expected"), "\(error.renderedDiagnostics)")
    }
}
