import Hummingbird
import NIOCore

/// The request context of `verdict serve`: Hummingbird's core storage plus who is asking.
///
/// `clientAddress` keys the rate limit and the sign-in back-off; `csrfToken` is the token this
/// caller's forms and `X-CSRF-Token` headers must carry (its session's own token when signed in
/// with a cookie, the process's token otherwise), set by `Authentication` before any route runs.
public struct ServeContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The CSRF token of this caller; empty until `Authentication` has run.
    public var csrfToken: String = ""
    /// Set when the caller signed in through the form: pages then show a sign-out button.
    public var signedInWithCookie = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, or "unknown" (an in-process test channel has none): all
    /// callers without an address share one bucket, which fails towards limiting, not past it.
    public var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
