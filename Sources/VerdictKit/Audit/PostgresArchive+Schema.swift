import Foundation

/// The archive's tables, roles and insert-only triggers (`verdict archive init`, and
/// `verdict ledger init`, which makes both).
///
/// Separate from the ledger's schema on purpose: a database whose ledger was created before the
/// archive existed gets the archive with `archive init` alone, and the ledger's table, triggers
/// and function are never touched.
extension PostgresArchive {
    static let refuseBody = "BEGIN RAISE EXCEPTION 'the Verdict archive is insert-only'; END"
    static let tables = ["archive_objects", "archive_chunks", "archive_records"]

    /// The triggers and the definitions PostgreSQL prints for them (`pg_get_triggerdef`).
    static let triggers: [(table: String, name: String, definition: String)] = tables.flatMap { table in
        [("no_update", "BEFORE UPDATE", "FOR EACH ROW"), ("no_delete", "BEFORE DELETE", "FOR EACH ROW"),
         ("no_truncate", "BEFORE TRUNCATE", "FOR EACH STATEMENT")].map { suffix, event, level in
            let name = "\(table)_\(suffix)"
            return (table, name, "CREATE TRIGGER \(name) \(event) ON verdict.\(table) \(level) EXECUTE FUNCTION verdict.archive_refuse_change()")
        }
    }

    static let schema: [String] = [
        // Not CREATE SCHEMA IF NOT EXISTS: its NOTICE would reach standard error through libpq.
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'verdict') THEN CREATE SCHEMA verdict; END IF; END $$",
        """
        CREATE TABLE verdict.archive_objects (
            sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
            size BIGINT NOT NULL CHECK (size >= 0),
            chunk_count INTEGER NOT NULL CHECK (chunk_count >= 0)
        )
        """,
        """
        CREATE TABLE verdict.archive_chunks (
            object_sha256 TEXT NOT NULL,
            chunk_index INTEGER NOT NULL CHECK (chunk_index >= 0),
            data BYTEA NOT NULL,
            PRIMARY KEY (object_sha256, chunk_index)
        )
        """,
        // Chunks are gzip already: TOAST compressing them again would only cost CPU.
        "ALTER TABLE verdict.archive_chunks ALTER COLUMN data SET STORAGE EXTERNAL",
        """
        CREATE TABLE verdict.archive_records (
            sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
            evaluated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX archive_records_time ON verdict.archive_records (evaluated_at)",
        "CREATE FUNCTION verdict.archive_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$\(refuseBody)$$",
    ] + triggers.map(\.definition) + [
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(PostgresLedger.writerRole)') THEN CREATE ROLE \(PostgresLedger.writerRole) NOLOGIN; END IF; END $$",
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(PostgresLedger.readerRole)') THEN CREATE ROLE \(PostgresLedger.readerRole) NOLOGIN; END IF; END $$",
        "REVOKE ALL ON SCHEMA verdict FROM PUBLIC",
        "GRANT USAGE ON SCHEMA verdict TO \(PostgresLedger.writerRole), \(PostgresLedger.readerRole)",
    ] + tables.flatMap { table in [
        "REVOKE ALL ON verdict.\(table) FROM PUBLIC",
        "GRANT SELECT, INSERT ON verdict.\(table) TO \(PostgresLedger.writerRole)",
        "GRANT SELECT ON verdict.\(table) TO \(PostgresLedger.readerRole)",
    ] }

    /// Creates the archive's tables, triggers and (when missing) the two roles, in one transaction.
    ///
    /// - Returns: `.alreadyThere` when `verdict.archive_objects` exists: nothing is changed (a
    ///   dropped trigger is never re-created: `verify` reports it).
    public static func initialize(_ location: DatabaseURL) throws(AuditError) -> PostgresLedger.Initialization {
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(location)
        } catch {
            throw .storage(path: location.display, message: "cannot connect to the archive database: \(error.message)")
        }
        do {
            try connection.execute("BEGIN")
            if try connection.execute("SELECT to_regclass('verdict.archive_objects') IS NOT NULL").first?.first == "t" {
                try connection.execute("ROLLBACK")
                return .alreadyThere
            }
            for statement in schema { try connection.execute(statement) }
            try connection.execute("COMMIT")
            return .created
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw .storage(path: location.display, message: "cannot create the archive: \(error.message)")
        }
    }

    /// Missing, disabled or changed insert-only triggers (the caller holds `lock` or is `init`).
    func triggerProblems() throws(AuditError) -> [String] {
        let rows: [[String?]]
        let body: String?
        do {
            rows = try connection.execute("""
                SELECT tgname, tgenabled, pg_get_triggerdef(oid) FROM pg_trigger
                WHERE tgrelid IN ('verdict.archive_objects'::regclass, 'verdict.archive_chunks'::regclass, 'verdict.archive_records'::regclass)
                AND NOT tgisinternal
                """)
            body = try connection.execute("SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('verdict.archive_refuse_change()')").first?.first ?? nil
        } catch {
            throw .storage(path: location.display, message: "cannot read the archive's triggers: \(error.message)")
        }
        var problems: [String] = []
        for trigger in Self.triggers {
            guard let row = rows.first(where: { $0.first == trigger.name }) else {
                problems.append("trigger \(trigger.name) is missing (dropped: objects could have been edited or removed)")
                continue
            }
            if row[1] != "O" && row[1] != "A" {
                problems.append("trigger \(trigger.name) is disabled (objects could have been edited or removed)")
            } else if Ledger.normalized(row[2] ?? "") != Ledger.normalized(trigger.definition) {
                problems.append("trigger \(trigger.name) was replaced by another definition")
            }
        }
        if Ledger.normalized(body ?? "") != Ledger.normalized(Self.refuseBody) {
            problems.append("function verdict.archive_refuse_change() is missing or was changed (the triggers may no longer refuse edits)")
        }
        return problems
    }
}
