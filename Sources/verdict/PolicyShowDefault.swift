import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct ShowDefault: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show-default",
            abstract: "Print the built-in default policy (the same text as policies/default.yaml).",
            discussion: "Exit status: 0.")

        func run() {
            Standard.output(DefaultPolicy.text)
        }
    }
}
