import Foundation
import Testing

/// `verdict comment` against a local stand-in for the GitHub API (Tests/Fixtures/github/fake_api.py),
/// never the real one.
@Suite struct CommentCommandTests {
    /// A running fake API; `finish()` stops it and returns the comments it ended with.
    final class FakeAPI {
        let process = Process()
        let input = Pipe()
        let log: URL
        let port: Int

        /// - Parameter script: the fake under Tests/Fixtures (GitHub's by default; GitLab's is `gitlab/fake_api.py`).
        init(_ arguments: [String], script: String = "github/fake_api.py") throws {
            log = FileManager.default.temporaryDirectory.appendingPathComponent("fake-github-\(UUID().uuidString).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", VerdictProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/\(script)").path,
                                 "--log", log.path] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = input
            try process.run()
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
            port = Int(String(decoding: line, as: UTF8.self)) ?? 0
        }

        var url: String { "http://127.0.0.1:\(port)" }

        var requests: [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func finish() throws -> [[String: Any]] {
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            let data = try Data(contentsOf: URL(fileURLWithPath: log.path + ".final.json"))
            return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        }
    }

    func report() throws -> String {
        let path = try VerdictProcess.temporaryDirectory().appendingPathComponent("report.md").path
        _ = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", "--now", "2026-11-21T12:00:00Z", "--markdown", path])
        return path
    }

    func comment(_ api: FakeAPI, markdown: String, token: String = "good-token", repo: String = "acme/shop") throws -> VerdictProcess.Output {
        try VerdictProcess.run(["comment", "--markdown", markdown, "--repo", repo, "--pr", "7", "--api-url", api.url],
                               environment: ["GITHUB_TOKEN": token, "VERDICT_HTTP_BACKOFF_SECONDS": "0.01"])
    }

    @Test func createsTheCommentWhenThereIsNone() throws {
        let api = try FakeAPI(["--existing", "3"])
        let result = try comment(api, markdown: try report())
        let comments = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "created comment 5000 on acme/shop#7\n")
        #expect(comments.count == 4)
        #expect((comments.last?["body"] as? String)?.hasPrefix("<!-- verdict:report -->") == true)
    }

