import ArgumentParser
import Foundation
import VerdictKit
import VerdictPublish

/// `verdict-comment`, started by `verdict comment`: posts the report to GitHub or GitLab.
///
/// Its own executable so that `verdict check` never loads an HTTP client: FoundationNetworking
/// brings libcurl and some thirty libraries of its own (TLS, Kerberos, LDAP, HTTP/2 …), whose
/// loading and symbol binding were about 10 ms of every `verdict` start.
@main
struct CommentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict comment",
        abstract: "Create or update the pull request comment (GitLab: merge-request note) holding a Verdict report.",
        discussion: """
            Finds Verdict's own comment by the report's first line (<!-- verdict:report -->) and \
            its author, the account the token acts for (GET /user; github-actions[bot] when /user \
            is forbidden, as for the Actions GITHUB_TOKEN; or --author), and updates it, or creates \
            one. The token comes from GH_TOKEN, else GITHUB_TOKEN (as for the gh CLI). Retries server errors and rate limits with \
            backoff (Retry-After capped at 60 s, 120 s in all per request). Exit 0 posted, 2 could not post.

            GitLab (--gitlab, or detected when CI_SERVER_URL, CI_MERGE_REQUEST_IID and CI_PROJECT_ID \
            are set): posts a merge-request note through the notes API under CI_API_V4_URL, with \
            GITLAB_TOKEN (a project or personal access token with the api scope; a CI job token \
            cannot post notes); --project defaults to CI_PROJECT_ID, --pr to CI_MERGE_REQUEST_IID.
            """)

    @Option(help: ArgumentHelp("The markdown report written by 'check --markdown'.", valueName: "file"), completion: .file())
    var markdown: String

    @Option(help: ArgumentHelp("The repository, OWNER/NAME (default: $GITHUB_REPOSITORY).", valueName: "owner/name"))
    var repo: String?

    @Option(help: ArgumentHelp("The pull request number; on GitLab the merge request's IID (default: $CI_MERGE_REQUEST_IID).", valueName: "number"))
    var pr: Int?

    @Flag(help: "Post a GitLab merge-request note (default when CI_SERVER_URL, CI_MERGE_REQUEST_IID and CI_PROJECT_ID are set).")
    var gitlab = false

    @Option(help: ArgumentHelp("The GitLab project, its id or full path (default: $CI_PROJECT_ID).", valueName: "id-or-path"))
    var project: String?

    @Option(name: .customLong("api-url"), help: ArgumentHelp("The GitHub API URL, for GitHub Enterprise (default: $GITHUB_API_URL, else https://api.github.com); on GitLab, the v4 API URL (default: $CI_API_V4_URL).", valueName: "url"))
    var apiURL: String?

    @Option(help: ArgumentHelp("The login whose comment is updated (default: the token's account; github-actions[bot] for the Actions GITHUB_TOKEN). Set it for a GitHub App token: '<app-slug>[bot]'; on GitLab, a username.", valueName: "login"))
    var author: String?

    /// Runs the command with Verdict's exit statuses: usage errors exit 2, not argument-parser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as VerdictExit {
            Foundation.exit(exit.status.rawValue)
        } catch {
            if exitCode(for: error) == .success { Self.exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Standard.error(message) }
            Foundation.exit(ExitStatus.couldNotJudge.rawValue)
        }
    }

    /// Whether the comment goes to GitLab: asked for, or GitLab CI's merge-request variables are all set.
    static func isGitLab(flag: Bool, environment: [String: String]) -> Bool {
        flag || ["CI_SERVER_URL", "CI_MERGE_REQUEST_IID", "CI_PROJECT_ID"].allSatisfy { !(environment[$0] ?? "").isEmpty }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        if Self.isGitLab(flag: gitlab, environment: environment) { return try postToGitLab(environment) }
        guard let pr else { throw ValidationError("--pr is required (the pull request number)") }
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
        let body = try readReport()
        let client = Self.client(.github, api: api, token: token, environment: environment)
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

    /// The shared client, with the test hooks for backoff (any) and total wait (only lower).
    static func client(_ forge: Forge, api: URL, token: String, environment: [String: String]) -> ForgeClient {
        let backoff = environment["VERDICT_HTTP_BACKOFF_SECONDS"].flatMap(TimeInterval.init) ?? 1
        var client = ForgeClient(forge: forge, apiURL: api, token: token, initialBackoff: backoff)
        // May shorten the total wait, never lengthen it.
        if let wait = environment["VERDICT_HTTP_MAX_WAIT_SECONDS"].flatMap(TimeInterval.init), wait.isFinite, wait >= 0 {
            client.maxTotalWait = min(wait, client.maxTotalWait)
        }
        return client
    }

    func readReport() throws -> String {
        do {
            return try String(contentsOfFile: markdown, encoding: .utf8)
        } catch {
            Standard.error("\(markdown): error: cannot read the report: \(error.localizedDescription)")
            throw VerdictExit(status: .couldNotJudge)
        }
    }

    func postToGitLab(_ environment: [String: String]) throws {
        guard let project = project ?? environment["CI_PROJECT_ID"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("--project is required on GitLab (or set CI_PROJECT_ID)")
        }
        guard let iid = pr ?? environment["CI_MERGE_REQUEST_IID"].flatMap({ Int($0) }), iid > 0 else {
            throw ValidationError("--pr is required on GitLab: the merge request's IID (or set CI_MERGE_REQUEST_IID)")
        }
        guard let token = environment["GITLAB_TOKEN"], !token.isEmpty else {
            Standard.error("verdict: error: GITLAB_TOKEN is not set; the note needs a project or personal access token with the 'api' scope (a CI job token, CI_JOB_TOKEN, cannot post merge-request notes)")
            throw VerdictExit(status: .couldNotJudge)
        }
        if let jobToken = environment["CI_JOB_TOKEN"], !jobToken.isEmpty, jobToken == token {
            Standard.error("verdict: error: GITLAB_TOKEN holds the CI job token, which cannot post merge-request notes; use a project or personal access token with the 'api' scope")
            throw VerdictExit(status: .couldNotJudge)
        }
        guard let address = apiURL ?? environment["CI_API_V4_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("--api-url is required on GitLab (or set CI_API_V4_URL)")
        }
        guard let api = URL(string: address), let scheme = api.scheme?.lowercased(), ["http", "https"].contains(scheme), api.host != nil else {
            throw ValidationError("invalid --api-url")
        }
        let body = try readReport()
        let note = MergeRequestNote(client: Self.client(.gitlab, api: api, token: token, environment: environment), project: project, mergeRequest: iid)
        do {
            switch try note.post(body, author: author.map { .username($0) }) {
            case let .created(id): Standard.output("created note \(id) on \(project)!\(iid)\n")
            case let .updated(id): Standard.output("updated note \(id) on \(project)!\(iid)\n")
            }
        } catch {
            Standard.error("verdict: error: \(error)")
            throw VerdictExit(status: .couldNotJudge)
        }
    }
}
