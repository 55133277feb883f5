import Foundation
import Testing
@testable import VerdictPublish

/// What the GitHub client waits for and where it sends its token.
@Suite struct ForgeClientTests {
    let client = ForgeClient(apiURL: URL(string: "https://api.github.com")!, token: "t", initialBackoff: 1)

    func delay(_ retryAfter: String?, status: Int = 503, attempt: Int = 0) -> TimeInterval? {
        let headers = retryAfter.map { ["Retry-After": $0] } ?? [:]
        return client.retryDelay(ForgeClient.Response(status: status, body: Data(), headers: headers), message: "", attempt: attempt)
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

    /// GitHub's secondary rate limit is a 403; on GitLab a 403 is a permission error, never retried.
    @Test func a403IsRetriedOnlyAsGitHubsSecondaryRateLimit() {
        let limited = ForgeClient.Response(status: 403, body: Data(), headers: ["Retry-After": "2"])
        #expect(client.retryDelay(limited, message: "You have exceeded a secondary rate limit", attempt: 0) == 2)
        let gitlab = ForgeClient(forge: .gitlab, apiURL: URL(string: "https://gitlab.example/api/v4")!, token: "t", initialBackoff: 1)
        #expect(gitlab.retryDelay(limited, message: "You have exceeded a secondary rate limit", attempt: 0) == nil)
        #expect(gitlab.retryDelay(ForgeClient.Response(status: 429, body: Data(), headers: ["Retry-After": "3"]), message: "", attempt: 0) == 3)
    }

    /// A project path is one path segment: its `/` (and anything else but unreserved characters) encoded.
    @Test func aGitLabProjectPathIsOneSegment() throws {
        #expect(MergeRequestNote.encode("group/sub/name") == "group%2Fsub%2Fname")
        #expect(MergeRequestNote.encode("../../user") == "..%2F..%2Fuser")
        #expect(MergeRequestNote.encode("a?b#c") == "a%3Fb%23c")
        let note = MergeRequestNote(client: ForgeClient(forge: .gitlab, apiURL: URL(string: "https://gitlab.example/api/v4/")!, token: "t"),
                                    project: "g/n", mergeRequest: 1)
        #expect(try note.url("projects/g%2Fn/merge_requests/1/notes").absoluteString == "https://gitlab.example/api/v4/projects/g%2Fn/merge_requests/1/notes")
    }
}
