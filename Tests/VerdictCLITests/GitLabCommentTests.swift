import Foundation
import Testing

/// `verdict comment --gitlab` against a local stand-in for GitLab's notes API
/// (Tests/Fixtures/gitlab/fake_api.py), never the real one.
@Suite struct GitLabCommentTests {
    typealias FakeAPI = CommentCommandTests.FakeAPI

    func fake(_ arguments: [String]) throws -> FakeAPI {
        try FakeAPI(arguments, script: "gitlab/fake_api.py")
    }

    func report() throws -> String {
        try CommentCommandTests().report()
    }

    func comment(_ api: FakeAPI, markdown: String, token: String = "good-token", project: String = "42",
                 extra: [String] = [], environment: [String: String] = [:]) throws -> VerdictProcess.Output {
        try VerdictProcess.run(["comment", "--gitlab", "--markdown", markdown, "--project", project, "--pr", "7", "--api-url", api.url + "/api/v4"] + extra,
                               environment: ["GITLAB_TOKEN": token, "CI_JOB_TOKEN": "", "VERDICT_HTTP_BACKOFF_SECONDS": "0.01"].merging(environment) { $1 })
    }

    static let notes = "/api/v4/projects/42/merge_requests/7/notes"
    static let list = notes + "?per_page=100&sort=asc&order_by=created_at"

