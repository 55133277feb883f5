import HTTPTypes
import Hummingbird

/// `--token-file`: every route but the sign-in form and the stylesheet needs either
/// `Authorization: Bearer TOKEN` or the cookie of a session started by the sign-in form.
///
/// Without credentials an API call is 401 with `WWW-Authenticate: Bearer` and a page redirects
/// to the sign-in form. A wrong bearer token counts against the client's address in the same
/// back-off as the form, so the API is no faster way to guess. Without a token file (loopback,
/// or `--insecure-no-auth`) every caller is let through with the process's CSRF token.
struct Authentication: RouterMiddleware {
    typealias Context = ServeContext
    let token: BearerToken?
    let processCSRFToken: String
    let sessions: SessionStore
    let throttle: SignInThrottle

    /// Reachable before signing in: the form itself, and the stylesheet it is drawn with.
    static let publicPaths: Set<String> = ["/sign-in", "/static/verdict.css"]
    static let challenge = "Bearer realm=\"verdict\""

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.csrfToken = processCSRFToken
        guard let token, !Self.publicPaths.contains(request.uri.path) else { return try await next(request, context) }
        let api = request.uri.path.hasPrefix("/api/")
        let address = context.clientAddress

        if let authorization = request.headers[.authorization] {
            guard authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
                return unauthorized("the Authorization header is not 'Bearer TOKEN'", api: api, invalid: true)
            }
            if let wait = throttle.lockedOut(address) { return lockedOut(wait, api: api) }
            guard token.matches(String(authorization.dropFirst(7).trimmingSpaces)) else {
                if let wait = throttle.failed(address) { return lockedOut(wait, api: api) }
                return unauthorized("the bearer token is wrong", api: api, invalid: true)
            }
            throttle.succeeded(address)
            return try await next(request, context)
        }
        if let value = Cookies.value(Cookies.session, in: request.headers), let csrf = sessions.csrfToken(forSession: value) {
            context.csrfToken = csrf
            context.signedInWithCookie = true
            return try await next(request, context)
        }
        if api { return unauthorized("authentication required: send 'Authorization: Bearer TOKEN' (the token in the server's --token-file)", api: true, invalid: false) }
        let target = request.method == .get ? SignInRoutes.safeNext(request.uri.description) : "/decisions"
        return Response(status: .seeOther, headers: [.location: "/sign-in?next=" + HTML.queryComponent(target)])
    }

    func unauthorized(_ message: String, api: Bool, invalid: Bool) -> Response {
        var response = VerdictRouter.error(.unauthorized, message, api: api)
        response.headers[.wwwAuthenticate] = Self.challenge + (invalid ? ", error=\"invalid_token\"" : "")
        return response
    }

    func lockedOut(_ seconds: Int, api: Bool) -> Response {
        var response = VerdictRouter.error(.tooManyRequests, "too many wrong tokens from this address; try again in \(seconds) s", api: api)
        response.headers[.retryAfter] = String(seconds)
        return response
    }
}
