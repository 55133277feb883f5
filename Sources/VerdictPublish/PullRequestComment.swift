import Foundation
import VerdictKit

/// Creates or updates Verdict's comment on a pull request, found by the report's marker.
public struct PullRequestComment: Sendable {
    public var client: ForgeClient
    public var owner: String
    public var repository: String
    public var pullRequest: Int

    public init(client: ForgeClient, owner: String, repository: String, pullRequest: Int) {
        self.client = client
        self.owner = owner
        self.repository = repository
        self.pullRequest = pullRequest
    }

    public enum Action: Sendable, Equatable {
        case created(id: Int)
        case updated(id: Int)
    }

    /// The login GitHub shows as the author of comments made with the Actions `GITHUB_TOKEN`.
    public static let actionsBot = "github-actions[bot]"

    /// The account the token acts for: `GET /user`'s login (a personal access token); when
    /// `/user` is forbidden (403: the Actions `GITHUB_TOKEN`, which cannot read it),
    /// `github-actions[bot]`. Other failures stop the command.
    public func tokenAccount() throws(ForgeClient.Failure) -> String {
        let response: ForgeClient.Response
        do {
            response = try client.send("GET", "user")
        } catch {
            if case .forbidden = error { return Self.actionsBot }
            throw error
        }
        guard let login = ((try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any])?["login"] as? String, !login.isEmpty else {
            throw .http(client.forge, status: response.status, message: "GET /user answered without a login")
        }
        return login
    }

    /// Posts `body`: updates the first comment that starts with the marker *and* was written by
    /// `author` (default: `tokenAccount()`), else creates one. Anyone can plant a comment that
    /// starts with the marker on a public repository; it is never the one updated.
    public func post(_ body: String, marker: String = MarkdownReport.marker, author: String? = nil) throws(ForgeClient.Failure) -> Action {
        let login: String
        if let author { login = author } else { login = try tokenAccount() }
        if let existing = try findComment(marker: marker, author: login) {
            _ = try client.send("PATCH", "repos/\(owner)/\(repository)/issues/comments/\(existing)", body: .object([("body", .string(body))]))
            return .updated(id: existing)
        }
        let response = try client.send("POST", "repos/\(owner)/\(repository)/issues/\(pullRequest)/comments", body: .object([("body", .string(body))]))
        let id = ((try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any])?["id"] as? Int ?? 0
        return .created(id: id)
    }

    /// The most pages of comments read (100 each): a server sending `next` forever stops here.
    static let maxPages = 300

    /// The id of Verdict's comment by `author`, walking every page of the pull request's
    /// comments; a `next` page on another scheme or host is refused.
    func findComment(marker: String, author: String) throws(ForgeClient.Failure) -> Int? {
        var response = try client.send("GET", "repos/\(owner)/\(repository)/issues/\(pullRequest)/comments",
                                       query: [URLQueryItem(name: "per_page", value: "100")])
        for _ in 1...Self.maxPages {
            let comments = (try? JSONSerialization.jsonObject(with: response.body)) as? [[String: Any]] ?? []
            for comment in comments {
                guard let body = comment["body"] as? String, body.hasPrefix(marker), let id = comment["id"] as? Int,
                      let login = (comment["user"] as? [String: Any])?["login"] as? String,
                      login.lowercased() == author.lowercased() else { continue }
                return id
            }
            guard let next = ForgeClient.nextPage(response) else { return nil }
            guard client.isSameOrigin(next) else { throw .foreignLink(next.absoluteString) }
            response = try client.send("GET", url: next)
        }
        return nil
    }
}
