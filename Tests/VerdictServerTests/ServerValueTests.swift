import Foundation
import Testing
import VerdictKit
@testable import VerdictServer

@Suite struct ServerValueTests {
    @Test(arguments: [
        ("<a href=\"x\">'&'</a>", "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"),
        ("line\nnext\ttab", "line\nnext\ttab"),
        ("bell\u{07}esc\u{1B}[31m", "bellU+7escU+1B[31m"),
        ("\u{202E}abc\u{2066}", "U+202EabcU+2066"),
        ("plain ✓ text", "plain ✓ text"),
    ] as [(String, String)])
    func escapingLeavesNoMarkupAndNoControls(text: String, escaped: String) {
        #expect(HTML.escape(text) == escaped)
    }

    @Test func queryComponentsEncodeEverythingButUnreserved() {
        #expect(HTML.queryComponent("refs/heads/a b&c=d\"<") == "refs%2Fheads%2Fa%20b%26c%3Dd%22%3C")
    }

    @Test(arguments: [
        ("127.0.0.1:8080", true), ("127.1.2.3:1", true), ("localhost:80", true), ("[::1]:8080", true),
        ("0.0.0.0:8080", false), ("10.0.0.1:8080", false), ("[::]:8080", false), ("example.com:80", false),
        ("127.0.0.1.evil.com:80", false), ("1270.0.0.1:80", false),
    ] as [(String, Bool)])
    func onlyLoopbackAddressesAreAccepted(text: String, loopback: Bool) throws {
        #expect(try #require(ListenAddress(text)).isLoopback == loopback)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", ":8080", "::1:8080", "[::1]8080", "127.0.0.1:80x"])
    func malformedListenAddressesAreRefused(text: String) {
        #expect(ListenAddress(text) == nil)
    }

    @Test func theFilterRoundTripsThroughItsQueryString() throws {
        let query = try DecisionFilter.query(from: [("repository", "acme/a b"), ("outcome", "fail"), ("rule", "r&1"), ("waived", "true"),
                                                    ("risk", "high"), ("from", "2026-01-01"), ("to", "2026-01-31"), ("limit", "10"), ("offset", "20")])
        let again = try DecisionFilter.query(from: DecisionFilter.queryString(query).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), String(parts[1]).removingPercentEncoding ?? "")
        })
        #expect(again == query)
    }
}
