import ArgumentParser
import Foundation
import VerdictKit

@main
struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "A quality gate for CI: judges scanner, coverage, load-test and plan outputs against a YAML policy.",
        discussion: """
            Exit status: 0 pass (warnings allowed), 1 a blocking rule failed, 2 could not judge \
            (bad usage, unreadable or malformed input, invalid policy, a rule missing its input).
            """,
        version: VerdictVersion.current,
        subcommands: [
            Check.self, FactsCommand.self, TestCommand.self, PolicyCommand.self, ReplayCommand.self, Verify.self, Keygen.self,
            ArchiveCommand.self, Log.self, LedgerCommand.self, Serve.self, Comment.self, Version.self,
            JQWorkerCommand.self,
        ]
    )

    /// Runs the command with Verdict's exit statuses: usage errors exit 2, not argument-parser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as VerdictExit {
            Foundation.exit(exit.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                VerdictCommand.exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { Standard.error(message) }
            Foundation.exit(ExitStatus.couldNotJudge.rawValue)
        }
    }
}

/// Ends the process with a Verdict exit status once the command has written its outputs.
struct VerdictExit: Error {
    var status: ExitStatus
}
