import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct ArchiveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive", abstract: "Check an archive written by 'check --archive'.", subcommands: [Verify.self])

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Re-hash every object and record; report the bad ones (exit 0 all good, 1 some bad, 2 unreadable).")

            @Argument(help: ArgumentHelp("The archive directory.", valueName: "dir"), completion: .directory)
            var directory: String

            @Option(name: .customLong("max-input-bytes"), help: ArgumentHelp("The largest content an object may decompress to, as for 'check'. Default 4GB.", valueName: "size"))
            var maxInputBytes: ByteCount = ByteCount(InputLimits.defaultMaxInputBytes)

            func run() throws {
                do {
                    let (checked, problems) = try Archive(path: directory).verify(limits: InputLimits(maxInputBytes: maxInputBytes.bytes))
                    for problem in problems { Standard.output("bad: \(problem)\n") }
                    Standard.output("\(directory): \(checked) file\(checked == 1 ? "" : "s") checked, \(problems.count) bad\n")
                    if !problems.isEmpty { throw VerdictExit(status: .fail) }
                } catch let error as AuditError {
                    Standard.error(error.renderedDiagnostics)
                    throw VerdictExit(status: .couldNotJudge)
                }
            }
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 key pair for signing records: FILE (private, mode 0600) and FILE.pub.",
            discussion: "Exit status: 0 written, 2 a key exists there (without --force) or cannot be written.")

        @Option(help: ArgumentHelp("Where to write the private key; the public key goes to the same path plus '.pub'.", valueName: "file"), completion: .file())
        var out: String

        @Flag(help: "Replace existing key files.")
        var force = false

        func run() throws {
            let key = SigningKey.generate()
            let publicPath: String
            do {
                // Both files created anew (O_EXCL | O_NOFOLLOW): a symlink there is never followed.
                publicPath = try KeyPairFiles.write(key, to: out, replacing: force)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            Standard.output("wrote \(out) (private) and \(publicPath); fingerprint \(key.publicKey.fingerprint)\n")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a signed decision record (exit 0 valid, 1 changed after signing or signed by another key, 2 unreadable).")

        @Argument(help: ArgumentHelp("The signed decision record.", valueName: "record"), completion: .file())
        var record: String

        @Option(name: .customLong("public-key"), help: ArgumentHelp("The signer's public key (KEY.pub from 'verdict keygen').", valueName: "file"), completion: .file())
        var publicKey: String

        func run() throws {
            let check: SignatureCheck
            do {
                let key = try PublicSigningKey.read(path: publicKey)
                check = SignatureCheck.check(try RecordedDecision.read(path: record), with: key)
            } catch let error as AuditError {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            Standard.output("\(record): \(check.message)\n")
            if check != .valid { throw VerdictExit(status: .fail) }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the decisions in a ledger, oldest first.",
            discussion: "Exit status: 0 listed (also when no decision matches), 2 the ledger cannot be read or an option is invalid.")

        @Option(help: ArgumentHelp("The ledger: an SQLite file written by 'check --ledger', or a postgres:// URL. Default $VERDICT_LEDGER_URL.", valueName: "file|url"), completion: .file())
        var ledger: String?

        @Option(help: ArgumentHelp("Only decisions evaluated at or after this day (YYYY-MM-DD) or time (RFC 3339).", valueName: "date"))
        var since: String?

        @Option(help: ArgumentHelp("Only decisions with this outcome (pass, warn, fail, error); with --rule, that rule's outcome.", valueName: "outcome"))
        var outcome: String?

        @Option(help: ArgumentHelp("Only decisions that evaluated this rule id.", valueName: "id"))
        var rule: String?

        @Flag(help: "Only decisions in which a waiver covered a finding.")
        var waived = false

        @Flag(help: "Print JSON Lines (one object per decision) instead of a table.")
        var json = false

        func validate() throws {
            if let outcome, Outcome(rawValue: outcome) == nil {
                throw ValidationError("invalid --outcome '\(outcome)'; expected one of pass, warn, fail, error")
            }
            if let since, sinceDate(since) == nil {
                throw ValidationError("invalid --since '\(since)'; expected YYYY-MM-DD or an RFC 3339 time")
            }
        }

        func sinceDate(_ text: String) -> Date? {
            Timestamp.parse(text) ?? CalendarDay(text)?.startDate
        }

        func run() throws {
            let entries: [LedgerEntry]
            guard let location = LedgerLocation.resolve(ledger, environment: ProcessInfo.processInfo.environment) else {
                Standard.error("verdict: error: no ledger: pass --ledger FILE|URL or set VERDICT_LEDGER_URL")
                throw VerdictExit(status: .couldNotJudge)
            }
            do {
                entries = try LedgerLocation.openForReading(location).entries()
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            let wanted = outcome.flatMap(Outcome.init(rawValue:))
            let start = since.flatMap(sinceDate)
            let selected = entries.filter { entry in
                if let start, let time = Timestamp.parse(entry.evaluatedAt), time < start { return false }
                if waived && entry.waiversUsed.isEmpty { return false }
                if let rule {
                    guard let ruleOutcome = entry.ruleOutcomes.first(where: { $0.id == rule })?.outcome else { return false }
                    if let wanted, ruleOutcome != wanted { return false }
                } else if let wanted, entry.outcome != wanted {
                    return false
                }
                return true
            }
            Standard.output(json ? LedgerListing.jsonLines(selected) : LedgerListing.table(selected))
        }
    }
}
