import Foundation

/// The decision ledger in a PostgreSQL database (table `verdict.decisions`), for an organisation
/// whose CI runners are thrown away after every job.
///
/// Rows and hashes are the SQLite ledger's (`LedgerEntry.next`, `LedgerChain`). Many writers:
/// each append takes a transaction-scoped advisory lock before reading the head, so appends are
/// serialised in arrival order without retries (a SERIALIZABLE transaction would make every
/// concurrent writer but one fail and retry, which under hundreds of jobs appending to the same
/// head is a retry storm); `UNIQUE (previous_hash)` makes a fork impossible even for a writer that
/// skips the lock. Idempotent: appending a record already there
/// returns its row, so a job retried after a lost reply adds no second row (looked up under
/// the lock, and indexed; not a UNIQUE constraint, so that an SQLite ledger holding one record twice can migrate).
public final class PostgresLedger: LedgerStore {
    let location: DatabaseURL
    let connection: PostgresConnection
    /// Whether the table has `attestation_sha256` (ledgers initialised before envelopes were kept
    /// lack it until `verdict ledger init` is run again by the owner).
    let hasAttestationColumn: Bool

    public var displayName: String { location.display }

    /// Any fixed 64-bit key: the lock is held only by Verdict's appends, only inside their transaction.
    static let lockKey = "7402795124466011417"

    /// Connects and checks that `verdict ledger init` made the table and its triggers.
    public init(_ location: DatabaseURL, forAppending: Bool) throws(AuditError) {
        self.location = location
        do {
            connection = try PostgresConnection(location)
        } catch {
            throw .storage(path: location.display, message: "cannot connect to the ledger database: \(error.message)")
        }
        let exists: Bool
        do {
            exists = try connection.execute("SELECT to_regclass('verdict.decisions') IS NOT NULL").first?.first == "t"
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger: \(error.message)")
        }
        guard exists else {
            throw .storage(path: location.display, message: "no Verdict ledger here (no table 'verdict.decisions'); create it with 'verdict ledger init URL' as the database's owner")
        }
        do {
            hasAttestationColumn = try connection.execute("""
                SELECT count(*) FROM information_schema.columns
                WHERE table_schema = 'verdict' AND table_name = 'decisions' AND column_name = 'attestation_sha256'
                """).first?.first == "1"
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger: \(error.message)")
        }
        if !forAppending {
            // Reading only (log, verify, serve): the session refuses writes, whatever runs on it.
            do {
                try connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            } catch {
                throw .storage(path: location.display, message: "cannot make the ledger connection read-only: \(error.message)")
            }
        }
        if forAppending {
            let problems = try triggerProblems()
            if let problem = problems.first {
                throw .storage(path: location.display, message: "refusing to append: \(problem); run 'verdict ledger verify'")
            }
        }
    }

    static let baseColumns = "id, evaluated_at, repository, ref, commit_sha, outcome, risk, rule_outcomes, waivers_used, record_sha256, previous_hash, row_hash"

    /// The columns rows are read with: a ledger without `attestation_sha256` reads it as NULL.
    var columns: String { Self.baseColumns + (hasAttestationColumn ? ", attestation_sha256" : ", NULL") }

