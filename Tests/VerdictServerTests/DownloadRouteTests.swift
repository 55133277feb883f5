import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VerdictKit
@testable import VerdictServer

/// The decision page's downloads: the record as archived, and the report re-rendered from a
/// replay — refused (409) when the replay does not reproduce the record.
@Suite struct DownloadRouteTests {
    @Test func theDecisionPageLinksBothDownloads() async throws {
        try await RouteTests.withClient(try RouteTests.threeDecisions().store()) { client in
            let page = try await RouteTests.get(client, "/decisions/2")
            #expect(page.body.contains("href=\"/decisions/2/record.json\" download"))
            #expect(page.body.contains("href=\"/decisions/2/report.md\" download"))
            let document = try await RouteTests.get(client, "/api/v1/decisions/2")
            #expect(document.body.contains("\"report\": \"/api/v1/decisions/2/report\""))
        }
    }

    @Test func theRecordDownloadIsTheArchivedBytes() async throws {
        let ledger = try RouteTests.threeDecisions()
        let row = try #require(try Ledger(readingFrom: ledger.ledgerPath).entry(id: 2))
        try await RouteTests.withClient(try ledger.store()) { client in
            let download = try await RouteTests.get(client, "/decisions/2/record.json")
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/json")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"decision-2.json\"")
            #expect(SHA256Digest.hex(of: download.body) == row.recordSHA256)
        }
    }

    @Test(arguments: ["/decisions/2/report.md", "/api/v1/decisions/2/report"])
    func theReportIsReRenderedFromAnIdenticalReplay(uri: String) async throws {
        let ledger = try RouteTests.threeDecisions()
        try await RouteTests.withClient(try ledger.store()) { client in
            let download = try await RouteTests.get(client, uri)
            #expect(download.status == .ok, "\(download.body)")
            #expect(download.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"decision-2.md\"")
            #expect(download.body.contains("SQL injection"), "\(download.body)")
            #expect(download.body.contains("vulnerabilities"))
            #expect(!download.body.contains("<html"))
        }
    }

    @Test(arguments: ["/decisions/1/report.md", "/api/v1/decisions/1/report"])
    func aReplayThatCannotReproduceTheRecordGivesNoReport(uri: String) async throws {
        let ledger = try ServedLedger()
        let sarif = ServedLedger.sarif(["finding"])
        try ledger.add(sarif: sarif, at: "2026-11-20T10:00:00Z")
        // The archived input is altered: the replay cannot support the record any more.
        let object = URL(fileURLWithPath: ledger.archivePath).appendingPathComponent("objects/\(SHA256Digest.hex(of: Data(sarif.utf8)))")
        try FileManager.default.removeItem(at: object)
        try Data(ServedLedger.sarif([]).utf8).write(to: object)
        try await RouteTests.withClient(try ledger.store()) { client in
            let download = try await RouteTests.get(client, uri)
            #expect(download.status == .conflict, "\(download.body)")
            #expect(download.headers[.contentDisposition] == nil)
            #expect(download.body.contains("the replay is inputs missing or altered"), "\(download.body)")
        }
    }

    @Test func withoutAnArchiveThereIsNoReport() async throws {
        try await RouteTests.withClient(try RouteTests.threeDecisions().store(archive: false)) { client in
            let download = try await RouteTests.get(client, "/api/v1/decisions/2/report")
            #expect(download.status == .notFound)
            #expect(try await RouteTests.get(client, "/decisions/x/report.md").status == .badRequest)
        }
    }
}
