import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
}

extension VerdictCommand.PolicyCommand {
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Validate a policy file and print every problem found (exit 0 valid, 2 invalid).")

        @Argument(help: ArgumentHelp("The policy file.", valueName: "file"), completion: .file())
        var file: String

        @Option(help: ArgumentHelp("The time waiver horizons (max_waiver_days) are checked against; default: now.", valueName: "time"))
        var now: String?

        func run() throws {
            let time: Date
            if let now {
                guard let parsed = Timestamp.parse(now) else {
                    throw ValidationError("invalid --now '\(now)'; expected an RFC 3339 time such as 2026-11-21T12:00:00Z")
                }
                time = parsed
            } else {
                time = Date()
            }
            do {
                let policy = try PolicyLoader(now: time).load(path: file)
                let ruleCount = policy.rules.count
                let waiverCount = policy.waivers.count
                Standard.output("\(file): ok — policy '\(policy.name)', \(ruleCount) rule\(ruleCount == 1 ? "" : "s"), \(waiverCount) waiver\(waiverCount == 1 ? "" : "s")\n")
            } catch {
                Standard.error(error.renderedDiagnostics)
                let count = error.diagnostics.count
                Standard.error("\(file): \(count) problem\(count == 1 ? "" : "s")")
                throw VerdictExit(status: .couldNotJudge)
            }
        }
    }
}
