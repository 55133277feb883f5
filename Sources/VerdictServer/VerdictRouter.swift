import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VerdictKit

/// The routes of `verdict serve`: read-only pages and their JSON mirror.
///
/// Every response, errors included, goes through `SecurityHeaders`; then `RequestLimits`
/// (URL length, body size, rate) and `Authentication` (when the server has a token) run before
/// any route. Bad ids and bad filters answer 400 or 404 with a message, never 500. The POSTs are
/// replay, which writes nothing and needs the caller's CSRF token, and signing in and out.
public enum VerdictRouter {
    public static func build(store: DecisionStore, sessions: SessionStore = SessionStore(),
                             throttle: SignInThrottle = SignInThrottle()) -> Router<ServeContext> {
        let configuration = store.configuration
        let router = Router(context: ServeContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: RequestLimits(maximumURLBytes: configuration.maximumURLBytes, maximumBodyBytes: configuration.maximumBodyBytes,
                                             rateLimiter: configuration.rateLimit.map { RateLimiter(perMinute: $0) }))
        router.add(middleware: Authentication(token: configuration.token, processCSRFToken: configuration.csrfToken, sessions: sessions, throttle: throttle))
        if let token = configuration.token {
            SignInRoutes.add(to: router, token: token, sessions: sessions, throttle: throttle,
                             secureCookie: configuration.secureCookie, maximumBodyBytes: configuration.maximumBodyBytes)
        }
        let replays = ReplayRunner(limit: configuration.replayConcurrency, timeout: configuration.replayTimeout)
        let threads = StorageThreads(count: configuration.storageThreads)
        let maximumBodyBytes = configuration.maximumBodyBytes

        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/decisions"]) }
        router.get("/static/verdict.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: HTML.stylesheet)))
        }

        router.get("/decisions") { request, context in
            let query: LedgerQuery
            do throws(DecisionFilter.Problem) {
                query = try DecisionFilter.query(from: pairs(request))
            } catch {
                return htmlError(.badRequest, error.message)
            }
            let page = try await threads.run { try store.configuration.ledger.page(query) }
            return html(DecisionsPage.render(page), context)
        }
        router.get("/api/v1/decisions") { request, _ in
            let query: LedgerQuery
            do throws(DecisionFilter.Problem) {
                query = try DecisionFilter.query(from: pairs(request))
            } catch {
                return jsonError(.badRequest, error.message)
            }
            return json(APIDocuments.page(try await threads.run { try store.configuration.ledger.page(query) }))
        }

        router.get("/decisions/:id") { _, context in
            switch await detail(context, store, threads) {
            case let .failure(failure): return htmlError(failure.status, failure.message)
            case let .success(detail): return html(DecisionPage.render(detail, csrfToken: context.csrfToken), context)
            }
        }
        router.get("/api/v1/decisions/:id") { _, context in
            switch await detail(context, store, threads) {
            case let .failure(failure): return jsonError(failure.status, failure.message)
            case let .success(detail): return json(APIDocuments.decision(detail))
            }
        }
        for path in ["/decisions/:id/record.json", "/api/v1/decisions/:id/record"] {
            router.get(RouterPath(path)) { _, context in
                switch await detail(context, store, threads) {
                case let .failure(failure): return jsonError(failure.status, failure.message)
                case let .success(detail):
                    let entry = detail.entry
                    guard let bytes = detail.recordBytes else { return jsonError(.notFound, detail.recordProblem ?? "no record") }
                    return Response(status: .ok, headers: [
                        .contentType: "application/json",
                        .contentDisposition: "attachment; filename=\"decision-\(entry.id).json\"",
                    ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
                }
            }
        }

        for (path, api) in [("/decisions/:id/report.md", false), ("/api/v1/decisions/:id/report", true)] {
            router.get(RouterPath(path)) { _, context in
                switch await detail(context, store, threads) {
                case let .failure(failure): return error(failure.status, failure.message, api: api)
                case let .success(detail):
                    let entry = detail.entry
                    guard let record = detail.record else { return error(.notFound, detail.recordProblem ?? "no record", api: api) }
                    switch await replays.markdownReport(record, archive: configuration.archive, limits: configuration.limits) {
                    case let .success(markdown):
                        return Response(status: .ok, headers: [
                            .contentType: "text/markdown; charset=utf-8",
                            .contentDisposition: "attachment; filename=\"decision-\(entry.id).md\"",
                        ], body: .init(byteBuffer: ByteBuffer(string: markdown)))
                    case let .failure(failure):
                        let status: HTTPResponse.Status = switch failure.report {
                        case .busy, .timedOut: .serviceUnavailable
                        default: .conflict
                        }
                        let message = "the report is re-rendered from a replay of the record, and the replay is \(failure.report.status.replacingOccurrences(of: "_", with: " ")): "
                            + failure.report.details.joined(separator: "; ")
                        return error(status, message, api: api)
                    }
                }
            }
        }

        router.post("/decisions/:id/replay") { request, context in
            var request = request
            let form = try await request.collectBody(upTo: maximumBodyBytes)
            let fields = formFields(String(buffer: form))
            guard let given = fields["csrf"], ConstantTime.equal(given, context.csrfToken) else {
                return htmlError(.forbidden, "the replay form's token is missing or wrong: reload the decision's page and press the button again")
            }
            switch await detail(context, store, threads) {
            case let .failure(failure): return htmlError(failure.status, failure.message)
            case let .success(detail):
                let report = await replay(detail, replays, store)
                return html(DecisionPage.render(detail, csrfToken: context.csrfToken, replay: report), context,
                            status: report == .busy ? .serviceUnavailable : .ok)
            }
        }
        router.post("/api/v1/decisions/:id/replay") { request, context in
            guard let given = request.headers[HTTPField.Name("X-CSRF-Token")!], ConstantTime.equal(given, context.csrfToken) else {
                return jsonError(.forbidden, "the X-CSRF-Token header is missing or wrong; the token is in GET /api/v1/ledger as 'csrf_token'")
            }
            switch await detail(context, store, threads) {
            case let .failure(failure): return jsonError(failure.status, failure.message)
            case let .success(detail):
                let report = await replay(detail, replays, store)
                return json(APIDocuments.replay(detail.entry.id, report), status: report == .busy ? .serviceUnavailable : .ok)
            }
        }

        let recordTrends = RecordTrends()
        router.get("/trends") { _, context in
            let ledger = store.configuration.ledger
            let (counts, figures) = try await threads.run { (try ledger.dailyCounts(), try recordTrends.figures(store)) }
            return html(TrendsPage.render(counts, records: figures), context)
        }
        let verifications = ChainVerifications(ledger: store.configuration.ledger, threads: threads)
        router.get("/ledger") { _, context in
            let result = try await verifications.current()
            return html(LedgerHealthPage.render(result.verification, verifiedAt: result.verifiedAt, location: store.configuration.ledger.location), context)
        }
        router.get("/api/v1/ledger") { _, context in
            let result = try await verifications.current()
            guard case let .object(members) = APIDocuments.ledger(result.verification, verifiedAt: result.verifiedAt) else {
                return jsonError(.internalServerError, "")
            }
            return json(.object(members + [("csrf_token", .string(context.csrfToken))]))
        }
        return router
    }

    static func replay(_ detail: DecisionDetail, _ replays: ReplayRunner, _ store: DecisionStore) async -> ReplayReport {
        guard let record = detail.record else {
            return .failed([detail.recordProblem ?? "the record cannot be read"])
        }
        return await replays.replay(record, archive: store.configuration.archive, limits: store.configuration.limits)
    }

    struct Failure: Error, Sendable {
        var status: HTTPResponse.Status
        var message: String
    }

    /// The decision the path's `id` names, with its record: the ledger row and the archive are
    /// read on a storage thread (both block), for every route that shows or replays a decision.
    static func detail(_ context: ServeContext, _ store: DecisionStore, _ threads: StorageThreads) async -> Result<DecisionDetail, Failure> {
        let text = context.parameters.get("id") ?? ""
        return await threads.run { lookup(text, store).map { DecisionDetail(entry: $0, store: store) } }
    }

    /// The ledger row named by a path's `id` text: 400 for anything but a positive decimal, 404 when absent.
    static func lookup(_ text: String, _ store: DecisionStore) -> Result<LedgerEntry, Failure> {
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

    /// A page for this caller: a browser signed in with a cookie gets the sign-out button in the
    /// navigation bar (the bar is the server's own markup; record text is escaped and cannot hold it).
    static func html(_ text: String, _ context: ServeContext, status: HTTPResponse.Status = .ok) -> Response {
        guard context.signedInWithCookie, let bar = text.range(of: "</nav></header>") else { return html(text, status: status) }
        return html(text.replacingCharacters(in: bar, with: SignInPage.signOutForm(csrf: context.csrfToken) + "</nav></header>"), status: status)
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

    /// An error as JSON for the API, as a page otherwise.
    static func error(_ status: HTTPResponse.Status, _ message: String, api: Bool) -> Response {
        api ? jsonError(status, message) : htmlError(status, message)
    }
}
