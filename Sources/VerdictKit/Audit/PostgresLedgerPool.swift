import Foundation

/// A PostgreSQL ledger read through a few connections, for `verdict serve`: one connection
/// serves one statement at a time, so concurrent requests would queue behind each other on one.
///
/// Every connection is opened read-only (`PostgresLedger(_:forAppending: false)` sets the
/// session's transactions READ ONLY), so not even a bug in the server can write to the ledger.
/// A request takes a free connection, or waits for one.
public final class PostgresLedgerPool: LedgerReading, @unchecked Sendable {
    // Unchecked: `free` is guarded by `condition`, and a connection is used by one caller at a
    // time, between `take` and `give`.
    private let condition = NSCondition()
    private var free: [PostgresLedger]
    public let location: String

    /// Opens `size` read-only connections; fails if any cannot be opened.
    public init(_ url: DatabaseURL, size: Int) throws(AuditError) {
        var connections: [PostgresLedger] = []
        for _ in 0..<max(1, size) { connections.append(try PostgresLedger(url, forAppending: false)) }
        free = connections
        location = url.display
    }

    private func with<T>(_ body: (PostgresLedger) throws(AuditError) -> T) throws(AuditError) -> T {
        condition.lock()
        while free.isEmpty { condition.wait() }
        let ledger = free.removeLast()
        condition.unlock()
        defer {
            condition.lock()
            free.append(ledger)
            condition.signal()
            condition.unlock()
        }
        return try body(ledger)
    }

    public func page(_ query: LedgerQuery) throws(AuditError) -> LedgerPage {
        try with { ledger throws(AuditError) in try ledger.readPage(query) }
    }

    public func entry(id: Int64) throws(AuditError) -> LedgerEntry? {
        try with { ledger throws(AuditError) in try ledger.readEntry(id: id) }
    }

    public func dailyCounts() throws(AuditError) -> [LedgerDailyCount] {
        try with { ledger throws(AuditError) in try ledger.readDailyCounts() }
    }

    public func verify(expectedHead: String?) throws(AuditError) -> Ledger.Verification {
        try with { ledger throws(AuditError) in try ledger.verify(expectedHead: expectedHead) }
    }
}
