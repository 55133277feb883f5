import Foundation
import GRDB

/// Checking a ledger without trusting whoever could write to it.
///
/// What the chain proves: no row was edited, inserted or removed in the middle (each row's hash
/// covers its content and the hash of the row before). What it cannot prove alone: that rows
/// were not removed from the end, or the whole file replaced by a shorter consistent chain —
/// anyone who can write the file can do that and recompute nothing. `sqlite_sequence` and
/// gap-free ids catch a careless truncation; a head kept elsewhere (`--expect-head`) catches
/// any truncation.
extension Ledger {
    /// The triggers that make the table append-only, as SQLite stores them.
    static let triggers: [(name: String, sql: String)] = ["UPDATE", "DELETE"].map { event in
        let name = "decisions_no_\(event.lowercased())"
        return (name, "CREATE TRIGGER \(name) BEFORE \(event) ON decisions\n    BEGIN SELECT RAISE(ABORT, 'the Verdict ledger is append-only'); END")
    }

    /// What `verify` found.
    public struct Verification: Sendable, Equatable {
        /// How many rows were checked.
        public var checked: Int
        /// Every problem found; empty when the ledger is intact.
        public var problems: [String]
        /// The newest row's hash (64 zeros for an empty ledger): what `--expect-head` takes.
        public var head: String
        /// With an expected head that is in the ledger: its row id.
        public var expectedHeadRow: Int64?

        public var isIntact: Bool { problems.isEmpty }
    }

    /// Walks the chain and checks the table's structure; never writes.
    ///
    /// - Parameter expectedHead: a row hash kept elsewhere (a CI log, a signed record); the
    ///   ledger must still hold that row, else rows were removed from its end.
    public func verify(expectedHead: String? = nil) throws(AuditError) -> Verification {
        do {
            return try queue.read { db in
                let rows = try LedgerRowLayout.entries(db, sql: "SELECT * FROM decisions ORDER BY id")
                var storeProblems: [String] = []
                let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'decisions'") ?? 0
                let lastID = rows.last?.id ?? 0
                if sequence != lastID {
                    storeProblems.append("sqlite_sequence says \(sequence) decision\(sequence == 1 ? " was" : "s were") appended, but the newest row is \(lastID) (the newest rows were removed?)")
                }
                storeProblems += try Self.triggerProblems(db)
                return LedgerChain.verify(rows, expectedHead: expectedHead, storeProblems: storeProblems)
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw .storage(path: path, message: "cannot read the ledger: \(Self.describe(error))")
        }
    }

    /// Missing or changed append-only triggers: whoever dropped one could edit or delete rows.
    static func triggerProblems(_ db: Database) throws -> [String] {
        var problems: [String] = []
        for trigger in triggers {
            let stored = try Row.fetchOne(db, sql: "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", arguments: [trigger.name])
            guard let stored else {
                problems.append("trigger \(trigger.name) is missing (dropped: rows could have been edited or removed)")
                continue
            }
            let table: String = stored["tbl_name"]
            let sql: String? = stored["sql"]
            if table != "decisions" || normalized(sql ?? "") != normalized(trigger.sql) {
                problems.append("trigger \(trigger.name) was replaced by another definition")
            }
        }
        return problems
    }

    static func normalized(_ sql: String) -> String {
        sql.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
