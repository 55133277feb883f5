import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing
import VerdictKit
@testable import VerdictServer

/// Every page and API call against the router, through HummingbirdTesting's in-process client.
@Suite struct RouteTests {
    /// Runs `body` with a client of a server over `store`.
    static func withClient(_ store: DecisionStore, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: VerdictRouter.build(store: store))
        try await app.test(.router, body)
    }

    static func get(_ client: any TestClientProtocol, _ uri: String) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
        try await client.execute(uri: uri, method: .get) { response in (response.status, String(buffer: response.body), response.headers) }
    }

    /// Three decisions: pass on main, fail on a branch of another repository, warn with a medium finding.
    static func threeDecisions() throws -> ServedLedger {
        let ledger = try ServedLedger()
        try ledger.add(sarif: ServedLedger.sarif([]), at: "2026-11-20T10:00:00Z")
        try ledger.add(sarif: ServedLedger.sarif(["SQL injection"]), at: "2026-11-21T10:00:00Z", repository: "acme/web", ref: "refs/heads/feature")
        try ledger.add(sarif: ServedLedger.sarif(["weak hash"], level: "warning"), at: "2026-11-22T10:00:00Z")
        return ledger
    }

    @Test func theListIsNewestFirstAndLinksEachRow() async throws {
        let store = try Self.threeDecisions().store()
        try await Self.withClient(store) { client in
            let page = try await Self.get(client, "/decisions")
            #expect(page.status == .ok)
            let third = try #require(page.body.range(of: "href=\"/decisions/3\""))
            let first = try #require(page.body.range(of: "href=\"/decisions/1\""))
            #expect(third.lowerBound < first.lowerBound)
            #expect(page.body.contains("3 decisions match; showing 1–3"))
        }
    }

    @Test(arguments: [
        ("outcome=fail", [2]),
        ("repository=acme%2Fapi", [3, 1]),
        ("ref=refs%2Fheads%2Ffeature", [2]),
        ("rule=vulnerabilities&outcome=warn", [3]),
        ("rule=nonexistent", []),
        ("from=2026-11-21&to=2026-11-21", [2]),
        ("from=2026-11-21", [3, 2]),
        ("waived=false", [3, 2, 1]),
        ("waived=true", []),
        ("limit=1&offset=1", [2]),
        ("outcome=&repository=", [3, 2, 1]),
    ] as [(String, [Int])])
    func filtersAndPagingSelectRows(query: String, ids: [Int]) async throws {
        let store = try Self.threeDecisions().store()
        try await Self.withClient(store) { client in
            let document = try await Self.get(client, "/api/v1/decisions?" + query)
            #expect(document.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any])
            let rows = try #require(object["decisions"] as? [[String: Any]])
            #expect(rows.compactMap { $0["id"] as? Int } == ids, "\(query)")
        }
    }

    @Test func pagingLinksKeepTheFilters() async throws {
        let store = try Self.threeDecisions().store()
        try await Self.withClient(store) { client in
            let page = try await Self.get(client, "/decisions?repository=acme%2Fapi&limit=1")
            #expect(page.body.contains("href=\"/decisions?repository=acme%2Fapi&amp;limit=1&amp;offset=1\" rel=\"next\""))
        }
    }

    @Test(arguments: [
        ("/decisions?outcome=passed", 400, "invalid 'outcome' 'passed'; expected pass, warn, fail, error"),
        ("/decisions?outcom=pass", 400, "unknown parameter 'outcom'; did you mean 'outcome'?"),
        ("/decisions?outcome=pass&outcome=fail", 400, "parameter 'outcome' given more than once"),
        ("/decisions?from=2026-02-30", 400, "invalid 'from' '2026-02-30'; expected a day YYYY-MM-DD"),
        ("/decisions?from=2026-11-22&to=2026-11-21", 400, "'to' 2026-11-21 is before 'from' 2026-11-22"),
        ("/decisions?limit=0", 400, "invalid 'limit' '0'"),
        ("/decisions?offset=-1", 400, "invalid 'offset' '-1'"),
        ("/decisions?waived=yes", 400, "invalid 'waived' 'yes'; expected true, false"),
        ("/decisions?risk=severe", 400, "invalid 'risk' 'severe'"),
        ("/decisions/abc", 400, "invalid decision id 'abc'"),
        ("/decisions/-1", 400, "invalid decision id '-1'"),
        ("/decisions/99999999999999999999", 400, "invalid decision id"),
        ("/decisions/0", 400, "invalid decision id '0'"),
        ("/decisions/9", 404, "no decision 9 in the ledger"),
        ("/api/v1/decisions/9", 404, "no decision 9 in the ledger"),
        ("/api/v1/decisions?limit=501", 400, "invalid 'limit' '501'"),
        ("/nowhere", 404, "Not Found"),
    ] as [(String, Int, String)])
    func badRequestsAreRefusedNever500(uri: String, status: Int, message: String) async throws {
        let store = try Self.threeDecisions().store()
        try await Self.withClient(store) { client in
            let response = try await Self.get(client, uri)
            #expect(response.status.code == status, "\(uri): \(response.body)")
            #expect(response.body.contains(HTML.escape(message)) || response.body.contains(message), "\(uri): \(response.body)")
            #expect(response.headers[.contentSecurityPolicy] == SecurityHeaders<BasicRequestContext>.contentSecurityPolicy)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let store = try Self.threeDecisions().store()
        try await Self.withClient(store) { client in
            for uri in ["/decisions", "/decisions/1", "/ledger", "/api/v1/ledger", "/static/verdict.css", "/missing"] {
                let response = try await Self.get(client, uri)
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none';") == true, "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script") == false, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(uri)")
            }
        }
    }

    @Test func theDecisionPageShowsRulesFindingsInputsPolicyAndChain() async throws {
        let ledger = try Self.threeDecisions()
        let row = try #require(try Ledger(readingFrom: ledger.ledgerPath).entry(id: 2))
        try await Self.withClient(try ledger.store()) { client in
            let page = try await Self.get(client, "/decisions/2")
            #expect(page.status == .ok)
            #expect(page.body.contains("Outcome <span class=\"outcome fail\">✗ fail</span> · exit status 1"))
            #expect(page.body.contains("SQL injection"))
            #expect(page.body.contains("<code>src/app.swift:1</code>"))
            #expect(page.body.contains(row.rowHash) && page.body.contains(row.previousHash) && page.body.contains(row.recordSHA256))
            #expect(page.body.contains("block: [critical, high]"))
            #expect(page.body.contains("– unsigned"))
            #expect(page.body.contains("href=\"/decisions/2/record.json\""))
            let record = try await Self.get(client, "/decisions/2/record.json")
            #expect(SHA256Digest.hex(of: Data(record.body.utf8)) == row.recordSHA256)
        }
    }

    @Test func hostileRecordTextIsEscapedEverywhere() async throws {
        let ledger = try ServedLedger()
        let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>'\u{202E}gnp.exe"
        try ledger.add(sarif: ServedLedger.sarif([hostile], uri: "src/<b>x</b>.swift"), at: "2026-11-20T10:00:00Z",
                       repository: "<i>acme</i>", ref: "\"><script>x</script>")
        try await Self.withClient(try ledger.store()) { client in
            for uri in ["/decisions", "/decisions/1"] {
                let page = try await Self.get(client, uri)
                #expect(!page.body.contains("<script"), "\(uri)")
                #expect(!page.body.contains("<img"), "\(uri)")
                #expect(!page.body.contains("<i>acme"), "\(uri)")
                #expect(!page.body.contains("\u{202E}"), "\(uri)")
                #expect(page.body.contains("&lt;i&gt;acme&lt;/i&gt;"), "\(uri)")
            }
            let page = try await Self.get(client, "/decisions/1")
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&#39;U+202Egnp.exe"))
            #expect(page.body.contains("src/&lt;b&gt;x&lt;/b&gt;.swift:1"))
        }
    }

    @Test func theSignatureIsCheckedAgainstTheGivenKeys() async throws {
        let ledger = try ServedLedger()
        try ledger.add(sarif: ServedLedger.sarif([]), at: "2026-11-20T10:00:00Z", sign: true)
        let other = SigningKey.generate().publicKey
        for (keys, expected) in [([ledger.key.publicKey], "valid"), ([other], "unknown_key"), ([], "unknown_key")] {
            try await Self.withClient(try ledger.store(publicKeys: keys)) { client in
                let document = try await Self.get(client, "/api/v1/decisions/1")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any])
                #expect((object["signature"] as? [String: Any])?["status"] as? String == expected)
            }
        }
    }

    @Test func anArchivedRecordThatNoLongerHashesIsNotShown() async throws {
        let ledger = try ServedLedger()
        try ledger.add(sarif: ServedLedger.sarif(["finding"]), at: "2026-11-20T10:00:00Z")
        let decisions = URL(fileURLWithPath: ledger.archivePath).appendingPathComponent("decisions")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: decisions.path).first)
        let file = decisions.appendingPathComponent(name)
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"outcome\": \"fail\"", with: "\"outcome\": \"pass\"")
        try Data(text.utf8).write(to: file)
        try await Self.withClient(try ledger.store()) { client in
            let page = try await Self.get(client, "/decisions/1")
            #expect(page.body.contains("archive object was altered"))
            #expect(page.body.contains("? unknown: the record could not be read"))
            #expect(page.body.contains("Outcome <span class=\"outcome fail\">"))
            let response1 = try await Self.get(client, "/decisions/1/record.json")
            #expect(response1.status == .notFound)
        }
    }

    @Test func theLedgerPageVerifiesTheChain() async throws {
        let ledger = try Self.threeDecisions()
        let head = try Ledger(readingFrom: ledger.ledgerPath).verify().head
        try await Self.withClient(try ledger.store()) { client in
            let page = try await Self.get(client, "/ledger")
            #expect(page.body.contains("✓ Chain intact · 3 decisions"))
            #expect(page.body.contains(head))
            let document = try await Self.get(client, "/api/v1/ledger")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any])
            #expect(object["intact"] as? Bool == true)
            #expect(object["count"] as? Int == 3)
            #expect(object["head"] as? String == head)
            #expect((object["verified_at"] as? String).flatMap(Timestamp.parse) != nil)
        }
    }

    @Test func aDecisionAppendedWhileServingIsListedCountedAndVerifiedAtOnce() async throws {
        let ledger = try Self.threeDecisions()
        try await Self.withClient(try ledger.store()) { client in
            #expect(try await Self.get(client, "/decisions").body.contains("3 decisions match"))
            #expect(try await Self.get(client, "/ledger").body.contains("✓ Chain intact · 3 decisions"))
            let added = try ledger.add(sarif: ServedLedger.sarif(["new finding"]), at: "2026-11-23T10:00:00Z")
            let page = try await Self.get(client, "/decisions")
            #expect(page.body.contains("4 decisions match; showing 1–4"))
            #expect(page.body.contains("href=\"/decisions/4\""))
            let health = try await Self.get(client, "/api/v1/ledger")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: Any])
            #expect(object["count"] as? Int == 4)
            #expect(object["head"] as? String == added.rowHash)
        }
    }

    @Test func trendsAreDrawnAsSVGWithNumbersAndATable() async throws {
        let store = try Self.threeDecisions().store()
        try await Self.withClient(store) { client in
            let page = try await Self.get(client, "/trends")
            #expect(page.status == .ok)
            #expect(page.body.contains("<svg"))
            // 2026-11-20 (Friday) and 2026-11-21/22 (weekend) fall in the week of Monday 2026-11-16.
            #expect(page.body.contains("<td>2026-11-16</td><td>1</td><td>1</td><td>1</td><td>0</td><td>3</td>"))
            #expect(page.body.contains("No decision judged a plan."))
            #expect(!page.body.contains("<script"))
        }
    }

    @Test(arguments: [("2026-11-16", "2026-11-16"), ("2026-11-22", "2026-11-16"), ("2026-11-23", "2026-11-23"), ("2027-01-01", "2026-12-28")])
    func weeksStartOnMonday(day: String, monday: String) throws {
        #expect(TrendsPage.monday(of: try #require(CalendarDay(day))).description == monday)
    }
}
