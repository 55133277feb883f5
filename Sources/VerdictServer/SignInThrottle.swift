import Synchronization

/// Back-off for wrong tokens, per client address: after `freeAttempts` failures each further
/// one locks the address out for twice as long as the last (1 s, 2 s, 4 s … up to 15 minutes).
///
/// While locked out even the right token is refused (429 with `Retry-After`), so guessing is
/// bounded by time, not by how fast an attacker can send. A success clears the address.
public final class SignInThrottle: Sendable {
    struct Record {
        var failures: Int
        var lockedUntil: ContinuousClock.Instant
    }

    static let freeAttempts = 5
    static let longestLockOut = Duration.seconds(15 * 60)
    /// Addresses remembered at most; past it, the ones no longer locked out are forgotten.
    static let capacity = 50_000
    private let records = Mutex<[String: Record]>([:])
    private let clock: @Sendable () -> ContinuousClock.Instant

    public init(clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.clock = clock
    }

    /// Seconds until `address` may try again, or nil when it may try now.
    func lockedOut(_ address: String) -> Int? {
        let now = clock()
        return records.withLock { table in
            guard let record = table[address], record.lockedUntil > now else { return nil }
            return Self.wholeSeconds(record.lockedUntil - now)
        }
    }

    /// Counts a wrong token from `address`; returns the lock-out it now has, in seconds, if any.
    @discardableResult
    func failed(_ address: String) -> Int? {
        let now = clock()
        return records.withLock { table in
            if table.count >= Self.capacity { table = table.filter { $0.value.lockedUntil > now } }
            var record = table[address] ?? Record(failures: 0, lockedUntil: now)
            record.failures += 1
            let over = record.failures - Self.freeAttempts
            var lockOut: Int?
            if over > 0 {
                let delay = min(Duration.seconds(1 << min(over - 1, 20)), Self.longestLockOut)
                record.lockedUntil = now.advanced(by: delay)
                lockOut = Self.wholeSeconds(delay)
            }
            table[address] = record
            return lockOut
        }
    }

    func succeeded(_ address: String) {
        _ = records.withLock { $0.removeValue(forKey: address) }
    }

    static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
