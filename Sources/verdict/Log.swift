import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
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
