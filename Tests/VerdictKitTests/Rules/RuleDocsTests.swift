import Foundation
import Testing
@testable import VerdictKit

/// Each rule kind's `RuleDescription` is its spec: it names exactly the keys the loader
/// accepts, every example gives the outcome it claims when run through the decision pipeline,
/// and `docs/rules/<kind>.md` is what the description generates.
///
/// Regenerate the pages with `RECORD_DOCS=1 swift test --filter RuleDocsTests` (recording fails
/// the run on purpose, as snapshots do).
@Suite struct RuleDocsTests {
    static let repository = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()

    struct ExampleCase: CustomTestStringConvertible, Sendable {
        var kind: String
        var example: RuleDescription.Example
        var testDescription: String { "\(kind): \(example.title)" }
    }

    static let examples: [ExampleCase] = RuleRegistry.descriptions.flatMap { description in
        description.examples.map { ExampleCase(kind: description.kind, example: $0) }
    }

    @Test(arguments: RuleRegistry.kinds.map { $0 as any ParsableRule.Type }.indices)
    func theDescriptionNamesExactlyTheKeysTheLoaderAccepts(_ index: Int) {
        let kind = RuleRegistry.kinds[index]
        let description = kind.description
        #expect(description.kind == kind.kind)
        #expect(description.summary == kind.summary)
        #expect(description.keys.map(\.name).sorted() == kind.keys.sorted(), "\(kind.kind)")
        #expect(description.examples.count >= 2, "\(kind.kind): an example that fails or warns and one that passes")
        #expect(Set(description.examples.map(\.outcome)).count >= 2, "\(kind.kind)")
    }

    @Test(arguments: examples)
    func everyExampleGivesItsOutcome(_ testCase: ExampleCase) throws {
        let example = testCase.example
        let inputs = example.inputs.map { input in
            InputRequest(path: Self.repository.appendingPathComponent(input.path).path, forcedKind: input.kind, role: input.role)
        }
        let request = DecisionRequest(policy: .text(example.policy, path: "example.yaml"), inputs: inputs,
                                      now: Date(timeIntervalSince1970: 1_795_000_000))
        // jq runs in this process, as the other rule tests run it.
        let made = try DecisionPipeline(jqRunner: InProcessJQRunner()).decide(request)
        #expect(made.decision.results.count == 1)
        #expect(made.decision.results.first?.kind == testCase.kind)
        #expect(made.decision.results.first?.outcome == example.outcome, "\(made.decision.results.first?.message ?? "")")
    }

    @Test func thePagesAreCurrent() throws {
        let folder = Self.repository.appendingPathComponent("docs/rules")
        let record = ProcessInfo.processInfo.environment["RECORD_DOCS"] == "1"
        var recorded: [String] = []
        for description in RuleRegistry.descriptions {
            let url = folder.appendingPathComponent("\(description.kind).md")
            let current = try? String(contentsOf: url, encoding: .utf8)
            if current == description.markdown { continue }
            if record {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try description.markdown.write(to: url, atomically: true, encoding: .utf8)
                recorded.append(url.lastPathComponent)
            } else {
                Issue.record("docs/rules/\(description.kind).md is not current; regenerate with RECORD_DOCS=1 swift test --filter RuleDocsTests")
            }
        }
        if !recorded.isEmpty { Issue.record("recorded \(recorded.joined(separator: ", ")); run again without RECORD_DOCS") }
        let pages = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        #expect(Set(pages.filter { $0.hasSuffix(".md") }) == Set(RuleRegistry.kindNames.map { "\($0).md" }), "a page for every kind, and none for a kind that is gone")
    }
}
