import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct PolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Check and show policies.",
            subcommands: [Lint.self, ShowDefault.self, FromFlags.self]
        )
    }
}
