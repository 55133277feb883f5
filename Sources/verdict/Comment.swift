import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct Comment: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update the pull request comment holding a Verdict report.",
            discussion: """
                Finds Verdict's own comment by the report's first line (<!-- verdict:report -->) and \
                updates it, or creates one. The token comes from GH_TOKEN, else GITHUB_TOKEN (as for the gh CLI). Retries server errors \
                and rate limits with backoff. Exit 0 posted, 2 could not post.
                """)

        @Option(help: ArgumentHelp("The markdown report written by 'check --markdown'.", valueName: "file"), completion: .file())
        var markdown: String

        @Option(help: ArgumentHelp("The repository, OWNER/NAME (default: $GITHUB_REPOSITORY).", valueName: "owner/name"))
        var repo: String?

        @Option(help: ArgumentHelp("The pull request number.", valueName: "number"))
        var pr: Int

        @Option(name: .customLong("api-url"), help: ArgumentHelp("The GitHub API URL, for GitHub Enterprise (default: $GITHUB_API_URL, else https://api.github.com).", valueName: "url"))
        var apiURL: String?

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            guard let repository = repo ?? environment["GITHUB_REPOSITORY"], let slash = repository.firstIndex(of: "/"),
                  slash != repository.startIndex, repository.index(after: slash) != repository.endIndex else {
                throw ValidationError("--repo must be OWNER/NAME (or set GITHUB_REPOSITORY)")
            }
            // As the gh CLI: GH_TOKEN first, then GITHUB_TOKEN; an empty value counts as unset.
            guard let token = ["GH_TOKEN", "GITHUB_TOKEN"].lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }) else {
                Standard.error("verdict: error: neither GH_TOKEN nor GITHUB_TOKEN is set; the comment needs a token with pull-requests: write")
                throw VerdictExit(status: .couldNotJudge)
            }
            guard let api = URL(string: apiURL ?? environment["GITHUB_API_URL"] ?? "https://api.github.com"), api.scheme != nil else {
                throw ValidationError("invalid --api-url")
            }
            let body: String
            do {
                body = try String(contentsOfFile: markdown, encoding: .utf8)
            } catch {
                Standard.error("\(markdown): error: cannot read the report: \(error.localizedDescription)")
                throw VerdictExit(status: .couldNotJudge)
            }
            let backoff = environment["VERDICT_HTTP_BACKOFF_SECONDS"].flatMap(TimeInterval.init) ?? 1
            let client = GitHubClient(apiURL: api, token: token, initialBackoff: backoff)
            let comment = PullRequestComment(
                client: client, owner: String(repository[..<slash]), repository: String(repository[repository.index(after: slash)...]),
                pullRequest: pr)
            do {
                switch try comment.post(body) {
                case let .created(id): Standard.output("created comment \(id) on \(repository)#\(pr)\n")
                case let .updated(id): Standard.output("updated comment \(id) on \(repository)#\(pr)\n")
                }
            } catch {
                Standard.error("verdict: error: \(error)")
                throw VerdictExit(status: .couldNotJudge)
            }
        }
    }
}
