import Foundation

/// A PostgreSQL ledger read through a few connections, for `verdict serve`: one connection
/// serves one statement at a time, so concurrent requests would queue behind each other on one.
///
/// Every connection is opened read-only (`PostgresLedger(_:forAppending: false)` sets the
/// session's transactions READ ONLY), so not even a bug in the server can write to the ledger.
/// A request takes a free connection, or waits for one.
public final class PostgresLedgerPool: LedgerReading, Sendable {
    private let pool: ConnectionPool<PostgresLedger>
    /// List totals remembered per head, shared by every connection (see `LedgerTotals`).
    private let totals: LedgerTotals
    public let location: String

    /// Opens `size` read-only connections; fails if any cannot be opened.
    public init(_ url: DatabaseURL, size: Int, totals: LedgerTotals = LedgerTotals()) throws(AuditError) {
        self.totals = totals
        pool = try ConnectionPool(size: size) { () throws(AuditError) in try PostgresLedger(url, forAppending: false) }
        location = url.display
    }

    public func page(_ query: LedgerQuery) throws(AuditError) -> LedgerPage {
        try pool.with { ledger throws(AuditError) in try ledger.readPage(query, totals: totals) }
    }

    public func entry(id: Int64) throws(AuditError) -> LedgerEntry? {
        try pool.with { ledger throws(AuditError) in try ledger.readEntry(id: id) }
    }

    public func dailyCounts() throws(AuditError) -> [LedgerDailyCount] {
        try pool.with { ledger throws(AuditError) in try ledger.readDailyCounts() }
    }

    public func verify(expectedHead: String?) throws(AuditError) -> Ledger.Verification {
        try pool.with { ledger throws(AuditError) in try ledger.verify(expectedHead: expectedHead) }
    }
}
