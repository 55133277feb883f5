import Foundation
import VerdictKit

/// The ledger page's chain verification, shared by every request that asks for it.
///
/// Verifying reads and hashes every row (seconds at 100,000 rows), and `/api/v1/ledger` is also
/// where API clients fetch their CSRF token: verifying on every request let a handful of clients
/// keep both cores busy. So requests arriving while a verification runs wait for that one
/// instead of starting their own, and a result is reused while the ledger's head row is the
/// same, for at most `maximumAge`; a new head (a decision appended) is verified at once. Pages
/// say when the shown result was computed.
actor ChainVerifications {
    struct Result: Sendable {
        var verification: Ledger.Verification
        /// When the walk started (wall clock, for the page).
        var verifiedAt: Date
    }

    private let ledger: any LedgerReading
    /// Where the reads run: they block, and a walk of a large ledger takes seconds.
    private let threads: StorageThreads
    private let maximumAge: Duration
    private var last: (head: LedgerEntry?, result: Result, at: ContinuousClock.Instant)?
    private var running: Task<Result, any Error>?

    /// How long a result is reused while the head stays the same, unless the server is told otherwise.
    static let defaultMaximumAgeSeconds = 30

    init(ledger: any LedgerReading, threads: StorageThreads, maximumAge: Duration = .seconds(defaultMaximumAgeSeconds)) {
        self.ledger = ledger
        self.threads = threads
        self.maximumAge = maximumAge
    }

    func current() async throws -> Result {
        if let running { return try await running.value }
        let ledger = ledger, threads = threads
        let head = try await threads.run { try ledger.page(LedgerQuery(limit: 1)).entries.first }
        if let last, last.head?.id == head?.id, last.head?.rowHash == head?.rowHash, last.at.duration(to: .now) < maximumAge {
            return last.result
        }
        // Another request may have started one while the head was read.
        if let running { return try await running.value }
        let started = ContinuousClock.now
        let startedAt = Date()
        let task = Task.detached { try await threads.run { Result(verification: try ledger.verify(expectedHead: nil), verifiedAt: startedAt) } }
        running = task
        defer { running = nil }
        let result = try await task.value
        last = (head, result, started)
        return result
    }
}
