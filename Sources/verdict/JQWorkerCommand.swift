import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    /// The child process a jq rule's query runs in (see `ProcessJQRunner`); not for people.
    struct JQWorkerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "__jq-worker", abstract: "Runs one jq query for a jq rule (internal).", shouldDisplay: false)

        func run() throws {
            Foundation.exit(JQWorker.main())
        }
    }
}
