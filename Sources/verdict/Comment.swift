import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct Comment: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update the pull request comment holding a Verdict report.",
            discussion: """
                Finds Verdict's own comment by the report's first line (<!-- verdict:report -->) and \
                its author, the account the token acts for (GET /user; github-actions[bot] when /user \
                is forbidden, as for the Actions GITHUB_TOKEN; or --author), and updates it, or creates \
                one. The token comes from GH_TOKEN, else GITHUB_TOKEN (as for the gh CLI). Retries server errors and rate limits with \
                backoff (Retry-After capped at 60 s, 120 s in all per request). Exit 0 posted, 2 could not post.
                """)

        @Option(help: ArgumentHelp("The markdown report written by 'check --markdown'.", valueName: "file"), completion: .file())
        var markdown: String

        @Option(help: ArgumentHelp("The repository, OWNER/NAME (default: $GITHUB_REPOSITORY).", valueName: "owner/name"))
        var repo: String?

        @Option(help: ArgumentHelp("The pull request number.", valueName: "number"))
        var pr: Int

        @Option(name: .customLong("api-url"), help: ArgumentHelp("The GitHub API URL, for GitHub Enterprise (default: $GITHUB_API_URL, else https://api.github.com).", valueName: "url"))
        var apiURL: String?

        @Option(help: ArgumentHelp("The login whose comment is updated (default: the token's account; github-actions[bot] for the Actions GITHUB_TOKEN). Set it for a GitHub App token: '<app-slug>[bot]'.", valueName: "login"))
        var author: String?

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
            var client = GitHubClient(apiURL: api, token: token, initialBackoff: backoff)
            // May shorten the total wait, never lengthen it.
            if let wait = environment["VERDICT_HTTP_MAX_WAIT_SECONDS"].flatMap(TimeInterval.init), wait.isFinite, wait >= 0 {
                client.maxTotalWait = min(wait, client.maxTotalWait)
            }
            let comment = PullRequestComment(
                client: client, owner: String(repository[..<slash]), repository: String(repository[repository.index(after: slash)...]),
                pullRequest: pr)
            do {
                switch try comment.post(body, author: author) {
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