    @Test func updatesItsOwnCommentFoundOnALaterPage() throws {
        let api = try FakeAPI(["--existing", "150", "--verdict-at", "120"])
        let result = try comment(api, markdown: try report())
        let requests = api.requests
        let comments = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "updated comment 1120 on acme/shop#7\n")
        #expect(requests == [
            "GET /user",
            "GET /repos/acme/shop/issues/7/comments?per_page=100",
            "GET /repos/acme/shop/issues/7/comments?per_page=100&page=2",
            "PATCH /repos/acme/shop/issues/comments/1120",
        ])
        #expect(comments.count == 150)
        #expect((comments[120]["body"] as? String)?.contains("Verdict: FAIL") == true)
    }

    @Test(arguments: [502, 403])
    func retriesServerErrorsAndSecondaryRateLimits(status: Int) throws {
        let api = try FakeAPI(["--fail", "2", String(status)])
        let result = try comment(api, markdown: try report())
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(requests.count == 5) // two failures, /user, the list, the create
    }

    @Test func givesUpAfterTheRetriesWithAClearError() throws {
        let api = try FakeAPI(["--fail", "50", "503"])
        let result = try comment(api, markdown: try report())
        _ = try api.finish()
        #expect(result.status == 2)
        #expect(result.stderr == "verdict: error: GitHub answered 503: Server Error\n")
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var name: String
        var token = "good-token"
        var repo = "acme/shop"
        var hugeBody = false
        var stderr: String
        var testDescription: String { name }
    }

    static let errorCases = [
        ErrorCase(name: "401", token: "bad-token", stderr: "verdict: error: GitHub refused the token (401): check that GITHUB_TOKEN is set and valid\n"),
        ErrorCase(name: "404", repo: "acme/other", stderr: "verdict: error: not found (404): GET /repos/acme/other/issues/7/comments — check --repo and --pr, and that the token can see the repository\n"),
        ErrorCase(name: "422", hugeBody: true, stderr: "verdict: error: GitHub rejected the comment (422: Validation Failed)\n"),
    ]

    @Test(arguments: errorCases)
    func clientErrorsAreExplainedAndNotRetried(_ testCase: ErrorCase) throws {
        let api = try FakeAPI([])
        var markdown = try report()
        if testCase.hugeBody {
            markdown = try VerdictProcess.temporaryDirectory().appendingPathComponent("huge.md").path
            try String(repeating: "x", count: 70_000).write(toFile: markdown, atomically: true, encoding: .utf8)
        }
        let result = try comment(api, markdown: markdown, token: testCase.token, repo: testCase.repo)
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 2)
        #expect(result.stderr == testCase.stderr)
        #expect(!result.stderr.contains(testCase.token) || testCase.token == "good-token")
        #expect(requests.count <= 3) // /user, the list, the create
    }

    /// Anyone can post a comment starting with the marker on a public repository: it is not Verdict's.
    @Test func aPlantedCommentByAnotherAccountIsNotUpdated() throws {
        let api = try FakeAPI(["--existing", "5", "--planted-at", "1"])
        let result = try comment(api, markdown: try report())
        let comments = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "created comment 5000 on acme/shop#7\n")
        #expect(comments[1]["body"] as? String == "<!-- verdict:report -->\nplanted by someone else")
        #expect((comments.last?["user"] as? [String: Any])?["login"] as? String == "verdict-bot")
    }

    /// The Actions GITHUB_TOKEN cannot read /user (403): its comments are github-actions[bot]'s.
    @Test func withTheActionsTokenItsCommentIsGitHubActionsBots() throws {
        let api = try FakeAPI(["--existing", "4", "--user-forbidden", "--planted-at", "0", "--verdict-at", "2"])
        let result = try comment(api, markdown: try report())
        let requests = api.requests
        let comments = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "updated comment 1002 on acme/shop#7\n")
        #expect(requests == ["GET /user", "GET /repos/acme/shop/issues/7/comments?per_page=100", "PATCH /repos/acme/shop/issues/comments/1002"])
        #expect(comments[0]["body"] as? String == "<!-- verdict:report -->\nplanted by someone else")
    }

    @Test func anExplicitAuthorIsUsedWithoutAskingGitHub() throws {
        let api = try FakeAPI(["--existing", "3", "--planted-at", "1"])
        let result = try VerdictProcess.run(["comment", "--markdown", try report(), "--repo", "acme/shop", "--pr", "7", "--api-url", api.url, "--author", "Mallory"],
                                            environment: ["GITHUB_TOKEN": "good-token"])
        let requests = api.requests
        _ = try api.finish()
        #expect(result.stdout == "updated comment 1001 on acme/shop#7\n", "logins compare case-insensitively, as GitHub's do")
        #expect(!requests.contains("GET /user"))
    }

    /// The token goes with every request: a next page on another host is not followed.
    @Test func aNextPageOnAnotherHostIsRefused() throws {
        let api = try FakeAPI(["--existing", "150", "--foreign-next"])
        let result = try comment(api, markdown: try report())
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 2)
        #expect(result.stderr == "verdict: error: the API's Link header points at 'http://localhost:\(api.port)/repos/acme/shop/issues/7/comments?per_page=100&page=2', not at the API's own scheme and host; not following it (the token would go with it)\n")
        #expect(requests == ["GET /user", "GET /repos/acme/shop/issues/7/comments?per_page=100"])
    }

    /// A Retry-After that is not a finite number of seconds is ignored (backoff instead); the
    /// total wait of one request is capped.
    @Test func retryAfterIsCapped() throws {
        for value in ["inf", "nan", "-5", "Wed, 21 Oct 2099 07:28:00 GMT"] {
            let api = try FakeAPI(["--fail", "1", "503", "--retry-after", value])
            let started = Date()
            let result = try comment(api, markdown: try report())
            _ = try api.finish()
            #expect(result.status == 0, "\(value): \(result.stderr)")
            #expect(Date().timeIntervalSince(started) < 20, "\(value)")
        }
        let api = try FakeAPI(["--fail", "5", "503", "--retry-after", "0.4"])
        let result = try VerdictProcess.run(["comment", "--markdown", try report(), "--repo", "acme/shop", "--pr", "7", "--api-url", api.url],
                                            environment: ["GITHUB_TOKEN": "good-token", "VERDICT_HTTP_MAX_WAIT_SECONDS": "1"])
        let requests = api.requests
        _ = try api.finish()
        #expect(result.status == 2)
        #expect(result.stderr == "verdict: error: GitHub answered 503: Server Error\n")
        #expect(requests.count == 3, "waits 0.4 s twice, then 0.4 more would pass 1 s in all")
    }

    @Test func aMissingTokenIsAnError() throws {
        let result = try VerdictProcess.run(["comment", "--markdown", "x.md", "--repo", "a/b", "--pr", "1"],
                                            environment: ["GITHUB_TOKEN": "", "GH_TOKEN": ""])
        #expect(result.status == 2)
        #expect(result.stderr.contains("neither GH_TOKEN nor GITHUB_TOKEN is set"))
    }

    /// The token as the gh CLI takes it: GH_TOKEN, else GITHUB_TOKEN.
    @Test(arguments: [["GH_TOKEN": "good-token", "GITHUB_TOKEN": ""], ["GH_TOKEN": "good-token", "GITHUB_TOKEN": "bad-token"],
                      ["GH_TOKEN": "", "GITHUB_TOKEN": "good-token"]])
    func ghTokenIsAcceptedAndComesFirst(_ tokens: [String: String]) throws {
        let api = try FakeAPI(["--existing", "0"])
        let result = try VerdictProcess.run(["comment", "--markdown", try report(), "--repo", "acme/shop", "--pr", "7", "--api-url", api.url],
                                            environment: tokens.merging(["VERDICT_HTTP_BACKOFF_SECONDS": "0.01"]) { $1 })
        _ = try api.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("created comment "))
    }
}
