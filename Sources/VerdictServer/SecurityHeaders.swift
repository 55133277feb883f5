import HTTPTypes
import Hummingbird
import NIOCore
import VerdictKit

/// Headers on every response, and errors turned into pages that carry them too.
///
/// The pages need nothing but their own stylesheet and forms posting to themselves, so the
/// policy starts from `default-src 'none'`: no script at all, no frames, no foreign origin.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase
            response = request.uri.path.hasPrefix("/api/") ? VerdictRouter.jsonError(error.status, message) : VerdictRouter.htmlError(error.status, message)
        } catch {
            // A store that cannot be read: say so, without the stack of whatever failed.
            let message = (error as? any DiagnosticError)?.diagnostics.map(\.message).joined(separator: "; ") ?? "the ledger or archive cannot be read"
            response = request.uri.path.hasPrefix("/api/") ? VerdictRouter.jsonError(.serviceUnavailable, message) : VerdictRouter.htmlError(.serviceUnavailable, message)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
