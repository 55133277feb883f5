import HTTPTypes
import Hummingbird

/// Refuses what no page or API call needs before any work is done: an over-long URL (414), a
/// body announced larger than the cap (413; bodies sent without a length are capped where
/// read), and a client over `--rate-limit` (429 with `Retry-After`).
struct RequestLimits: RouterMiddleware {
    typealias Context = ServeContext
    let maximumURLBytes: Int
    let maximumBodyBytes: Int
    let rateLimiter: RateLimiter?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let api = request.uri.path.hasPrefix("/api/")
        if request.uri.description.utf8.count > maximumURLBytes {
            return VerdictRouter.error(.uriTooLong, "the URL is longer than \(maximumURLBytes) bytes", api: api)
        }
        if let length = request.headers[.contentLength], Int(length).map({ $0 > maximumBodyBytes }) ?? true {
            return VerdictRouter.error(.contentTooLarge, "the request body is larger than \(maximumBodyBytes) bytes", api: api)
        }
        if let rateLimiter, let wait = rateLimiter.admit(context.clientAddress) {
            var response = VerdictRouter.error(.tooManyRequests, "more than \(rateLimiter.perMinute) requests in a minute from this address; try again in \(wait) s", api: api)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        return try await next(request, context)
    }
}
