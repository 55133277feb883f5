import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct LedgerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger", abstract: "Check, create or move a decision ledger.", subcommands: [Verify.self, Head.self, Init.self, Migrate.self])

        /// The ledger argument, else `$VERDICT_LEDGER_URL`; exit 2 when neither is there.
        static func location(_ argument: String?) throws -> String {
            guard let location = LedgerLocation.resolve(argument, environment: ProcessInfo.processInfo.environment) else {
                Standard.error("verdict: error: no ledger: pass FILE|URL or set VERDICT_LEDGER_URL")
                throw VerdictExit(status: .couldNotJudge)
            }
            return location
        }

        static func verify(_ location: String, expectedHead: String? = nil) throws -> Ledger.Verification {
            do {
                return try LedgerLocation.openForReading(location).verify(expectedHead: expectedHead)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
        }

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "verify",
                abstract: "Walk the hash chain and check the table; report every problem (exit 0 intact, 1 broken, 2 unreadable).",
                discussion: """
                    Opens the ledger read-only: nothing is created or changed. Checks each row's hash and link, \
                    that ids run from 1 without gaps and match sqlite_sequence (SQLite), and that the append-only \
                    triggers are there unchanged and enabled. With --expect-head, the ledger must still hold the row with \
                    that hash (printed by 'verdict ledger head' or an earlier verify): rows removed from the \
                    end are found only that way.
                    """)

            @Argument(help: ArgumentHelp("The ledger: a file, or a postgres:// URL. Default $VERDICT_LEDGER_URL.", valueName: "file|url"), completion: .file())
            var file: String?

            @Option(name: .customLong("expect-head"), help: ArgumentHelp("A row hash kept elsewhere (from 'verdict ledger head'); the ledger must still hold that row.", valueName: "hash"))
            var expectHead: String?

            func validate() throws {
                if let expectHead, !SHA256Digest.isValid(expectHead) {
                    throw ValidationError("invalid --expect-head '\(expectHead.prefix(80))'; expected 64 lowercase hexadecimal digits")
                }
            }

            func run() throws {
                let location = try LedgerCommand.location(file)
                let name = LedgerLocation.display(location)
                let verification = try LedgerCommand.verify(location, expectedHead: expectHead)
                if !verification.isIntact {
                    for problem in verification.problems { Standard.output("\(name): broken: \(problem)\n") }
                    throw VerdictExit(status: .fail)
                }
                let count = verification.checked
                var line = "\(name): intact, \(count) decision\(count == 1 ? "" : "s"), head \(verification.head)"
                if let row = verification.expectedHeadRow {
                    line += "; the expected head is row \(row) (\(Int64(count) - row) appended since)"
                }
                Standard.output(line + "\n")
            }
        }

        struct Head: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "head",
                abstract: "Print how many decisions a ledger holds and its newest row's hash, after verifying it (exit 0, 1 broken, 2 unreadable).",
                discussion: """
                    Keep the head somewhere the ledger's writers cannot change (a CI log, a signed record, \
                    another system), then run 'verdict ledger verify FILE --expect-head HASH' to prove no row \
                    was removed from the end since. An empty ledger's head is 64 zeros.
                    """)

            @Argument(help: ArgumentHelp("The ledger: a file, or a postgres:// URL. Default $VERDICT_LEDGER_URL.", valueName: "file|url"))
            var file: String?

            @Flag(help: "Print a JSON object {\"count\": N, \"head\": HASH} instead of text.")
            var json = false

            func run() throws {
                let location = try LedgerCommand.location(file)
                let name = LedgerLocation.display(location)
                let verification = try LedgerCommand.verify(location)
                if !verification.isIntact {
                    for problem in verification.problems { Standard.error("\(name): error: broken: \(problem)") }
                    throw VerdictExit(status: .fail)
                }
                if json {
                    Standard.output(JSONValue.object([("count", .int(verification.checked)), ("head", .string(verification.head))]).compact() + "\n")
                } else {
                    Standard.output("count \(verification.checked)\nhead \(verification.head)\n")
                }
            }
        }

        struct Init: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "init",
                abstract: "Create a PostgreSQL ledger: schema 'verdict', its table, append-only triggers and the roles verdict_writer and verdict_reader (exit 0, 2 cannot).",
                discussion: """
                    Run it once as the database's owner. verdict_writer may only SELECT and INSERT (grant it to \
                    CI's login role); verdict_reader may only SELECT (grant it to auditors). Triggers refuse \
                    UPDATE, DELETE and TRUNCATE, even to the owner. On an existing ledger nothing is changed. \
                    Also creates the archive's tables for 'check --archive postgres://…' (as 'verdict archive init').
                    """)

            @Argument(help: ArgumentHelp("The database: postgres://user@host:port/db?sslmode=verify-full. Default $VERDICT_LEDGER_URL.", valueName: "url"))
            var url: String?

            func run() throws {
                let location = try LedgerCommand.location(url)
                guard let database = DatabaseURL(location) else {
                    Standard.error("verdict: error: 'ledger init' needs a postgres:// URL (an SQLite ledger is created by its first 'check --ledger')")
                    throw VerdictExit(status: .couldNotJudge)
                }
                do {
                    switch try PostgresLedger.initialize(database) {
                    case .created:
                        Standard.output("\(database.display): created the ledger (verdict.decisions), its triggers and the roles \(PostgresLedger.writerRole) and \(PostgresLedger.readerRole)\n")
                    case .alreadyThere:
                        Standard.output("\(database.display): already a Verdict ledger; no row, trigger or role changed (run 'verdict ledger verify')\n")
                    }
                    // Evidence next to decisions: the archive's tables too (their own; 'archive init' alone does the same).
                    Standard.output(ArchiveCommand.ArchiveInit.describe(try PostgresArchive.initialize(database), database) + "\n")
                } catch {
                    Standard.error(error.renderedDiagnostics)
                    throw VerdictExit(status: .couldNotJudge)
                }
            }
        }

        struct Migrate: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "migrate",
                abstract: "Copy an SQLite ledger into an empty PostgreSQL ledger, row for row, hashes unchanged (exit 0, 1 the source is broken, 2 cannot).",
                discussion: """
                    The source is verified first and must be intact; the target must be created by 'verdict ledger init' \
                    and hold no decision. Rows are copied in one transaction, then the target is verified and its head \
                    compared with the source's.
                    """)

            @Argument(help: ArgumentHelp("The SQLite ledger.", valueName: "file"), completion: .file())
            var source: String

            @Argument(help: ArgumentHelp("The PostgreSQL ledger: postgres://…", valueName: "url"))
            var target: String

            func run() throws {
                guard let database = DatabaseURL(target) else {
                    Standard.error("verdict: error: the target must be a postgres:// URL")
                    throw VerdictExit(status: .couldNotJudge)
                }
                let verification = try LedgerCommand.verify(source)
                if !verification.isIntact {
                    for problem in verification.problems { Standard.error("\(source): error: broken: \(problem)") }
                    Standard.error("verdict: error: nothing copied: the source ledger is not intact")
                    throw VerdictExit(status: .fail)
                }
                let copied: Ledger.Verification
                do {
                    let entries = try Ledger(readingFrom: source).entries()
                    let ledger = try PostgresLedger(database, forAppending: true)
                    try ledger.copy(entries)
                    copied = try ledger.verify(expectedHead: verification.head)
                } catch {
                    Standard.error(error.renderedDiagnostics)
                    throw VerdictExit(status: .couldNotJudge)
                }
                guard copied.isIntact, copied.head == verification.head, copied.checked == verification.checked else {
                    for problem in copied.problems { Standard.error("\(database.display): error: broken: \(problem)") }
                    Standard.error("verdict: error: the copy does not verify to the source's head")
                    throw VerdictExit(status: .couldNotJudge)
                }
                Standard.output("\(database.display): copied \(copied.checked) decision\(copied.checked == 1 ? "" : "s") from \(source), head \(copied.head)\n")
            }
        }
    }
}
