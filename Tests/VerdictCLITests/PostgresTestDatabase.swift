import Foundation
import Testing

/// A fresh database on the test cluster (scripts/start-postgres.sh), named from
/// `VERDICT_TEST_POSTGRES_URL`. Under `CI=true` an unset URL fails the tests that need it, so the
/// PostgreSQL ledger is never silently untested; locally those tests are skipped with that reason.
struct PostgresTestDatabase {
    static let baseURL = ProcessInfo.processInfo.environment["VERDICT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    /// For `.enabled(if:)`: run when the URL is set, and always under CI (where an unset URL is a failure).
    static let shouldRun = baseURL != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    static let skipReason: Comment = "VERDICT_TEST_POSTGRES_URL is unset: run 'export VERDICT_TEST_POSTGRES_URL=$(scripts/start-postgres.sh)' to test the PostgreSQL ledger"

    struct Unset: Error, CustomStringConvertible {
        var description: String { "VERDICT_TEST_POSTGRES_URL is unset under CI=true: .ci/run must start PostgreSQL (scripts/start-postgres.sh)" }
    }

    /// The new database's URL (same server, user and parameters as the base URL).
    let url: String
    let name: String

    init() throws {
        guard let base = Self.baseURL, var components = URLComponents(string: base) else { throw Unset() }
        name = "verdict_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try Self.psql(base, "CREATE DATABASE \(name)")
        components.path = "/" + name
        url = components.string ?? base
    }

    /// The same database as `user` with `password` (nil: none in the URL).
    func url(user: String, password: String?) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.user = user
        components.password = password
        return components.string ?? url
    }

    /// Runs SQL with psql (as the base URL's user, a superuser); returns stdout, throws with stderr on failure.
    @discardableResult
    static func psql(_ url: String, _ sql: String, expectFailure: Bool = false) throws -> String {
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/psql"), [url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", sql])
        let output = String(decoding: result.stdout, as: UTF8.self)
        let error = String(decoding: result.stderr, as: UTF8.self)
        if (result.status == 0) == expectFailure {
            throw PSQLFailure(message: "psql \(expectFailure ? "succeeded unexpectedly" : "failed"): \(error)")
        }
        return expectFailure ? error : output
    }

    @discardableResult
    func psql(_ sql: String, expectFailure: Bool = false) throws -> String {
        try Self.psql(url, sql, expectFailure: expectFailure)
    }

    struct PSQLFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension PostgresTestDatabase {
    /// How Verdict names `url` in its output: without password and query.
    static func display(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.password = nil
        components.query = nil
        return components.string ?? url
    }
}
