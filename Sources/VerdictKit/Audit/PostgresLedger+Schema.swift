import Foundation

/// The PostgreSQL ledger's schema, roles and append-only triggers (`verdict ledger init`).
extension PostgresLedger {
    /// The role CI jobs are given (through a login role that is a member): SELECT and INSERT only.
    public static let writerRole = "verdict_writer"
    /// The role auditors are given: SELECT only.
    public static let readerRole = "verdict_reader"

    static let refuseBody = "BEGIN RAISE EXCEPTION 'the Verdict ledger is append-only'; END"

    /// The triggers and the definitions PostgreSQL prints for them (`pg_get_triggerdef`).
    static let triggers: [(name: String, definition: String)] = [
        ("decisions_no_update", "BEFORE UPDATE ON verdict.decisions FOR EACH ROW"),
        ("decisions_no_delete", "BEFORE DELETE ON verdict.decisions FOR EACH ROW"),
        ("decisions_no_truncate", "BEFORE TRUNCATE ON verdict.decisions FOR EACH STATEMENT"),
    ].map { ($0.0, "CREATE TRIGGER \($0.0) \($0.1) EXECUTE FUNCTION verdict.refuse_change()") }

    static let schema: [String] = [
        "CREATE SCHEMA verdict",
        """
        CREATE TABLE verdict.decisions (
            id BIGINT PRIMARY KEY CHECK (id > 0),
            evaluated_at TEXT NOT NULL,
            repository TEXT,
            ref TEXT,
            commit_sha TEXT,
            outcome TEXT NOT NULL,
            risk TEXT,
            rule_outcomes TEXT NOT NULL,
            waivers_used TEXT NOT NULL,
            record_sha256 TEXT NOT NULL,
            previous_hash TEXT NOT NULL UNIQUE,
            row_hash TEXT NOT NULL,
            attestation_sha256 TEXT
        )
        """,
        "CREATE INDEX decisions_record ON verdict.decisions (record_sha256)",
        "CREATE FUNCTION verdict.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$\(refuseBody)$$",
    ] + triggers.map(\.definition) + [
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(writerRole)') THEN CREATE ROLE \(writerRole) NOLOGIN; END IF; END $$",
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(readerRole)') THEN CREATE ROLE \(readerRole) NOLOGIN; END IF; END $$",
        "REVOKE ALL ON SCHEMA verdict FROM PUBLIC",
        "REVOKE ALL ON verdict.decisions FROM PUBLIC",
        "GRANT USAGE ON SCHEMA verdict TO \(writerRole), \(readerRole)",
        "GRANT SELECT, INSERT ON verdict.decisions TO \(writerRole)",
        "GRANT SELECT ON verdict.decisions TO \(readerRole)",
    ]

    /// What `initialize` did.
    public enum Initialization: Sendable, Equatable {
        case created
        /// The table was there: no row, trigger or role was changed (a dropped trigger is never
        /// re-created: `verify` reports it); a column added since it was made (`attestation_sha256`,
        /// nullable, so no row hash changes) was added.
        case alreadyThere
    }

    /// Creates schema `verdict`, its table, the append-only triggers and the two roles, in one transaction.
    public static func initialize(_ location: DatabaseURL) throws(AuditError) -> Initialization {
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(location)
        } catch {
            throw .storage(path: location.display, message: "cannot connect to the ledger database: \(error.message)")
        }
        do {
            try connection.execute("BEGIN")
            if try connection.execute("SELECT to_regclass('verdict.decisions') IS NOT NULL").first?.first == "t" {
                try connection.execute("ALTER TABLE verdict.decisions ADD COLUMN IF NOT EXISTS attestation_sha256 TEXT")
                try connection.execute("COMMIT")
                return .alreadyThere
            }
            for statement in schema { try connection.execute(statement) }
            try connection.execute("COMMIT")
            return .created
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw .storage(path: location.display, message: "cannot create the ledger: \(error.message)")
        }
    }

    /// Missing, disabled or changed append-only triggers: whoever did that could edit or delete rows.
    func triggerProblems() throws(AuditError) -> [String] {
        let rows: [[String?]]
        let body: String?
        do {
            rows = try connection.execute("""
                SELECT tgname, tgenabled, pg_get_triggerdef(oid) FROM pg_trigger
                WHERE tgrelid = 'verdict.decisions'::regclass AND NOT tgisinternal
                """)
            body = try connection.execute("SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('verdict.refuse_change()')").first?.first ?? nil
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger's triggers: \(error.message)")
        }
        var problems: [String] = []
        for trigger in Self.triggers {
            guard let row = rows.first(where: { $0.first == trigger.name }) else {
                problems.append("trigger \(trigger.name) is missing (dropped: rows could have been edited or removed)")
                continue
            }
            if row[1] != "O" && row[1] != "A" {
                problems.append("trigger \(trigger.name) is disabled (rows could have been edited or removed)")
            } else if Ledger.normalized(row[2] ?? "") != Ledger.normalized(trigger.definition) {
                problems.append("trigger \(trigger.name) was replaced by another definition")
            }
        }
        if Ledger.normalized(body ?? "") != Ledger.normalized(Self.refuseBody) {
            problems.append("function verdict.refuse_change() is missing or was changed (the triggers may no longer refuse edits)")
        }
        return problems
    }
}
