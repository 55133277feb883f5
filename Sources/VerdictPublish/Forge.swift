import Foundation

/// The code-hosting service a comment is posted to: what differs between GitHub's and GitLab's
/// REST APIs for the shared client (how the token is sent, what counts as a rate limit, how an
/// error is worded). Everything else (retries, backoff, same-origin pagination) is shared.
public enum Forge: String, Sendable, Equatable, CaseIterable {
    case github
    case gitlab

    /// The name shown in messages.
    public var name: String {
        switch self {
        case .github: "GitHub"
        case .gitlab: "GitLab"
        }
    }

    /// The headers that carry the token and pick the API version.
    func headers(token: String) -> [(String, String)] {
        switch self {
        case .github:
            [("Authorization", "Bearer \(token)"), ("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")]
        case .gitlab:
            // A project, group or personal access token; a CI job token would go in JOB-TOKEN,
            // and cannot post notes at all.
            [("PRIVATE-TOKEN", token), ("Accept", "application/json")]
        }
    }

    /// What a 401 means, worded for the person running the pipeline.
    var unauthorizedAdvice: String {
        switch self {
        case .github:
            "check that GITHUB_TOKEN is set and valid"
        case .gitlab:
            "check that GITLAB_TOKEN is a valid project or personal access token with the 'api' scope (a CI job token, CI_JOB_TOKEN, cannot post merge-request notes)"
        }
    }

    /// What a 403 means.
    var forbiddenAdvice: String {
        switch self {
        case .github:
            "the token needs 'pull-requests: write' (or 'issues: write') on this repository"
        case .gitlab:
            "the token needs the 'api' scope and at least the Reporter role on the project (a CI job token, CI_JOB_TOKEN, cannot post merge-request notes)"
        }
    }

    /// The options that name where the comment goes, for a 404.
    var targetOptions: String {
        switch self {
        case .github: "--repo and --pr"
        case .gitlab: "--project and --pr"
        }
    }
}
