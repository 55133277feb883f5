import Testing
@testable import VerdictKit

/// How a `postgres://` location is shown: never with its password, whichever way it came.
@Suite struct DatabaseURLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var url: String
        var display: String
        var testDescription: String { url }
    }

    @Test(arguments: [
        Case(url: "postgres://ci:s3cr%40t@db.example.org:5432/verdict?sslmode=verify-full&sslrootcert=/ca.pem",
             display: "postgres://ci@db.example.org:5432/verdict"),
        Case(url: "postgresql://db.example.org/verdict?user=ci&password=hunter2", display: "postgresql://db.example.org/verdict"),
        Case(url: "postgres://ci@[::1]:5432", display: "postgres://ci@[::1]:5432"),
        Case(url: "postgres://a:b:c@h/d", display: "postgres://a@h/d"),
    ])
    func displayDropsThePasswordAndQuery(_ example: Case) throws {
        let url = try #require(DatabaseURL(example.url, environment: [:]))
        #expect(url.display == example.display)
    }

    @Test func scrubRemovesEveryFormOfThePassword() throws {
        let url = try #require(DatabaseURL("postgres://ci:s3cr%40t@h/d?password=other", environment: ["PGPASSWORD": "from-env"]))
        #expect(url.scrub("a s3cr%40t b s3cr@t c other d from-env") == "a *** b *** c *** d ***")
    }

    @Test func filePathsAreNotURLs() {
        #expect(DatabaseURL("ledger.sqlite") == nil)
        #expect(DatabaseURL("./postgres://x") == nil)
        #expect(!DatabaseURL.isDatabase("/srv/verdict/ledger.sqlite"))
    }
}
