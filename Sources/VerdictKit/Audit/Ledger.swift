import Foundation
import GRDB

/// An append-only SQLite ledger of decisions, each row chained to the one before by hash.
///
/// Appends run in an IMMEDIATE transaction (the write lock is taken before the last row is
/// read, so two CI jobs appending at once cannot both chain to the same row) with a busy
/// timeout; triggers refuse UPDATE and DELETE. Editing a row by hand therefore means dropping
/// a trigger, and `verify` finds the edit: the row's hash, or the next row's link, no longer
/// matches.
public final class Ledger: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens the ledger for appending, creating it (table and triggers) when it does not exist.
    ///
    /// - Throws: `AuditError.storage` when the file is not a ledger, or when a ledger's trigger
    ///   is missing or changed: appending to a ledger that was opened for editing would hide
    ///   that (run `verdict ledger verify`). Triggers are created with a new ledger, never again.
    public init(path: String) throws(AuditError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        let problems: [String]
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            problems = try queue.write { db in
                guard try db.tableExists("decisions") else {
                    try Self.createSchema(db)
                    return []
                }
                let problems = try Self.triggerProblems(db)
                if problems.isEmpty { try Self.addAttestationColumn(db) }
                return problems
            }
        } catch {
            throw .storage(path: path, message: "cannot open the ledger: \(Self.describe(error))")
        }
        if let problem = problems.first {
            throw .storage(path: path, message: "refusing to append: \(problem); run 'verdict ledger verify'")
        }
    }

    /// Opens an existing ledger read-only: nothing is created or changed, not even its schema.
    ///
    /// - Throws: `AuditError` when the file is missing, empty, not a regular file, not SQLite,
    ///   or has no `decisions` table.
    public init(readingFrom path: String) throws(AuditError) {
        self.path = path
        var status = stat()
        guard stat(path, &status) == 0 else { throw .unreadable(path: path, reason: InputFile.describe(errno: errno)) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path: path, reason: "not a regular file") }
        guard status.st_size > 0 else { throw .storage(path: path, message: "not a Verdict ledger: the file is empty") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        let hasTable: Bool
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            hasTable = try queue.read { db in try db.tableExists("decisions") }
        } catch {
            throw .storage(path: path, message: "cannot open the ledger: \(Self.describe(error))")
        }
        guard hasTable else { throw .storage(path: path, message: "not a Verdict ledger: it has no 'decisions' table") }
    }

    /// Creates the table and its append-only triggers in a new ledger.
    static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE decisions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                evaluated_at TEXT NOT NULL,
                repository TEXT,
                ref TEXT,
                commit_sha TEXT,
                outcome TEXT NOT NULL,
                risk TEXT,
                rule_outcomes TEXT NOT NULL,
                waivers_used TEXT NOT NULL,
                record_sha256 TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                row_hash TEXT NOT NULL,
                attestation_sha256 TEXT
            );
            """)
        for trigger in triggers { try db.execute(sql: trigger.sql + ";") }
    }

    /// Gives a ledger made before envelopes were kept its `attestation_sha256` column.
    ///
    /// Adding a nullable column changes no row and no row hash (a NULL digest is not hashed), and
    /// the append-only triggers, which refuse UPDATE and DELETE, stay as they were.
    static func addAttestationColumn(_ db: Database) throws {
        guard try !db.columns(in: "decisions").contains(where: { $0.name == "attestation_sha256" }) else { return }
        try db.execute(sql: "ALTER TABLE decisions ADD COLUMN attestation_sha256 TEXT")
    }

    /// What is known of the change a decision judged.
    public struct Context: Sendable, Equatable {
        public var repository: String?
        public var ref: String?
        public var commit: String?

        public init(repository: String? = nil, ref: String? = nil, commit: String? = nil) {
            self.repository = repository
            self.ref = ref
            self.commit = commit
        }

        /// From `--context` values first, then the CI's standard variables (GitHub Actions, GitLab CI).
        public static func resolve(explicit: [(key: String, value: String)], environment: [String: String]) -> Context {
            func value(_ key: String, _ variables: [String]) -> String? {
                explicit.first { $0.key == key }?.value ?? variables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
            }
            return Context(
                repository: value("repository", ["GITHUB_REPOSITORY", "CI_PROJECT_PATH"]),
                ref: value("ref", ["GITHUB_REF", "CI_COMMIT_REF_NAME"]),
                commit: value("commit", ["GITHUB_SHA", "CI_COMMIT_SHA"]))
        }
    }

    /// Appends a decision; returns the new row.
    @discardableResult
    public func append(
        _ decision: Decision, recordSHA256: String, attestationSHA256: String? = nil, context: Context, risk: String? = nil
    ) throws(AuditError) -> LedgerEntry {
        do {
            var appended: LedgerEntry?
            try queue.inTransaction(.immediate) { db in
                let previous = try String.fetchOne(db, sql: "SELECT row_hash FROM decisions ORDER BY id DESC LIMIT 1") ?? LedgerEntry.genesisHash
                let nextID = (try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'decisions'") ?? 0) + 1
                let entry = LedgerEntry.next(
                    id: nextID, decision: decision, recordSHA256: recordSHA256, attestationSHA256: attestationSHA256,
                    context: context, risk: risk, previousHash: previous)
                try db.execute(sql: """
                    INSERT INTO decisions (id, evaluated_at, repository, ref, commit_sha, outcome, risk, rule_outcomes,
                                           waivers_used, record_sha256, previous_hash, row_hash, attestation_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        entry.id, entry.evaluatedAt, entry.repository, entry.ref, entry.commit, entry.outcome.rawValue, entry.risk,
                        entry.ruleOutcomesText, entry.waiversUsedText,
                        entry.recordSHA256, entry.previousHash, entry.rowHash, entry.attestationSHA256,
                    ])
                appended = entry
                return .commit
            }
            guard let appended else { throw AuditError.storage(path: path, message: "the append was rolled back") }
            return appended
        } catch let error as AuditError {
            throw error
        } catch {
            throw .storage(path: path, message: "cannot append to the ledger: \(Self.describe(error))")
        }
    }

    static func waiversUsed(_ decision: Decision) -> [String] {
        var ids: [String] = []
        for result in decision.results {
            guard case let .severity(evidence) = result.details else { continue }
            ids.append(contentsOf: evidence.waiversUsed.map(\.waiver.id))
        }
        return Array(Set(ids)).sorted()
    }

    /// Every row, oldest first.
    public func entries() throws(AuditError) -> [LedgerEntry] {
        do {
            return try queue.read { db in
                try LedgerRowLayout.entries(db, sql: "SELECT * FROM decisions ORDER BY id")
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw .storage(path: path, message: "cannot read the ledger: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error)" }
        return "\(error)"
    }
}
