import Foundation
import Synchronization
import VerdictKit

/// Signed-in browsers: a random session value in the cookie, its own CSRF token, an expiry.
///
/// The cookie never holds the bearer token: a stolen cookie dies with its session (sign-out, the
/// lifetime, a restart) and reveals nothing that works elsewhere. Sessions are kept by the
/// SHA-256 of their value, so the table's lookups time nothing secret.
public final class SessionStore: Sendable {
    struct Session {
        var csrfToken: String
        var expires: ContinuousClock.Instant
    }

    /// How long a session lasts from sign-in (a working day).
    let lifetime: Duration
    /// Sessions kept at most: the oldest are dropped first, so a flood of sign-ins cannot grow memory.
    static let capacity = 10_000
    private let sessions = Mutex<[String: Session]>([:])
    private let clock: @Sendable () -> ContinuousClock.Instant

    public init(lifetime: Duration = .seconds(12 * 3600), clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.lifetime = lifetime
        self.clock = clock
    }

    /// Starts a session; returns the cookie value and the session's CSRF token.
    func start() -> (value: String, csrfToken: String) {
        let value = ServeConfiguration.randomToken()
        let csrf = ServeConfiguration.randomToken()
        let now = clock()
        sessions.withLock { table in
            if table.count >= Self.capacity {
                table = table.filter { $0.value.expires > now }
                while table.count >= Self.capacity, let oldest = table.min(by: { $0.value.expires < $1.value.expires }) { table[oldest.key] = nil }
            }
            table[Self.key(value)] = Session(csrfToken: csrf, expires: now.advanced(by: lifetime))
        }
        return (value, csrf)
    }

    /// The CSRF token of the live session with this cookie value, or nil.
    func csrfToken(forSession value: String) -> String? {
        let now = clock()
        let key = Self.key(value)
        return sessions.withLock { table in
            guard let session = table[key] else { return nil }
            guard session.expires > now else {
                table[key] = nil
                return nil
            }
            return session.csrfToken
        }
    }

    func end(_ value: String) {
        let key = Self.key(value)
        _ = sessions.withLock { $0.removeValue(forKey: key) }
    }

    static func key(_ value: String) -> String {
        SHA256Digest.hex(of: value)
    }
}
