import Foundation
import Testing
@testable import VerdictKit

@Suite struct DecisionRecordTests {
    static func decide(_ paths: [String], policyPath: String? = nil) throws -> Decision {
        let facts = try InputLoader.load(paths.map { InputRequest(path: Fixtures.path($0)) })
        let policy = try PolicyLoader(now: Fixtures.now).load(text: DefaultPolicy.text, path: DefaultPolicy.path)
        return Evaluator(policy: policy, now: Fixtures.now).evaluate(facts)
    }

    @Test func theSameDecisionGivesTheSameBytesWhateverTheInputOrder() throws {
        let files = ["sarif/corpus/trivy-0.56.1-gomod.sarif", "sarif/corpus/megalinter-3runs-trivy-0.69.1-checkov.sarif", "sarif/corpus/bandit-1.8.6.sarif"]
        let first = try Self.decide(files)
        let second = try Self.decide(files.reversed())
        #expect(DecisionRecord.render(first) == DecisionRecord.render(second))
        #expect(MarkdownReport().render(first) == MarkdownReport().render(second))
        #expect(TextSummary.render(first) == TextSummary.render(second))
    }

    @Test func theRecordHoldsWhatAReplayNeeds() throws {
        let decision = try Self.decide(["sarif/corpus/trivy-0.56.1-gomod.sarif"])
        let text = DecisionRecord.render(decision)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "verdict.decision/v1")
        #expect(json["evaluated_at"] as? String == "2026-11-21T12:00:00Z")
        #expect(json["exit_status"] as? Int == 1)
        let policy = try #require(json["policy"] as? [String: Any])
        #expect(policy["text"] as? String == DefaultPolicy.text)
        #expect(policy["sha256"] as? String == SHA256Digest.hex(of: DefaultPolicy.text))
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("sarif/corpus/trivy-0.56.1-gomod.sarif")))
        #expect(inputs.first?["sha256"] as? String == SHA256Digest.hex(of: data))
        #expect(inputs.first?["size"] as? Int == data.count)
        let rules = try #require(json["rules"] as? [[String: Any]])
        #expect(rules.first?["outcome"] as? String == "fail")
        #expect((rules.first?["findings"] as? [Any])?.count == 5) // 1 critical + 3 high block, 1 medium warns
        #expect(text.hasSuffix("}\n"))
    }

    /// Golden files: the sample reports as a reviewer sees them. Re-record with RECORD_SNAPSHOTS=1.
    @Test(arguments: ["trivy-fails", "trivy-passes"])
    func samplesMatchTheirSnapshots(_ sample: String) throws {
        let root = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        let facts = try InputLoader.load([InputRequest(path: "samples/\(sample).sarif")].map { request in
            var request = request
            request.path = root.appendingPathComponent(request.path).path
            return request
        })
        var decision = Evaluator(policy: try Fixtures.policy(DefaultPolicy.text, path: DefaultPolicy.path), now: Fixtures.now).evaluate(facts)
        decision.inputs = decision.inputs.map { input in
            var input = input
            input.path = "samples/\(sample).sarif" // the checkout's location must not leak into the snapshot
            return input
        }
        try Snapshot.assert(MarkdownReport().render(decision), named: "\(sample).md")
        try Snapshot.assert(DecisionRecord.render(decision), named: "\(sample).record.json")
    }
}

enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    static func assert(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(name) differs; re-record with RECORD_SNAPSHOTS=1 if the change is intended", sourceLocation: sourceLocation)
    }
}
