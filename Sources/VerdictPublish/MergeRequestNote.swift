import Foundation
import VerdictKit

/// Creates or updates Verdict's note on a GitLab merge request, found by the report's marker
/// and its author, as `PullRequestComment` does on GitHub.
///
/// Uses the notes API under the API URL (`CI_API_V4_URL`): `GET /user`, then
/// `GET|POST /projects/:id/merge_requests/:iid/notes` and `PUT …/notes/:note_id`.
public struct MergeRequestNote: Sendable {
    public var client: ForgeClient
    /// The project: its numeric id or its full path (`group/sub/name`, sent percent-encoded).
    public var project: String
    public var mergeRequest: Int

    public init(client: ForgeClient, project: String, mergeRequest: Int) {
        self.client = client
        self.project = project
        self.mergeRequest = mergeRequest
    }

    /// Whose notes count as Verdict's: the token's user by id (`GET /user`), or a username given
    /// with `--author` (compared case-insensitively, as GitLab's are).
    public enum Author: Sendable, Equatable {
        case id(Int)
        case username(String)
    }

    /// The user the token acts for, by id. A CI job token cannot read `/user` (401): the
    /// failure's message says so.
    public func tokenUser() throws(ForgeClient.Failure) -> Author {
        let response = try client.send("GET", url: try url("user"))
        guard let id = (Self.json(response.body) as? [String: Any])?["id"] as? Int else {
            throw .http(.gitlab, status: response.status, message: "GET /user answered without an id")
        }
        return .id(id)
    }

    /// Posts `body`: updates the first note that starts with the marker *and* was written by
    /// `author` (default: `tokenUser()`), else creates one. A note someone else planted with the
    /// marker is never the one updated; system notes are skipped.
    public func post(_ body: String, marker: String = MarkdownReport.marker, author: Author? = nil) throws(ForgeClient.Failure) -> PullRequestComment.Action {
        let owner: Author
        if let author { owner = author } else { owner = try tokenUser() }
        let notes = "projects/\(Self.encode(project))/merge_requests/\(mergeRequest)/notes"
        let payload = JSONValue.object([("body", .string(body))])
        if let existing = try findNote(notes, marker: marker, author: owner) {
            _ = try client.send("PUT", url: try url("\(notes)/\(existing)"), body: payload)
            return .updated(id: existing)
        }
        let response = try client.send("POST", url: try url(notes), body: payload)
        return .created(id: (Self.json(response.body) as? [String: Any])?["id"] as? Int ?? 0)
    }

    /// The id of Verdict's note by `author`, walking every page (`Link: rel="next"`, else
    /// `X-Next-Page`); a next page on another scheme, host or port is refused.
    func findNote(_ notes: String, marker: String, author: Author) throws(ForgeClient.Failure) -> Int? {
        var query = [URLQueryItem(name: "per_page", value: "100"), URLQueryItem(name: "sort", value: "asc"),
                     URLQueryItem(name: "order_by", value: "created_at")]
        var response = try client.send("GET", url: try url(notes, query: query))
        for _ in 1...PullRequestComment.maxPages {
            for note in Self.json(response.body) as? [[String: Any]] ?? [] {
                guard let body = note["body"] as? String, body.hasPrefix(marker), let id = note["id"] as? Int,
                      note["system"] as? Bool != true, let user = note["author"] as? [String: Any] else { continue }
                switch author {
                case let .id(wanted): if user["id"] as? Int == wanted { return id }
                case let .username(wanted): if (user["username"] as? String)?.lowercased() == wanted.lowercased() { return id }
                }
            }
            let next: URL
            if let link = ForgeClient.nextPage(response) {
                next = link
            } else if let page = response.header("X-Next-Page")?.trimmingCharacters(in: .whitespaces), !page.isEmpty {
                guard let number = Int(page), number > 0 else { throw .http(.gitlab, status: response.status, message: "X-Next-Page is not a page number: '\(page.prefix(40))'") }
                query.removeAll { $0.name == "page" }
                query.append(URLQueryItem(name: "page", value: String(number)))
                next = try url(notes, query: query)
            } else {
                return nil
            }
            guard client.isSameOrigin(next) else { throw .foreignLink(next.absoluteString) }
            response = try client.send("GET", url: next)
        }
        return nil
    }

    /// `path` under the API URL, kept percent-encoded (a project path's `/` must stay `%2F`).
    func url(_ path: String, query: [URLQueryItem] = []) throws(ForgeClient.Failure) -> URL {
        guard var components = URLComponents(url: client.apiURL, resolvingAgainstBaseURL: false) else {
            throw .network(.gitlab, "invalid API URL \(client.apiURL)")
        }
        let base = components.percentEncodedPath.hasSuffix("/") ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        components.percentEncodedPath = base + "/" + path
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw .network(.gitlab, "invalid API URL \(client.apiURL)") }
        return url
    }

    /// A project id or path as one URL path segment: everything but unreserved characters encoded.
    static func encode(_ project: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return project.addingPercentEncoding(withAllowedCharacters: allowed) ?? project
    }

    static func json(_ data: Data) -> Any? {
        try? JSONSerialization.jsonObject(with: data)
    }
}
