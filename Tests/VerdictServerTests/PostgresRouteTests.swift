import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VerdictKit
@testable import VerdictServer

/// `--ledger postgres://… --archive postgres://…`: the same pages from a PostgreSQL ledger and
/// archive, through pools of read-only connections. Runs against `VERDICT_TEST_POSTGRES_URL`
/// (scripts/start-postgres.sh); under `CI=true` an unset URL fails instead of skipping.
@Suite(.enabled(if: ServedPostgres.shouldRun, ServedPostgres.skipReason))
struct PostgresRouteTests {
    /// The three decisions of `RouteTests.threeDecisions`, in a fresh database.
    static func threeDecisions() throws -> ServedPostgres {
        let served = try ServedPostgres()
        try served.add(sarif: ServedLedger.sarif([]), at: "2026-11-20T10:00:00Z")
        try served.add(sarif: ServedLedger.sarif(["SQL injection"]), at: "2026-11-21T10:00:00Z", repository: "acme/web", ref: "refs/heads/feature")
        try served.add(sarif: ServedLedger.sarif(["weak hash"], level: "warning"), at: "2026-11-22T10:00:00Z")
        return served
    }

    @Test(arguments: [
        ("", [3, 2, 1]),
        ("outcome=fail", [2]),
        ("repository=acme%2Fapi", [3, 1]),
        ("ref=refs%2Fheads%2Ffeature", [2]),
        ("rule=vulnerabilities&outcome=warn", [3]),
        ("rule=nonexistent", []),
        ("from=2026-11-21&to=2026-11-21", [2]),
        ("waived=false", [3, 2, 1]),
        ("limit=1&offset=1", [2]),
    ] as [(String, [Int])])
    func filtersAndPagingSelectTheSameRowsAsSQLite(query: String, ids: [Int]) async throws {
        let store = try Self.threeDecisions().store()
        try await RouteTests.withClient(store) { client in
            let document = try await RouteTests.get(client, "/api/v1/decisions?" + query)
            #expect(document.status == .ok, "\(document.body)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any])
            #expect((object["decisions"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == ids, "\(query)")
            #expect(object["total"] as? Int == (query.contains("limit=1") ? 3 : ids.count))
        }
    }

    /// A page starts at the id `offset` rows down the filter: past the end there is none.
    @Test(arguments: [
        ("limit=2&offset=1", [2, 1], 3),
        ("limit=1&offset=3", [], 3),
        ("repository=acme%2Fapi&limit=1&offset=1", [1], 2),
        ("repository=acme%2Fapi&offset=2", [], 2),
    ] as [(String, [Int], Int)])
    func pagesStartWhereTheirOffsetSays(query: String, ids: [Int], total: Int) async throws {
        let store = try Self.threeDecisions().store()
        try await RouteTests.withClient(store) { client in
            let document = try await RouteTests.get(client, "/api/v1/decisions?" + query)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any])
            #expect((object["decisions"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == ids, "\(query)")
            #expect(object["total"] as? Int == total)
        }
    }

    @Test func aDecisionItsRecordItsReplayAndItsReportComeFromTheDatabase() async throws {
        let served = try Self.threeDecisions()
        let row = try #require(try PostgresLedgerPool(served.databaseURL, size: 1).entry(id: 2))
        try await RouteTests.withClient(try served.store()) { client in
            let page = try await RouteTests.get(client, "/decisions/2")
            #expect(page.status == .ok)
            #expect(page.body.contains("SQL injection"))
            #expect(page.body.contains("✓ the archived record hashes to it"))
            let record = try await RouteTests.get(client, "/api/v1/decisions/2/record")
            #expect(SHA256Digest.hex(of: record.body) == row.recordSHA256)
            let replay = try await ReplayRouteTests.post(client, "/api/v1/decisions/2/replay", token: "test-token")
            #expect(replay.body.contains("\"status\": \"identical\""), "\(replay.body)")
            let report = try await RouteTests.get(client, "/decisions/2/report.md")
            #expect(report.status == .ok, "\(report.body)")
            #expect(report.body.contains("SQL injection"))
            let ledger = try await RouteTests.get(client, "/api/v1/ledger")
            #expect(ledger.body.contains("\"intact\": true") && ledger.body.contains("\"count\": 3"), "\(ledger.body)")
            let trends = try await RouteTests.get(client, "/trends")
            #expect(trends.body.contains("Decisions per week by outcome"))
        }
    }

    @Test func valuesWithSurroundingWhiteSpaceReadBackExactlyAndStillHash() throws {
        let served = try ServedPostgres()
        try served.add(sarif: ServedLedger.sarif([]), at: "2026-11-20T10:00:00Z", repository: " acme/api\n", ref: "refs/heads/main ")
        let ledger = try PostgresLedger(served.databaseURL, forAppending: false)
        let entry = try #require(try ledger.readEntry(id: 1))
        #expect(entry.repository == " acme/api\n")
        #expect(entry.ref == "refs/heads/main ")
        #expect(entry.hashMatchesContent)
        #expect(try ledger.verify().isIntact)
    }

    @Test func theConnectionsRefuseToWrite() throws {
        let served = try Self.threeDecisions()
        let ledger = try PostgresLedger(served.databaseURL, forAppending: false)
        #expect(try ledger.connection.execute("SHOW transaction_read_only").first?.first == "on")
        #expect(throws: PostgresConnection.Failure.self) {
            try ledger.connection.execute("DELETE FROM verdict.decisions")
        }
        let archive = try PostgresArchive(served.databaseURL, forStoring: false)
        #expect(try archive.connection.execute("SHOW transaction_read_only").first?.first == "on")
        let pool = try PostgresArchivePool(served.databaseURL, size: 1)
        #expect(throws: AuditError.self) { try pool.storeChecked(Data("x".utf8)) }
        #expect(try served.psql("SELECT count(*) FROM verdict.decisions") == "3\n")
    }

    @Test func concurrentRequestsShareThePool() async throws {
        let store = try Self.threeDecisions().store(connections: 2)
        try await RouteTests.withClient(store) { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<24 {
                    group.addTask { try await RouteTests.get(client, index % 2 == 0 ? "/decisions" : "/api/v1/decisions/\(index % 3 + 1)").status }
                }
                for try await status in group { #expect(status == .ok) }
            }
        }
    }
}

