import Foundation
import Testing
@testable import VerdictKit

/// List totals are remembered per ledger head (`LedgerTotals`) and read through a pool of
/// read-only connections (`SQLiteLedgerPool`): never a stale total after an append.
@Suite struct LedgerTotalsTests {
    static let head = LedgerTotals.Head(id: 7, rowHash: String(repeating: "a", count: 64))

    /// Counts calls to the counting closure.
    final class Counter: @unchecked Sendable {
        var calls = 0
        func count(_ total: Int) -> Int {
            calls += 1
            return total
        }
    }

    @Test func aTotalIsCountedOncePerHeadAndFilter() {
        let totals = LedgerTotals()
        let counter = Counter()
        #expect(totals.total(of: LedgerQuery(outcome: .fail), at: Self.head) { counter.count(3) } == 3)
        #expect(totals.total(of: LedgerQuery(outcome: .fail), at: Self.head) { counter.count(99) } == 3)
        #expect(counter.calls == 1)
        #expect(totals.total(of: LedgerQuery(outcome: .pass), at: Self.head) { counter.count(4) } == 4)
        #expect(counter.calls == 2)
    }

    @Test func everyPageOfOneFilterSharesItsTotal() {
        let totals = LedgerTotals()
        let counter = Counter()
        _ = totals.total(of: LedgerQuery(repository: "acme/api", limit: 50, offset: 0), at: Self.head) { counter.count(120) }
        #expect(totals.total(of: LedgerQuery(repository: "acme/api", limit: 10, offset: 100), at: Self.head) { counter.count(0) } == 120)
        #expect(counter.calls == 1)
    }

    @Test func aNewHeadIsCountedAgain() {
        let totals = LedgerTotals()
        let counter = Counter()
        _ = totals.total(of: LedgerQuery(), at: Self.head) { counter.count(7) }
        let appended = LedgerTotals.Head(id: 8, rowHash: String(repeating: "b", count: 64))
        #expect(totals.total(of: LedgerQuery(), at: appended) { counter.count(8) } == 8)
        // The same id with another hash is another head (a row rewritten behind the triggers).
        let rewritten = LedgerTotals.Head(id: 8, rowHash: String(repeating: "c", count: 64))
        #expect(totals.total(of: LedgerQuery(), at: rewritten) { counter.count(9) } == 9)
        #expect(totals.total(of: LedgerQuery(), at: nil) { counter.count(0) } == 0)
        #expect(counter.calls == 4)
    }

    @Test func aTotalOlderThanItsMaximumAgeIsCountedAgain() {
        let totals = LedgerTotals(maximumAge: .zero)
        let counter = Counter()
        _ = totals.total(of: LedgerQuery(), at: Self.head) { counter.count(7) }
        #expect(totals.total(of: LedgerQuery(), at: Self.head) { counter.count(6) } == 6)
        #expect(counter.calls == 2)
    }

    @Test func theFirstRememberedFilterIsForgottenBeyondCapacity() {
        let totals = LedgerTotals(capacity: 2)
        let counter = Counter()
        for repository in ["a", "b", "c"] { _ = totals.total(of: LedgerQuery(repository: repository), at: Self.head) { counter.count(1) } }
        _ = totals.total(of: LedgerQuery(repository: "c"), at: Self.head) { counter.count(1) }
        #expect(counter.calls == 3)
        _ = totals.total(of: LedgerQuery(repository: "a"), at: Self.head) { counter.count(1) }
        #expect(counter.calls == 4)
    }

    @Test func aPoolShowsADecisionAppendedWhileItIsOpen() throws {
        let path = LedgerTests.temporaryLedger()
        let writer = try Ledger(path: path)
        try writer.append(try LedgerTests.decision(.fail, at: "2026-11-21T12:00:00Z"), recordSHA256: "aa", context: .init(repository: "acme/api"))
        let pool = try SQLiteLedgerPool(readingFrom: path, size: 2)
        #expect(try pool.page(LedgerQuery()).total == 1)
        #expect(try pool.page(LedgerQuery(outcome: .fail)).total == 1)
        try writer.append(try LedgerTests.decision(.pass, at: "2026-11-22T12:00:00Z"), recordSHA256: "bb", context: .init(repository: "acme/api"))
        let page = try pool.page(LedgerQuery())
        #expect(page.total == 2)
        #expect(page.entries.map(\.id) == [2, 1])
        #expect(try pool.page(LedgerQuery(outcome: .fail)).total == 1)
        #expect(try pool.page(LedgerQuery(outcome: .pass)).total == 1)
    }

    @Test func aRowDeletedBehindTheTriggersLeavesTheTotalOnceItsAgeIsUp() throws {
        let path = LedgerTests.temporaryLedger()
        let writer = try Ledger(path: path)
        for day in 21...23 {
            try writer.append(try LedgerTests.decision(.fail, at: "2026-11-\(day)T12:00:00Z"), recordSHA256: "r\(day)", context: .init())
        }
        let pool = try SQLiteLedgerPool(readingFrom: path, size: 1, totals: LedgerTotals(maximumAge: .zero))
        #expect(try pool.page(LedgerQuery()).total == 3)
        let edit = try SQLite.run(path, "DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE id = 2;")
        #expect(edit.status == 0)
        let page = try pool.page(LedgerQuery())
        #expect(page.total == 2)
        #expect(page.entries.map(\.id) == [3, 1])
    }
}
