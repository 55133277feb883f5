import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    /// `verdict serve …` runs `verdict-serve …`, the executable next to this one, in this process's place.
    ///
    /// The web server is its own product so that `verdict check` never loads an HTTP stack.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve a read-only web view of a ledger and archive for auditors (runs verdict-serve).",
            discussion: "Every argument is passed to verdict-serve, installed next to verdict (verdict-serve --help lists them). Exit status: 0 stopped (SIGTERM, SIGINT), 2 could not start or verdict-serve is missing.")

        @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Options for verdict-serve: --ledger FILE|URL [--archive DIR|URL] [--public-key FILE …] [--listen HOST:PORT] [--token-file FILE] …", valueName: "options"))
        var arguments: [String] = []

        func run() throws {
            try SiblingExecutable.exec("verdict-serve", command: "verdict serve", arguments: arguments)
        }
    }
}
