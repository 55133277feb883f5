import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand.ArchiveCommand {
    /// `verdict archive init postgres://…`: the archive's tables in a database (a directory
    /// archive needs none: its first `check --archive` creates it).
    struct ArchiveInit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a PostgreSQL archive: tables verdict.archive_objects, archive_chunks and archive_records, insert-only triggers, and the roles verdict_writer and verdict_reader (exit 0, 2 cannot).",
            discussion: """
                Run it once as the database's owner ('verdict ledger init' also runs it). verdict_writer may \
                only SELECT and INSERT (grant it to CI's login role); verdict_reader may only SELECT (grant it \
                to auditors). Triggers refuse UPDATE, DELETE and TRUNCATE, even to the owner. On an existing \
                archive nothing is changed.
                """)

        @Argument(help: ArgumentHelp("The database: postgres://user@host:port/db?sslmode=verify-full.", valueName: "url"))
        var url: String

        func run() throws {
            guard let database = DatabaseURL(url) else {
                Standard.error("verdict: error: 'archive init' needs a postgres:// URL (a directory archive is created by its first 'check --archive')")
                throw VerdictExit(status: .couldNotJudge)
            }
            do {
                Standard.output(Self.describe(try PostgresArchive.initialize(database), database) + "\n")
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
        }

        static func describe(_ initialization: PostgresLedger.Initialization, _ database: DatabaseURL) -> String {
            switch initialization {
            case .created:
                "\(database.display): created the archive (verdict.archive_objects, archive_chunks, archive_records), its triggers and the roles \(PostgresLedger.writerRole) and \(PostgresLedger.readerRole)"
            case .alreadyThere:
                "\(database.display): the archive is already there; nothing changed"
            }
        }
    }
}
