/// Read-only access to a decision ledger, whatever stores it.
///
/// `Ledger` (SQLite) conforms; another store (PostgreSQL) conforms by answering the same three
/// questions with the same hash chain, so `verdict serve` and the audit commands need not know
/// which one they read.
public protocol LedgerReading: Sendable {
    /// Where the ledger is, for messages (a path or a URL without its password).
    var location: String { get }

    /// The rows matching `query`, newest first, and how many match in all.
    func page(_ query: LedgerQuery) throws(AuditError) -> LedgerPage

    /// The row with this id, or nil.
    func entry(id: Int64) throws(AuditError) -> LedgerEntry?

    /// Decisions counted per UTC day, outcome and risk, oldest day first.
    func dailyCounts() throws(AuditError) -> [LedgerDailyCount]

    /// Walks the whole chain; never writes.
    func verify(expectedHead: String?) throws(AuditError) -> Ledger.Verification
}

/// How many decisions of one day had one outcome and risk: what trends are drawn from.
public struct LedgerDailyCount: Sendable, Equatable {
    public var day: CalendarDay
    public var outcome: Outcome
    public var risk: String?
    public var count: Int

    public init(day: CalendarDay, outcome: Outcome, risk: String?, count: Int) {
        self.day = day
        self.outcome = outcome
        self.risk = risk
        self.count = count
    }
}
