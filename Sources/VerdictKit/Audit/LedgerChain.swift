/// The checks of a ledger's rows that do not depend on where they are kept (SQLite, PostgreSQL):
/// each row's hash and link, ids from 1 without gaps, and an expected head.
enum LedgerChain {
    /// Walks `rows` (oldest first); `storeProblems` (triggers, sequences: what only the store can
    /// check) are reported after the chain's and before the expected head's.
    static func verify(_ rows: [LedgerEntry], expectedHead: String?, storeProblems: [String]) -> Ledger.Verification {
        var problems: [String] = []
        var previous = LedgerEntry.genesisHash
        for entry in rows {
            if entry.previousHash != previous {
                problems.append("row \(entry.id): its link names \(entry.previousHash.prefix(16))…, but the row before hashes to \(previous.prefix(16))… (a row was removed, inserted or edited)")
                break
            }
            if entry.computedHash != entry.rowHash {
                problems.append("row \(entry.id): its content does not match its hash (edited after it was appended)")
                break
            }
            previous = entry.rowHash
        }
        if let gap = rows.enumerated().first(where: { $0.element.id != Int64($0.offset + 1) }) {
            problems.append("row \(gap.element.id): ids must run from 1 without gaps, expected \(gap.offset + 1) (rows were removed)")
        }
        problems += storeProblems
        let head = rows.last?.rowHash ?? LedgerEntry.genesisHash
        var expectedRow: Int64?
        if let expectedHead {
            if expectedHead == LedgerEntry.genesisHash {
                expectedRow = 0
            } else if let row = rows.first(where: { $0.rowHash == expectedHead }) {
                expectedRow = row.id
            } else {
                problems.append("the expected head \(expectedHead) is not in the ledger (rows were removed from its end, or the ledger was replaced)")
            }
        }
        return Ledger.Verification(checked: rows.count, problems: problems, head: head, expectedHeadRow: expectedRow)
    }
}
