import Foundation

/// An SQLite ledger read through a few read-only connections, for `verdict serve`.
///
/// One connection runs one statement at a time, so with a single one every request queued
/// behind the others and the server used one core however many it had. SQLite lets any number
/// of connections read a file at once; each of these is opened read-only, as
/// `Ledger(readingFrom:)` always is, so the server cannot change the file.
public final class SQLiteLedgerPool: LedgerReading, Sendable {
    private let pool: ConnectionPool<Ledger>
    /// List totals remembered per head, shared by every connection (see `LedgerTotals`).
    private let totals: LedgerTotals
    public let location: String

    /// Opens `size` read-only connections to the ledger at `path`; fails if any cannot be opened.
    public init(readingFrom path: String, size: Int, totals: LedgerTotals = LedgerTotals()) throws(AuditError) {
        pool = try ConnectionPool(size: size) { () throws(AuditError) in try Ledger(readingFrom: path) }
        self.totals = totals
        location = path
    }

    public func page(_ query: LedgerQuery) throws(AuditError) -> LedgerPage {
        try pool.with { ledger throws(AuditError) in try ledger.readPage(query, totals: totals) }
    }

    public func entry(id: Int64) throws(AuditError) -> LedgerEntry? {
        try pool.with { ledger throws(AuditError) in try ledger.entry(id: id) }
    }

    public func dailyCounts() throws(AuditError) -> [LedgerDailyCount] {
        try pool.with { ledger throws(AuditError) in try ledger.dailyCounts() }
    }

    public func verify(expectedHead: String?) throws(AuditError) -> Ledger.Verification {
        try pool.with { ledger throws(AuditError) in try ledger.verify(expectedHead: expectedHead) }
    }
}
