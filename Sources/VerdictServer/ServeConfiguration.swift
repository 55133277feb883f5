import Foundation
import VerdictKit

/// What `verdict serve` reads and how much work it lets a visitor start.
public struct ServeConfiguration: Sendable {
    /// The ledger, behind `LedgerReading` so another store can take the SQLite file's place.
    public var ledger: any LedgerReading
    /// The archive written by `check --archive` (a directory, or a PostgreSQL pool): records and inputs for replays.
    public var archive: (any ArchiveStore)?
    /// Keys a record's signature is checked against.
    public var publicKeys: [PublicSigningKey]
    /// The largest record or input read (`--max-input-bytes`).
    public var limits: InputLimits
    /// How many replays may run at once; more are refused with 503.
    public var replayConcurrency: Int
    /// How long a replay may take before its page reports a time-out.
    public var replayTimeout: Duration
    /// The token a replay POST must carry: random per server process, never derived from a request.
    public var csrfToken: String
    /// `--token-file`: when set, every page and call needs it (bearer header or signed-in session).
    public var token: BearerToken?
    /// `--secure-cookie`: cookies carry `Secure`, for a server reached over TLS (behind a proxy).
    public var secureCookie: Bool
    /// `--rate-limit`: requests per minute per client address; nil for no limit.
    public var rateLimit: Int?
    /// The largest request body read (forms are a few hundred bytes); larger is 413.
    public var maximumBodyBytes: Int
    /// The longest request target accepted (path and query); longer is 414.
    public var maximumURLBytes: Int
    /// Threads the ledger's and archive's reads run on (`--connections`): see `StorageThreads`.
    public var storageThreads: Int

    public init(ledger: any LedgerReading, archive: (any ArchiveStore)? = nil, publicKeys: [PublicSigningKey] = [], limits: InputLimits = InputLimits(),
                replayConcurrency: Int = 2, replayTimeout: Duration = .seconds(60), csrfToken: String = ServeConfiguration.randomToken(),
                token: BearerToken? = nil, secureCookie: Bool = false, rateLimit: Int? = nil,
                maximumBodyBytes: Int = 16 * 1024, maximumURLBytes: Int = 8 * 1024, storageThreads: Int = 4) {
        self.ledger = ledger
        self.archive = archive
        self.publicKeys = publicKeys
        self.limits = limits
        self.replayConcurrency = max(1, replayConcurrency)
        self.replayTimeout = replayTimeout
        self.csrfToken = csrfToken
        self.token = token
        self.secureCookie = secureCookie
        self.rateLimit = rateLimit
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumURLBytes = maximumURLBytes
        self.storageThreads = max(1, storageThreads)
    }

    /// 32 random bytes as hex.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
