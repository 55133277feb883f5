import Foundation

/// Creates or updates Verdict's comment on a pull request, found by the report's marker.
public struct PullRequestComment: Sendable {
    public var client: GitHubClient
    public var owner: String
    public var repository: String
    public var pullRequest: Int

    public init(client: GitHubClient, owner: String, repository: String, pullRequest: Int) {
        self.client = client
        self.owner = owner
        self.repository = repository
        self.pullRequest = pullRequest
    }

    public enum Action: Sendable, Equatable {
        case created(id: Int)
        case updated(id: Int)
    }

    /// Posts `body`: updates the first comment that starts with the marker, else creates one.
    public func post(_ body: String, marker: String = MarkdownReport.marker) throws(GitHubClient.Failure) -> Action {
        if let existing = try findComment(marker: marker) {
            _ = try client.send("PATCH", "repos/\(owner)/\(repository)/issues/comments/\(existing)", body: .object([("body", .string(body))]))
            return .updated(id: existing)
        }
        let response = try client.send("POST", "repos/\(owner)/\(repository)/issues/\(pullRequest)/comments", body: .object([("body", .string(body))]))
        let id = ((try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any])?["id"] as? Int ?? 0
        return .created(id: id)
    }

    /// The id of Verdict's comment, walking every page of the pull request's comments.
    func findComment(marker: String) throws(GitHubClient.Failure) -> Int? {
        var response = try client.send("GET", "repos/\(owner)/\(repository)/issues/\(pullRequest)/comments",
                                       query: [URLQueryItem(name: "per_page", value: "100")])
        while true {
            let comments = (try? JSONSerialization.jsonObject(with: response.body)) as? [[String: Any]] ?? []
            for comment in comments {
                if let body = comment["body"] as? String, body.hasPrefix(marker), let id = comment["id"] as? Int { return id }
            }
            guard let next = GitHubClient.nextPage(response) else { return nil }
            response = try client.send("GET", url: next)
        }
    }
}
