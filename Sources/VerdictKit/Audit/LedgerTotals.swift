import Foundation

/// How many rows match a filter, remembered per ledger head, so that a list page does not count
/// the whole ledger on every request.
///
/// Counting is what made `verdict serve`'s list page slow: `count(*)` over 100,000 rows costs
/// ~15 ms, where fetching the page's 50 rows costs well under one. A ledger is append-only (its
/// triggers refuse UPDATE and DELETE), so a filter's total changes only when a row is appended,
/// and then the head row changes too. A remembered total is therefore used only while the head
/// (id and row hash) is the one it was counted at, and never longer than `maximumAge`: a ledger
/// edited behind its triggers (which `ledger verify` reports) shows true totals again within that
/// time, and a new head is counted at once.
///
/// The caller reads the head and the rows in the same snapshot as the count, so a page's total
/// and rows always agree.
public final class LedgerTotals: @unchecked Sendable {
    // Unchecked: `remembered` and `order` are guarded by `lock`.

    /// The newest row of a ledger, as far as totals care: a total is valid for one head.
    public struct Head: Hashable, Sendable {
        public var id: Int64
        public var rowHash: String

        public init(id: Int64, rowHash: String) {
            self.id = id
            self.rowHash = rowHash
        }
    }

    struct Remembered {
        var head: Head?
        var total: Int
        var countedAt: ContinuousClock.Instant
    }

    /// Longest a total is trusted while the head stays the same.
    public let maximumAge: Duration
    /// Filters remembered at most; the oldest is forgotten first.
    public let capacity: Int
    private let lock = NSLock()
    private var remembered: [LedgerQuery: Remembered] = [:]
    /// Filters in the order they were first remembered, for forgetting the oldest.
    private var order: [LedgerQuery] = []

    public init(maximumAge: Duration = .seconds(10), capacity: Int = 1024) {
        self.maximumAge = maximumAge
        self.capacity = max(1, capacity)
    }

    /// The total of `query`'s filter at `head`: remembered, or counted now by `count` and remembered.
    ///
    /// Paging (`limit`, `offset`) is not part of the filter: every page of one filter shares its total.
    public func total<Failure: Error>(of query: LedgerQuery, at head: Head?, count: () throws(Failure) -> Int) throws(Failure) -> Int {
        if let known = latest(of: query), known.head == head { return known.total }
        let total = try count()
        remember(total, of: query, at: head)
        return total
    }

    /// The last total remembered for `query`'s filter and the head it was counted at, while
    /// younger than `maximumAge`; for a reader that learns the head in the statement that reads
    /// the rows, and counts again when the head it got is not this one.
    public func latest(of query: LedgerQuery) -> (head: Head?, total: Int)? {
        lock.lock()
        let known = remembered[query.filter]
        lock.unlock()
        guard let known, known.countedAt.duration(to: .now) < maximumAge else { return nil }
        return (known.head, known.total)
    }

    /// Remembers `total` as the count of `query`'s filter at `head`.
    public func remember(_ total: Int, of query: LedgerQuery, at head: Head?) {
        let filter = query.filter
        lock.lock()
        defer { lock.unlock() }
        if remembered.updateValue(Remembered(head: head, total: total, countedAt: .now), forKey: filter) == nil {
            order.append(filter)
            if order.count > capacity { remembered[order.removeFirst()] = nil }
        }
    }
}
