import Foundation
import Testing
@testable import VerdictKit

/// What the GitHub client waits for and where it sends its token.
@Suite struct GitHubClientTests {
    let client = GitHubClient(apiURL: URL(string: "https://api.github.com")!, token: "t", initialBackoff: 1)

    func delay(_ retryAfter: String?, status: Int = 503, attempt: Int = 0) -> TimeInterval? {
        let headers = retryAfter.map { ["Retry-After": $0] } ?? [:]
        return client.retryDelay(GitHubClient.Response(status: status, body: Data(), headers: headers), message: "", attempt: attempt)
    }

    @Test func retryAfterIsCappedAndOnlyFiniteSecondsCount() {
        #expect(delay("5") == 5)
        #expect(delay("86400") == 60, "a day is cut to maxDelay")
        #expect(delay("inf") == 1, "not finite: the backoff")
        #expect(delay("nan") == 1)
        #expect(delay("-3") == 1)
        #expect(delay(nil, attempt: 10) == 60, "backoff 1024 s is capped too")
        #expect(delay("5", status: 404) == nil, "not transient")
    }

    @Test func theTokenGoesOnlyToTheAPIsOrigin() throws {
        #expect(client.isSameOrigin(try #require(URL(string: "https://api.github.com/repos/a/b/issues/1/comments?page=2"))))
        #expect(client.isSameOrigin(try #require(URL(string: "https://API.GitHub.com:443/x"))))
        #expect(!client.isSameOrigin(try #require(URL(string: "http://api.github.com/x"))), "a downgrade to http")
        #expect(!client.isSameOrigin(try #require(URL(string: "https://api.github.com.evil.example/x"))))
        #expect(!client.isSameOrigin(try #require(URL(string: "https://api.github.com:8443/x"))))
        #expect(!client.isSameOrigin(try #require(URL(string: "https://user@evil.example/x"))))
    }
}