    /// The acceptance case: the first run creates the note, the second updates that same note.
    @Test func createdThenUpdatedInPlace() throws {
        let api = try fake(["--existing", "3"])
        let markdown = try report()
        let first = try comment(api, markdown: markdown)
        let second = try comment(api, markdown: markdown)
        let requests = api.requests
        let notes = try api.finish()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "created note 5000 on 42!7\n")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == "updated note 5000 on 42!7\n")
        #expect(requests == ["GET /api/v4/user", "GET \(Self.list)", "POST \(Self.notes)",
                             "GET /api/v4/user", "GET \(Self.list)", "PUT \(Self.notes)/5000"])
        #expect(notes.count == 4)
        #expect((notes.last?["body"] as? String)?.hasPrefix("<!-- verdict:report -->") == true)
    }

    /// Anyone can write a note starting with the marker: only the token's own user's (by id) is
    /// Verdict's, and a system note never is.
    @Test func aPlantedNoteByAnotherUserIsNotUpdated() throws {
        let api = try fake(["--existing", "5", "--planted-at", "1", "--system-at", "2"])
        let result = try comment(api, markdown: try report())
        let notes = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "created note 5000 on 42!7\n")
        #expect(notes[1]["body"] as? String == "<!-- verdict:report -->\nplanted by someone else")
        #expect(notes[2]["body"] as? String == "<!-- verdict:report -->\nsystem note")
        #expect(notes.count == 6)
    }

    /// Found on page 2, by X-Next-Page alone (no Link header) and by Link.
    @Test(arguments: [true, false])
    func updatesItsOwnNoteOnALaterPage(link: Bool) throws {
        let api = try fake(["--existing", "150", "--verdict-at", "120"] + (link ? [] : ["--no-link"]))
        let result = try comment(api, markdown: try report())
        let requests = api.requests
        let notes = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "updated note 1120 on 42!7\n")
        #expect(requests == ["GET /api/v4/user", "GET \(Self.list)", "GET \(Self.list)&page=2", "PUT \(Self.notes)/1120"])
        #expect((notes[120]["body"] as? String)?.contains("Verdict: FAIL") == true)
    }

    /// A project given by its path is sent as one encoded segment (`acme%2Fshop`).
    @Test func aProjectPathIsEncoded() throws {
        let api = try fake([])
        let result = try comment(api, markdown: try report(), project: "acme/shop")
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "created note 5000 on acme/shop!7\n")
        #expect(requests.last == "POST /api/v4/projects/acme%2Fshop/merge_requests/7/notes")
    }

    @Test func aNextPageOnAnotherHostIsRefused() throws {
        let api = try fake(["--existing", "150", "--foreign-next"])
        let result = try comment(api, markdown: try report())
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("verdict: error: the API's Link header points at 'http://localhost:\(api.port)/api/v4/projects/42/"))
        #expect(requests == ["GET /api/v4/user", "GET \(Self.list)"])
    }

    @Test(arguments: [429, 502])
    func retriesRateLimitsAndServerErrors(status: Int) throws {
        let api = try fake(["--fail", "2", String(status), "--retry-after", "0.05"])
        let result = try comment(api, markdown: try report())
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(requests.count == 5) // two failures, /user, the list, the create
    }

    @Test func aHugeRetryAfterIsCappedByTheTotalWait() throws {
        let api = try fake(["--fail", "50", "429", "--retry-after", "86400"])
        let started = Date()
        let result = try comment(api, markdown: try report(), environment: ["VERDICT_HTTP_MAX_WAIT_SECONDS": "0"])
        _ = try api.finish()
        #expect(result.status == 2)
        #expect(result.stderr == "verdict: error: GitLab answered 429: Retry later\n")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var name: String
        var token = "good-token"
        var project = "42"
        var stderr: String
        var testDescription: String { name }
    }

    static let errorCases = [
        ErrorCase(name: "401", token: "bad-token",
                  stderr: "verdict: error: GitLab refused the token (401): check that GITLAB_TOKEN is a valid project or personal access token with the 'api' scope (a CI job token, CI_JOB_TOKEN, cannot post merge-request notes)\n"),
        ErrorCase(name: "403", token: "reporter-less",
                  stderr: "verdict: error: GitLab forbade the request (403: 403 Forbidden): the token needs the 'api' scope and at least the Reporter role on the project (a CI job token, CI_JOB_TOKEN, cannot post merge-request notes)\n"),
        ErrorCase(name: "404", project: "43",
                  stderr: "verdict: error: not found (404): GET /api/v4/projects/43/merge_requests/7/notes — check --project and --pr, and that the token can see the project\n"),
    ]

    @Test(arguments: errorCases)
    func clientErrorsAreExplainedAndNotRetried(_ testCase: ErrorCase) throws {
        let api = try fake([])
        let result = try comment(api, markdown: try report(), token: testCase.token, project: testCase.project)
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 2)
        #expect(result.stderr == testCase.stderr)
        #expect(requests.count <= 3) // /user, the list, the create: none retried
    }

    @Test func theJobTokenIsRefusedBeforeAnyRequest() throws {
        let api = try fake([])
        let result = try comment(api, markdown: try report(), token: "glcbt-job", environment: ["CI_JOB_TOKEN": "glcbt-job"])
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 2)
        #expect(result.stderr == "verdict: error: GITLAB_TOKEN holds the CI job token, which cannot post merge-request notes; use a project or personal access token with the 'api' scope\n")
        #expect(requests.isEmpty)
    }

    @Test func aMissingTokenSaysAJobTokenWillNotDo() throws {
        let result = try VerdictProcess.run(["comment", "--gitlab", "--markdown", "x.md", "--project", "1", "--pr", "1", "--api-url", "http://127.0.0.1:9/api/v4"],
                                            environment: ["GITLAB_TOKEN": ""])
        #expect(result.status == 2)
        #expect(result.stderr.contains("GITLAB_TOKEN is not set"))
        #expect(result.stderr.contains("CI_JOB_TOKEN, cannot post merge-request notes"))
    }

    /// In a GitLab merge-request pipeline nothing needs to be passed but the report.
    @Test func gitLabIsDetectedFromTheCIVariables() throws {
        let api = try fake([])
        let result = try VerdictProcess.run(["comment", "--markdown", try report()],
                                            environment: ["GITLAB_TOKEN": "good-token", "CI_JOB_TOKEN": "", "CI_SERVER_URL": api.url,
                                                          "CI_API_V4_URL": api.url + "/api/v4", "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "7"])
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "created note 5000 on 42!7\n")
        #expect(requests.last == "POST \(Self.notes)")
    }

    /// `--author USERNAME` picks whose note is updated without asking /user.
    @Test func anExplicitAuthorIsUsedWithoutAskingGitLab() throws {
        let api = try fake(["--existing", "3", "--planted-at", "1"])
        let result = try comment(api, markdown: try report(), extra: ["--author", "Mallory"])
        let requests = api.requests
        _ = try api.finish()
        #expect(result.stdout == "updated note 1001 on 42!7\n", "usernames compare case-insensitively")
        #expect(!requests.contains("GET /api/v4/user"))
    }
}