/// A fresh database holding a Verdict ledger and archive, filled as `check --ledger
/// postgres://… --archive postgres://…` fills them.
final class ServedPostgres {
    static let baseURL = ProcessInfo.processInfo.environment["VERDICT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let shouldRun = baseURL != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    static let skipReason: Comment = "VERDICT_TEST_POSTGRES_URL is unset: run 'export VERDICT_TEST_POSTGRES_URL=$(scripts/start-postgres.sh)' to test serve on PostgreSQL"

    struct Unset: Error, CustomStringConvertible {
        var description: String { "VERDICT_TEST_POSTGRES_URL is unset under CI=true: .ci/run must start PostgreSQL (scripts/start-postgres.sh)" }
    }

    let url: String
    let databaseURL: DatabaseURL
    let root: URL

    init() throws {
        guard let base = Self.baseURL, var components = URLComponents(string: base) else { throw Unset() }
        let name = "verdict_s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try Self.psql(base, "CREATE DATABASE \(name)")
        components.path = "/" + name
        url = components.string ?? base
        guard let parsed = DatabaseURL(url) else { throw PostgresTestFailure(message: "not a database URL: \(url)") }
        databaseURL = parsed
        _ = try PostgresLedger.initialize(databaseURL)
        _ = try PostgresArchive.initialize(databaseURL)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("serve-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func add(sarif: String, at time: String, repository: String = "acme/api", ref: String = "refs/heads/main") throws {
        let input = root.appendingPathComponent("scan-\(UUID().uuidString).sarif")
        try Data(sarif.utf8).write(to: input)
        let request = DecisionRequest(policy: .text(ServedLedger.policy, path: "policy.yaml"), inputs: [InputRequest(path: input.path)],
                                      now: Timestamp.parse(time)!, context: [(key: "repository", value: repository), (key: "ref", value: ref)])
        let made = try DecisionPipeline().decide(request)
        let recordText = DecisionRecord.render(made.decision)
        let archive = try PostgresArchive(databaseURL, forStoring: true)
        for file in made.files { _ = try archive.storeChecked(file.raw) }
        for source in made.decision.policy.sources { _ = try archive.storeChecked(Data(source.text.utf8)) }
        try archive.storeDecision(recordText, evaluatedAt: made.decision.evaluatedAt)
        try PostgresLedger(databaseURL, forAppending: true).append(
            made.decision, recordSHA256: SHA256Digest.hex(of: recordText),
            context: Ledger.Context(repository: repository, ref: ref), risk: made.decision.risk?.rawValue)
    }

    func store(connections: Int = 2) throws -> DecisionStore {
        DecisionStore(configuration: ServeConfiguration(
            ledger: try PostgresLedgerPool(databaseURL, size: connections), archive: try PostgresArchivePool(databaseURL, size: connections),
            replayConcurrency: 1, replayTimeout: .seconds(30), csrfToken: "test-token"))
    }

    @discardableResult
    func psql(_ sql: String) throws -> String { try Self.psql(url, sql) }

    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PostgresTestFailure(message: "psql failed on: \(sql)") }
        return output
    }

    struct PostgresTestFailure: Error { var message: String }
}
