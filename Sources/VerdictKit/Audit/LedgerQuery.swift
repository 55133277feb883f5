/// Which ledger rows to list, newest first, one page at a time.
///
/// Every filter is optional; set filters all apply (AND). Days are whole UTC days, inclusive at
/// both ends, compared on the stored RFC 3339 text (`evaluated_at` is always written as
/// `YYYY-MM-DDTHH:MM:SSZ`, so text order is time order).
public struct LedgerQuery: Sendable, Hashable {
    public var repository: String?
    public var ref: String?
    /// The overall outcome, or with `rule` that rule's outcome.
    public var outcome: Outcome?
    /// Only decisions that evaluated this rule id.
    public var rule: String?
    /// true: only decisions in which a waiver covered a finding; false: only those without.
    public var waived: Bool?
    /// The plan's risk level as the ledger stores it (`low`, `medium`, `high`, `critical`).
    public var risk: String?
    public var from: CalendarDay?
    public var to: CalendarDay?
    /// Rows per page, 1…`maximumLimit`.
    public var limit: Int
    /// Rows skipped before the page starts.
    public var offset: Int

    /// The query without its paging: what decides which rows match (and their total).
    public var filter: LedgerQuery {
        var filter = self
        filter.limit = 0
        filter.offset = 0
        return filter
    }

    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public init(repository: String? = nil, ref: String? = nil, outcome: Outcome? = nil, rule: String? = nil, waived: Bool? = nil,
                risk: String? = nil, from: CalendarDay? = nil, to: CalendarDay? = nil, limit: Int = defaultLimit, offset: Int = 0) {
        self.repository = repository
        self.ref = ref
        self.outcome = outcome
        self.rule = rule
        self.waived = waived
        self.risk = risk
        self.from = from
        self.to = to
        self.limit = limit
        self.offset = offset
    }
}

/// One page of rows and how many rows match in all.
public struct LedgerPage: Sendable, Equatable {
    public var entries: [LedgerEntry]
    public var total: Int
    public var query: LedgerQuery

    public init(entries: [LedgerEntry], total: Int, query: LedgerQuery) {
        self.entries = entries
        self.total = total
        self.query = query
    }
}
