import Foundation
import VerdictKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal REST client for GitHub and GitLab: just what posting the report as a pull-request
/// comment or merge-request note needs.
///
/// Retries server errors (5xx), 429 and GitHub's secondary rate limits with exponential
/// backoff (honouring `Retry-After`); turns 401/403/404/422 into errors that say what to fix.
/// The token is sent only in its header (`Authorization`, GitLab's `PRIVATE-TOKEN`) and never
/// appears in a message.
public struct ForgeClient: Sendable {
    public var forge: Forge
    public var apiURL: URL
    public var token: String
    public var maxRetries: Int
    /// The first backoff delay; doubled on each retry.
    public var initialBackoff: TimeInterval
    /// The longest single wait: a larger `Retry-After` (or one that is not a finite number of
    /// seconds) is cut to this, so a hostile or broken server cannot park the job.
    public var maxDelay: TimeInterval
    /// The most one request waits in all, over its retries; past it the last failure is reported.
    public var maxTotalWait: TimeInterval

    public init(forge: Forge = .github, apiURL: URL = URL(string: "https://api.github.com")!, token: String, maxRetries: Int = 4, initialBackoff: TimeInterval = 1,
                maxDelay: TimeInterval = 60, maxTotalWait: TimeInterval = 120) {
        self.forge = forge
        self.apiURL = apiURL
        self.token = token
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxDelay = maxDelay
        self.maxTotalWait = maxTotalWait
    }

    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        public var headers: [String: String]

        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    /// Why a request did not succeed, worded for the person running the pipeline.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case unauthorized(Forge)
        case forbidden(Forge, String)
        case notFound(Forge, String)
        case unprocessable(Forge, String)
        case http(Forge, status: Int, message: String)
        case network(Forge, String)
        /// A `Link: rel="next"` to another scheme or host than the API URL.
        case foreignLink(String)

        public var description: String {
            switch self {
            case let .unauthorized(forge):
                "\(forge.name) refused the token (401): \(forge.unauthorizedAdvice)"
            case let .forbidden(forge, message):
                "\(forge.name) forbade the request (403: \(message)): \(forge.forbiddenAdvice)"
            case let .notFound(forge, what):
                "not found (404): \(what) — check \(forge.targetOptions), and that the token can see the \(forge == .gitlab ? "project" : "repository")"
            case let .unprocessable(forge, message):
                "\(forge.name) rejected the comment (422: \(message))"
            case let .http(forge, status, message):
                "\(forge.name) answered \(status): \(message)"
            case let .network(forge, message):
                "cannot reach the \(forge.name) API: \(message)"
            case let .foreignLink(url):
                "the API's Link header points at '\(url)', not at the API's own scheme and host; not following it (the token would go with it)"
            }
        }
    }

    /// Sends one request, retrying transient failures.
    public func send(_ method: String, _ path: String, body: JSONValue? = nil, query: [URLQueryItem] = []) throws(Failure) -> Response {
        var components = URLComponents(url: apiURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)
        if !query.isEmpty { components?.queryItems = query }
        guard let url = components?.url else { throw .network(forge, "invalid API URL \(apiURL)") }
        return try send(method, url: url, body: body)
    }

    public func send(_ method: String, url: URL, body: JSONValue? = nil) throws(Failure) -> Response {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in forge.headers(token: token) { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue("verdict/\(VerdictVersion.current)", forHTTPHeaderField: "User-Agent")
        if let body {
            request.httpBody = Data(body.compact().utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        var attempt = 0
        var waited: TimeInterval = 0
        while true {
            let response = try perform(request)
            if (200..<300).contains(response.status) { return response }
            let message = Self.message(of: response)
            if attempt < maxRetries, let delay = retryDelay(response, message: message, attempt: attempt), waited + delay <= maxTotalWait {
                Thread.sleep(forTimeInterval: delay)
                waited += delay
                attempt += 1
                continue
            }
            switch response.status {
            case 401: throw .unauthorized(forge)
            case 403: throw .forbidden(forge, message)
            case 404: throw .notFound(forge, "\(method) \(url.path)")
            case 422: throw .unprocessable(forge, message)
            default: throw .http(forge, status: response.status, message: message)
            }
        }
    }

    /// How long to wait before retrying (at most `maxDelay`), or nil when the failure is not transient.
    func retryDelay(_ response: Response, message: String, attempt: Int) -> TimeInterval? {
        let backoff = initialBackoff * pow(2, Double(attempt))
        // Seconds only (GitHub sends those); "inf", "nan", a date or a negative number count as absent.
        let retryAfter = response.header("Retry-After").flatMap { TimeInterval($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        let wait: TimeInterval
        switch response.status {
        case 500...599, 429:
            wait = retryAfter ?? backoff
        case 403 where forge == .github && (message.lowercased().contains("secondary rate limit") || response.header("X-RateLimit-Remaining") == "0"):
            wait = retryAfter ?? backoff
        default:
            return nil
        }
        return min(wait, maxDelay)
    }

    /// Whether `url` has the API URL's scheme, host and port: the only place the token may go.
    public func isSameOrigin(_ url: URL) -> Bool {
        url.scheme?.lowercased() == apiURL.scheme?.lowercased() && url.host?.lowercased() == apiURL.host?.lowercased()
            && Self.port(of: url) == Self.port(of: apiURL)
    }

    static func port(of url: URL) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
    }

    func perform(_ request: URLRequest) throws(Failure) -> Response {
        final class Box: @unchecked Sendable {
            var result: Result<Response, Failure>
            init(_ forge: Forge) { result = .failure(.network(forge, "no response")) }
        }
        let box = Box(forge)
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(.network(self.forge, error.localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    if let key = key as? String, let value = value as? String { headers[key] = value }
                }
                box.result = .success(Response(status: http.statusCode, body: data ?? Data(), headers: headers))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        return try box.result.get()
    }

    /// The API's `message` field (GitLab also says `error`), or the start of the body.
    static func message(of response: Response) -> String {
        if let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] {
            if let message = object["message"] as? String { return message }
            if let message = object["error"] as? String { return message }
        }
        return String(decoding: response.body.prefix(200), as: UTF8.self)
    }

    /// The `rel="next"` URL of a `Link` header.
    static func nextPage(_ response: Response) -> URL? {
        guard let link = response.header("Link") else { return nil }
        for part in link.split(separator: ",") where part.contains("rel=\"next\"") {
            guard let start = part.firstIndex(of: "<"), let end = part.firstIndex(of: ">") else { continue }
            return URL(string: String(part[part.index(after: start)..<end]))
        }
        return nil
    }
}
