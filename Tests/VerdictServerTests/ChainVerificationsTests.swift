import Foundation
import Synchronization
import Testing
@testable import VerdictKit
@testable import VerdictServer

/// The ledger page's verification is shared: one walk of the chain serves every request that
/// arrives while it runs, and a result is reused only while the head and its age allow.
@Suite struct ChainVerificationsTests {
    /// A ledger whose verification takes a while and is counted; its head can be moved.
    final class SlowLedger: LedgerReading, Sendable {
        let verifications = Atomic<Int>(0)
        let headID = Atomic<Int64>(1)
        var location: String { "slow.sqlite" }

        func page(_ query: LedgerQuery) throws(AuditError) -> LedgerPage {
            let id = headID.load(ordering: .relaxed)
            let entry = try? LedgerEntry.decode(
                id: id, evaluatedAt: "2026-11-20T10:00:00Z", repository: nil, ref: nil, commit: nil, outcome: "pass", risk: nil,
                ruleOutcomes: "{}", waiversUsed: "[]", recordSHA256: String(repeating: "0", count: 64),
                previousHash: LedgerEntry.genesisHash, rowHash: String(repeating: "\(id % 10)", count: 64), attestationSHA256: nil)
            return LedgerPage(entries: entry.map { [$0] } ?? [], total: Int(id), query: query)
        }

        func entry(id: Int64) throws(AuditError) -> LedgerEntry? { nil }
        func dailyCounts() throws(AuditError) -> [LedgerDailyCount] { [] }

        func verify(expectedHead: String?) throws(AuditError) -> Ledger.Verification {
            let count = verifications.add(1, ordering: .relaxed).newValue
            usleep(200_000)
            return Ledger.Verification(checked: count, problems: [], head: String(repeating: "0", count: 64), expectedHeadRow: nil)
        }
    }

    @Test func requestsArrivingDuringAWalkShareIt() async throws {
        let ledger = SlowLedger()
        let verifications = ChainVerifications(ledger: ledger, threads: StorageThreads(count: 2))
        let checked = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await verifications.current().verification.checked } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(ledger.verifications.load(ordering: .relaxed) == 1)
        #expect(checked == Array(repeating: 1, count: 20))
    }

    @Test func aNewHeadIsWalkedAgainAndAnUnchangedOneIsNot() async throws {
        let ledger = SlowLedger()
        // A day: only the head decides here, however slowly a loaded machine runs the test.
        let verifications = ChainVerifications(ledger: ledger, threads: StorageThreads(count: 2), maximumAge: .seconds(86_400))
        _ = try await verifications.current()
        _ = try await verifications.current()
        #expect(ledger.verifications.load(ordering: .relaxed) == 1)
        ledger.headID.store(2, ordering: .relaxed)
        #expect(try await verifications.current().verification.checked == 2)
    }

    @Test func aResultOlderThanItsMaximumAgeIsWalkedAgain() async throws {
        let ledger = SlowLedger()
        let verifications = ChainVerifications(ledger: ledger, threads: StorageThreads(count: 2), maximumAge: .zero)
        _ = try await verifications.current()
        _ = try await verifications.current()
        #expect(ledger.verifications.load(ordering: .relaxed) == 2)
    }
}
