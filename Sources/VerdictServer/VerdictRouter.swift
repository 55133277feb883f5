import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VerdictKit

/// The routes of `verdict serve`: read-only pages and their JSON mirror.
///
/// Every response, errors included, goes through `SecurityHeaders`. Bad ids and bad filters
/// answer 400 or 404 with a message, never 500. The only POST is replay, which writes nothing
/// and needs the server's CSRF token.
public enum VerdictRouter {
    /// The largest request body read (a replay form is a few dozen bytes).
    static let maximumBodyBytes = 4096

    public static func build(store: DecisionStore) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeaders())
        let replays = ReplayRunner(limit: store.configuration.replayConcurrency, timeout: store.configuration.replayTimeout)
        let token = store.configuration.csrfToken

        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/decisions"]) }
        router.get("/static/verdict.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: HTML.stylesheet)))
        }

        router.get("/decisions") { request, _ in
            let query: LedgerQuery
            do throws(DecisionFilter.Problem) {
                query = try DecisionFilter.query(from: pairs(request))
            } catch {
                return htmlError(.badRequest, error.message)
            }
            return html(DecisionsPage.render(try store.configuration.ledger.page(query)))
        }
        router.get("/api/v1/decisions") { request, _ in
            let query: LedgerQuery
            do throws(DecisionFilter.Problem) {
                query = try DecisionFilter.query(from: pairs(request))
            } catch {
                return jsonError(.badRequest, error.message)
            }
            return json(APIDocuments.page(try store.configuration.ledger.page(query)))
        }

        router.get("/decisions/:id") { _, context in
            switch lookup(context, store) {
            case let .failure(failure): return htmlError(failure.status, failure.message)
            case let .success(entry): return html(DecisionPage.render(DecisionDetail(entry: entry, store: store), csrfToken: token))
            }
        }
        router.get("/api/v1/decisions/:id") { _, context in
            switch lookup(context, store) {
            case let .failure(failure): return jsonError(failure.status, failure.message)
            case let .success(entry): return json(APIDocuments.decision(DecisionDetail(entry: entry, store: store)))
            }
        }
        for path in ["/decisions/:id/record.json", "/api/v1/decisions/:id/record"] {
            router.get(RouterPath(path)) { _, context in
                switch lookup(context, store) {
                case let .failure(failure): return jsonError(failure.status, failure.message)
                case let .success(entry):
                    let detail = DecisionDetail(entry: entry, store: store)
                    guard let bytes = detail.recordBytes else { return jsonError(.notFound, detail.recordProblem ?? "no record") }
                    return Response(status: .ok, headers: [
                        .contentType: "application/json",
                        .contentDisposition: "attachment; filename=\"decision-\(entry.id).json\"",
                    ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
                }
            }
        }

        router.post("/decisions/:id/replay") { request, context in
            var request = request
            let form = try? await request.collectBody(upTo: maximumBodyBytes)
            let fields = formFields(form.map { String(buffer: $0) } ?? "")
            guard let given = fields["csrf"], constantTimeEqual(given, token) else {
                return htmlError(.forbidden, "the replay form's token is missing or wrong: reload the decision's page and press the button again")
            }
            switch lookup(context, store) {
            case let .failure(failure): return htmlError(failure.status, failure.message)
            case let .success(entry):
                let detail = DecisionDetail(entry: entry, store: store)
                let report = await replay(detail, replays, store)
                return html(DecisionPage.render(detail, csrfToken: token, replay: report), status: report == .busy ? .serviceUnavailable : .ok)
            }
        }
        router.post("/api/v1/decisions/:id/replay") { request, context in
            guard let given = request.headers[HTTPField.Name("X-CSRF-Token")!], constantTimeEqual(given, token) else {
                return jsonError(.forbidden, "the X-CSRF-Token header is missing or wrong; the token is in GET /api/v1/ledger as 'csrf_token'")
            }
            switch lookup(context, store) {
            case let .failure(failure): return jsonError(failure.status, failure.message)
            case let .success(entry):
                let report = await replay(DecisionDetail(entry: entry, store: store), replays, store)
                return json(APIDocuments.replay(entry.id, report), status: report == .busy ? .serviceUnavailable : .ok)
            }
        }

        router.get("/trends") { _, _ in
            let ledger = store.configuration.ledger
            return html(TrendsPage.render(try await Task.detached { try ledger.dailyCounts() }.value))
        }
        router.get("/ledger") { _, _ in
            let ledger = store.configuration.ledger
            return html(LedgerHealthPage.render(try await verify(ledger), location: ledger.location))
        }
        router.get("/api/v1/ledger") { _, _ in
            guard case let .object(members) = APIDocuments.ledger(try await verify(store.configuration.ledger)) else { return jsonError(.internalServerError, "") }
            return json(.object(members + [("csrf_token", .string(token))]))
        }
        return router
    }

    /// Verification reads every row: done off the request's thread.
    static func verify(_ ledger: any LedgerReading) async throws -> Ledger.Verification {
        try await Task.detached { try ledger.verify(expectedHead: nil) }.value
    }

    static func replay(_ detail: DecisionDetail, _ replays: ReplayRunner, _ store: DecisionStore) async -> ReplayReport {
        guard let record = detail.record else {
            return .failed([detail.recordProblem ?? "the record cannot be read"])
        }
        return await replays.replay(record, archive: store.configuration.archive, limits: store.configuration.limits)
    }

    struct Failure: Error {
        var status: HTTPResponse.Status
        var message: String
    }

    /// The ledger row named by the path's `id`: 400 for anything but a positive decimal, 404 when absent.
    static func lookup(_ context: BasicRequestContext, _ store: DecisionStore) -> Result<LedgerEntry, Failure> {
        let text = context.parameters.get("id") ?? ""
        guard !text.isEmpty, text.count <= 18, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let id = Int64(text), id > 0 else {
            return .failure(Failure(status: .badRequest, message: "invalid decision id '\(text.prefix(40))'; expected a positive whole number"))
        }
        do throws(AuditError) {
            guard let entry = try store.configuration.ledger.entry(id: id) else {
                return .failure(Failure(status: .notFound, message: "no decision \(id) in the ledger"))
            }
            return .success(entry)
        } catch {
            return .failure(Failure(status: .serviceUnavailable, message: error.diagnostics.map(\.message).joined(separator: "; ")))
        }
    }

    /// The query string's pairs, percent-decoded, in order, repeated names kept.
    static func pairs(_ request: Request) -> [(String, String)] {
        request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    }

    /// `application/x-www-form-urlencoded` fields; a repeated field keeps its first value.
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String { String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }

    /// Compares every byte whatever the first difference, so timing does not reveal the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<right.count { difference |= (index < left.count ? left[index] : 0) ^ right[index] }
        return difference == 0 && left.count == right.count
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    static func htmlError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        html(HTML.page(title: "\(status.code) \(status.reasonPhrase)", body: "<p class=\"problem\">\(HTML.escape(message))</p>\n"), status: status)
    }

    static func jsonError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(APIDocuments.error(status.code, message), status: status)
    }
}