    @discardableResult
    public func append(
        _ decision: Decision, recordSHA256: String, attestationSHA256: String? = nil, context: Ledger.Context, risk: String? = nil
    ) throws(AuditError) -> LedgerEntry {
        if attestationSHA256 != nil, !hasAttestationColumn {
            throw .storage(path: location.display, message: "this ledger has no attestation_sha256 column yet: run 'verdict ledger init URL' again as the database's owner to add it")
        }
        do {
            try connection.execute("BEGIN")
            do {
                try connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", [Self.lockKey])
                if let existing = try connection.execute("SELECT \(columns) FROM verdict.decisions WHERE record_sha256 = $1", [recordSHA256]).first {
                    try connection.execute("COMMIT")
                    return try Self.entry(existing)
                }
                let head = try connection.execute("SELECT id, row_hash FROM verdict.decisions ORDER BY id DESC LIMIT 1").first
                let lastID = Int64(head?[0] ?? "0") ?? 0
                let entry = LedgerEntry.next(
                    id: lastID + 1, decision: decision, recordSHA256: recordSHA256, attestationSHA256: attestationSHA256,
                    context: context, risk: risk, previousHash: head?[1] ?? LedgerEntry.genesisHash)
                try insert(entry)
                try connection.execute("COMMIT")
                return entry
            } catch {
                // Nothing is kept of a failed append: the transaction is rolled back (or, with the
                // connection gone, the server rolls it back).
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        } catch let error as PostgresConnection.Failure {
            throw .storage(path: location.display, message: "cannot append to the ledger: \(error.message)")
        } catch let error as AuditError {
            throw error
        } catch {
            throw .storage(path: location.display, message: "cannot append to the ledger: \(error)")
        }
    }

    func insert(_ entry: LedgerEntry) throws(PostgresConnection.Failure) {
        var values: [String?] = [
            String(entry.id), entry.evaluatedAt, entry.repository, entry.ref, entry.commit, entry.outcome.rawValue, entry.risk,
            entry.ruleOutcomesText, entry.waiversUsedText, entry.recordSHA256, entry.previousHash, entry.rowHash,
        ]
        var names = Self.baseColumns
        if hasAttestationColumn {
            names += ", attestation_sha256"
            values.append(entry.attestationSHA256)
        }
        let placeholders = values.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        try connection.execute("INSERT INTO verdict.decisions (\(names)) VALUES (\(placeholders))", values)
    }

    public func entries() throws(AuditError) -> [LedgerEntry] {
        do {
            return try connection.execute("SELECT \(columns) FROM verdict.decisions ORDER BY id").map(Self.entry)
        } catch let error as PostgresConnection.Failure {
            throw .storage(path: location.display, message: "cannot read the ledger: \(error.message)")
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger: a row is not a ledger row: \(error)")
        }
    }

    public func verify(expectedHead: String? = nil) throws(AuditError) -> Ledger.Verification {
        // One snapshot: rows appended while verifying are not half-seen.
        do {
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger: \(error.message)")
        }
        defer { _ = try? connection.execute("ROLLBACK") }
        let rows = try entries()
        return LedgerChain.verify(rows, expectedHead: expectedHead, storeProblems: try triggerProblems())
    }

    static func entry(_ row: [String?]) throws -> LedgerEntry {
        func text(_ index: Int) throws -> String {
            guard index < row.count, let value = row[index] else { throw AuditError.storage(path: "", message: "column \(index + 1) is NULL") }
            return value
        }
        guard let id = Int64(try text(0)) else { throw AuditError.storage(path: "", message: "id is not an integer") }
        return try LedgerEntry.decode(
            id: id, evaluatedAt: try text(1), repository: row[2], ref: row[3], commit: row[4], outcome: try text(5), risk: row[6],
            ruleOutcomes: try text(7), waiversUsed: try text(8), recordSHA256: try text(9), previousHash: try text(10), rowHash: try text(11),
            attestationSHA256: row.count > 12 ? row[12] : nil)
    }
}

extension PostgresLedger {
    /// Copies verified rows (from `verdict ledger migrate`) into this ledger, which must be empty,
    /// in one transaction: the rows keep their ids and hashes, so the chain verifies end to end.
    public func copy(_ entries: [LedgerEntry]) throws(AuditError) {
        do {
            try connection.execute("BEGIN")
            do {
                try connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", [Self.lockKey])
                let count = try connection.execute("SELECT count(*) FROM verdict.decisions").first?.first ?? nil
                guard count == "0" else {
                    throw AuditError.storage(path: location.display, message: "refusing to migrate into a ledger that already holds \(count ?? "?") decisions")
                }
                // Dropping a row's envelope digest would change its hash and break the chain.
                if !hasAttestationColumn, entries.contains(where: { $0.attestationSHA256 != nil }) {
                    throw AuditError.storage(path: location.display, message: "the ledger keeps envelope digests but this database has no attestation_sha256 column: run 'verdict ledger init URL' again as the database's owner first")
                }
                for entry in entries {
                    try insert(entry)
                }
                try connection.execute("COMMIT")
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        } catch let error as PostgresConnection.Failure {
            throw .storage(path: location.display, message: "cannot migrate: \(error.message)")
        } catch let error as AuditError {
            throw error
        } catch {
            throw .storage(path: location.display, message: "cannot migrate: \(error)")
        }
    }
}
