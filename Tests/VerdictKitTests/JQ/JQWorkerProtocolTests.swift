import Foundation
import Testing
@testable import VerdictKit

/// The request a `ProcessJQRunner` writes for its worker: the facts once, then each query with
/// its own limits.
@Suite struct JQWorkerProtocolTests {
    @Test func aRequestCarriesTheFactsOnceAndEveryQueryWithItsLimits() throws {
        let facts = #"{"findings":[],"marker":"FACTS-ONCE"}"#
        let queries = [
            JQQuery(prelude: "def a: 1; ", body: ".findings | length > 0", budget: JQBudget(timeout: 0.3, maxResults: 5, maxBytes: 100, memoryBytes: 1 << 20)),
            JQQuery(program: "\"two\nlines\"", budget: JQBudget(timeout: 2.5, memoryBytes: 1 << 30)),
        ]
        let bytes = JQWorkerProtocol.request(facts: facts, queries: queries)
        #expect(String(decoding: bytes, as: UTF8.self).components(separatedBy: "FACTS-ONCE").count == 2)
        let request = try #require(JQWorkerProtocol.parse(bytes))
        // CPU seconds: each timeout rounded up plus one (1 + 1, 3 + 1), plus one for the run.
        #expect(request.header == .init(factsBytes: facts.utf8.count, queryCount: 2, memoryBytes: 1 << 30, cpuSeconds: 7))
        #expect(request.facts == facts)
        #expect(request.queries == [
            .init(prelude: "def a: 1; ", body: ".findings | length > 0", maxResults: 5, maxBytes: 100, cpuSeconds: 2),
            .init(prelude: "", body: "\"two\nlines\"", maxResults: JQBudget.defaultMaxResults, maxBytes: JQBudget.defaultMaxBytes, cpuSeconds: 4),
        ])
    }

    @Test(arguments: [
        "not a request",
        "verdict-jq/1 2 1000 100 0 3\n.a{}",
        "verdict-jq/2 2 1 0 3\n{}",
        "verdict-jq/2 2 1 0 3\n{}0 5 1 1 1\n.a",
        "verdict-jq/2 2 1 0 3\n{}9 2 1 1 1\n.a",
        "verdict-jq/2 2 0 0 3\n{}trailing",
        "verdict-jq/2 -2 0 0 3\n{}",
        "verdict-jq/2 2 1 0 3\n{}0 2 1 1\n.a",
    ])
    func aMalformedRequestIsRefused(_ text: String) {
        #expect(JQWorkerProtocol.parse(Array(text.utf8)) == nil)
    }
}
