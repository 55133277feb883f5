import ArgumentParser
import Foundation

extension VerdictCommand {
    /// `verdict comment …` runs `verdict-comment …`, the executable next to this one, in this
    /// process's place: the HTTP client (FoundationNetworking, libcurl) stays out of `verdict`.
    struct Comment: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "comment",
            abstract: "Create or update the pull request comment (GitLab: merge-request note) holding a Verdict report (runs verdict-comment).",
            discussion: "Every argument is passed to verdict-comment, installed next to verdict ('verdict comment --help' lists them). Exit status: 0 posted, 2 could not post or verdict-comment is missing.")

        @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Options for verdict-comment: --markdown FILE [--pr N] [--repo OWNER/NAME] [--api-url URL] [--author LOGIN] [--gitlab] [--project ID].", valueName: "options"))
        var arguments: [String] = []

        func run() throws {
            try SiblingExecutable.exec("verdict-comment", command: "verdict comment", arguments: arguments)
        }
    }
}
