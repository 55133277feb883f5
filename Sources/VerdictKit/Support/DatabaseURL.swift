import Foundation

/// A `postgres://` (or `postgresql://`) connection URL, and the form of it that may be shown.
///
/// The URL itself goes to libpq unchanged (it understands every parameter: `sslmode`,
/// `sslrootcert`, `connect_timeout` …). Everything Verdict prints names the ledger by `display`,
/// which drops the password; `scrub` removes a password (from the URL or `PGPASSWORD`) from any
/// text a server or libpq returns, in case one ever echoes it.
public struct DatabaseURL: Sendable, Equatable {
    /// The URL as given.
    public let url: String
    /// The URL without its password and query (`postgres://user@host:5432/db`).
    public let display: String
    /// The secrets that must never be printed: the URL's password, raw and decoded.
    let secrets: [String]

    /// Whether a ledger or archive location names a PostgreSQL database rather than a file.
    public static func isDatabase(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// - Returns: nil when `location` is not a `postgres://` URL.
    public init?(_ location: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard Self.isDatabase(location), let scheme = location.range(of: "://") else { return nil }
        url = location
        let schemeEnd = scheme.upperBound
        let rest = location[schemeEnd...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var hostPart = Substring(authority)
        var user = ""
        var secrets: [String] = []
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = String(userInfo[..<colon])
                let password = String(userInfo[userInfo.index(after: colon)...])
                if !password.isEmpty {
                    secrets.append(password)
                    if let decoded = password.removingPercentEncoding, decoded != password { secrets.append(decoded) }
                }
            } else {
                user = String(userInfo)
            }
        }
        // A password may also come as a query parameter (`?password=…`): never shown either.
        if let query = location.firstIndex(of: "?") {
            for pair in location[location.index(after: query)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == "password" {
                    let value = String(parts[1])
                    secrets.append(value)
                    if let decoded = value.removingPercentEncoding, decoded != value { secrets.append(decoded) }
                }
            }
        }
        if let password = environment["PGPASSWORD"], !password.isEmpty { secrets.append(password) }
        let path = rest[authorityEnd...].prefix(while: { $0 != "?" })
        display = location[..<schemeEnd] + (user.isEmpty ? "" : user + "@") + hostPart + path
        self.secrets = secrets.filter { $0.count >= 1 }.sorted { $0.count > $1.count }
    }

    /// `text` with every secret replaced by `***`.
    public func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}
