import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing
import VerdictKit
@testable import VerdictServer

/// "Replay now": the same `Replay` as `verdict replay`, from the archive only, behind a CSRF token.
@Suite struct ReplayRouteTests {
    static func post(_ client: any TestClientProtocol, _ uri: String, form: String? = nil, token: String? = nil) async throws -> (status: HTTPResponse.Status, body: String) {
        var headers: HTTPFields = [:]
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        if let token { headers[HTTPField.Name("X-CSRF-Token")!] = token }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: form.map { ByteBuffer(string: $0) }) { response in
            (response.status, String(buffer: response.body))
        }
    }

    /// The bytes of every file under `root`, by path: what "read-only" must leave unchanged.
    static func snapshot(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    @Test func aReplayWithoutTheTokenIsRefused() async throws {
        let ledger = try ServedLedger()
        try ledger.add(sarif: ServedLedger.sarif(["finding"]), at: "2026-11-20T10:00:00Z")
        try await RouteTests.withClient(try ledger.store()) { client in
            let response1 = try await Self.post(client, "/decisions/1/replay")
            #expect(response1.status == .forbidden)
            let response2 = try await Self.post(client, "/decisions/1/replay", form: "csrf=wrong-token")
            #expect(response2.status == .forbidden)
            let response3 = try await Self.post(client, "/decisions/1/replay", form: "csrf=test-toke")
            #expect(response3.status == .forbidden)
            let response4 = try await Self.post(client, "/api/v1/decisions/1/replay")
            #expect(response4.status == .forbidden)
            let response5 = try await Self.post(client, "/api/v1/decisions/1/replay", token: "test-tokenX")
            #expect(response5.status == .forbidden)
            let response6 = try await RouteTests.get(client, "/decisions/1/replay")
            #expect(response6.status.code >= 400)
        }
    }

    @Test func aReplayFromTheArchiveIsIdenticalAndWritesNothing() async throws {
        let ledger = try ServedLedger()
        try ledger.add(sarif: ServedLedger.sarif(["SQL injection", "weak hash"]), at: "2026-11-20T10:00:00Z")
        let before = try Self.snapshot(ledger.root)
        // The input's file is gone: the replay must take it from the archive, by hash.
        for name in before.keys where name.hasSuffix(".sarif") { try FileManager.default.removeItem(at: ledger.root.appendingPathComponent(name)) }
        let archived = try Self.snapshot(ledger.root)
        try await RouteTests.withClient(try ledger.store()) { client in
            let page = try await Self.post(client, "/decisions/1/replay", form: "csrf=test-token")
            #expect(page.status == .ok)
            #expect(page.body.contains("✓ Replay: identical"), "\(page.body)")
            let document = try await Self.post(client, "/api/v1/decisions/1/replay", token: "test-token")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any])
            #expect(object["status"] as? String == "identical")
        }
        #expect(try Self.snapshot(ledger.root) == archived)
    }

    @Test func aMissingArchivedInputIsReported() async throws {
        let ledger = try ServedLedger()
        let sarif = ServedLedger.sarif(["finding"])
        try ledger.add(sarif: sarif, at: "2026-11-20T10:00:00Z")
        let object = URL(fileURLWithPath: ledger.archivePath).appendingPathComponent("objects/\(SHA256Digest.hex(of: Data(sarif.utf8)))")
        try FileManager.default.removeItem(at: object)
        try await RouteTests.withClient(try ledger.store()) { client in
            let page = try await Self.post(client, "/decisions/1/replay", form: "csrf=test-token")
            #expect(page.body.contains("✗ Replay: inputs missing or altered"), "\(page.body)")
        }
    }

    @Test func aReplayNeverReadsThePathARecordNames() async throws {
        // The archive lacks the input, but the file is still at its recorded path: a server must
        // not read it (a record could name any file on the server).
        let ledger = try ServedLedger()
        let sarif = ServedLedger.sarif(["finding"])
        try ledger.add(sarif: sarif, at: "2026-11-20T10:00:00Z")
        try FileManager.default.removeItem(at: URL(fileURLWithPath: ledger.archivePath).appendingPathComponent("objects/\(SHA256Digest.hex(of: Data(sarif.utf8)))"))
        let report = await VerdictRouter.replay(DecisionDetail(entry: try #require(try Ledger(readingFrom: ledger.ledgerPath).entry(id: 1)), store: try ledger.store()),
                                                ReplayRunner(limit: 1, timeout: .seconds(30)), try ledger.store())
        #expect(report.status == "inputs_missing_or_altered")
    }
}
