import GRDB

/// Where each column of a `SELECT * FROM decisions` row sits, found once per statement.
///
/// GRDB's by-name lookup (`row["outcome"]`) lowercases the name and searches the columns on every
/// access; decoding 50 rows of 13 columns that way was a fifth of a list page's time under load.
/// The layout is read from the statement's own column names, so it follows the table as it is
/// (ledgers made before envelopes were kept have no `attestation_sha256`).
struct LedgerRowLayout {
    let id: Int
    let evaluatedAt: Int
    let repository: Int
    let ref: Int
    let commit: Int
    let outcome: Int
    let risk: Int
    let ruleOutcomes: Int
    let waiversUsed: Int
    let recordSHA256: Int
    let previousHash: Int
    let rowHash: Int
    let attestationSHA256: Int?

    /// Throws when a column every ledger has is missing: the table is not a Verdict ledger.
    init(columnNames: [String]) throws(AuditError) {
        var positions: [String: Int] = [:]
        for (index, name) in columnNames.enumerated() where positions[name.lowercased()] == nil {
            positions[name.lowercased()] = index
        }
        func position(_ name: String) throws(AuditError) -> Int {
            guard let index = positions[name] else {
                throw .storage(path: "decisions", message: "the decisions table has no column \(name)")
            }
            return index
        }
        id = try position("id")
        evaluatedAt = try position("evaluated_at")
        repository = try position("repository")
        ref = try position("ref")
        commit = try position("commit_sha")
        outcome = try position("outcome")
        risk = try position("risk")
        ruleOutcomes = try position("rule_outcomes")
        waiversUsed = try position("waivers_used")
        recordSHA256 = try position("record_sha256")
        previousHash = try position("previous_hash")
        rowHash = try position("row_hash")
        attestationSHA256 = positions["attestation_sha256"]
    }

    func entry(_ row: Row) throws -> LedgerEntry {
        try LedgerEntry.decode(
            id: row[id], evaluatedAt: row[evaluatedAt], repository: row[repository], ref: row[ref], commit: row[commit],
            outcome: row[outcome], risk: row[risk], ruleOutcomes: row[ruleOutcomes], waiversUsed: row[waiversUsed],
            recordSHA256: row[recordSHA256], previousHash: row[previousHash], rowHash: row[rowHash],
            attestationSHA256: attestationSHA256.flatMap { row[$0] })
    }

    /// Every row `sql` selects (it must select `*` from `decisions`), in its order.
    ///
    /// The statement is kept compiled by the connection (GRDB's statement cache): a server asks
    /// the same few queries thousands of times, and compiling one costs more than running it.
    static func entries(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [LedgerEntry] {
        let statement = try db.cachedStatement(sql: sql)
        let layout = try LedgerRowLayout(columnNames: statement.columnNames)
        var entries: [LedgerEntry] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            entries.append(try layout.entry(row))
        }
        return entries
    }
}
