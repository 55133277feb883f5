import Foundation
import VerdictKit

/// What `verdict serve` reads and how much work it lets a visitor start.
public struct ServeConfiguration: Sendable {
    /// The ledger, behind `LedgerReading` so another store can take the SQLite file's place.
    public var ledger: any LedgerReading
    /// The directory archive written by `check --archive`: records and inputs for replays.
    public var archive: Archive?
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

    public init(ledger: any LedgerReading, archive: Archive? = nil, publicKeys: [PublicSigningKey] = [], limits: InputLimits = InputLimits(),
                replayConcurrency: Int = 2, replayTimeout: Duration = .seconds(60), csrfToken: String = ServeConfiguration.randomToken()) {
        self.ledger = ledger
        self.archive = archive
        self.publicKeys = publicKeys
        self.limits = limits
        self.replayConcurrency = max(1, replayConcurrency)
        self.replayTimeout = replayTimeout
        self.csrfToken = csrfToken
    }

    /// 32 random bytes as hex.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
