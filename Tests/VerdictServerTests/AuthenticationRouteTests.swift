import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import VerdictKit
@testable import VerdictServer

/// `--token-file`: bearer tokens for the API, the sign-in form and its session cookie for
/// browsers, the back-off on wrong tokens, and what a caller without credentials gets.
@Suite struct AuthenticationRouteTests {
    static let token = "s3cret-token-0123456789abcdef"

    typealias Answer = (status: HTTPResponse.Status, body: String, headers: HTTPFields)

    static func request(_ client: any TestClientProtocol, _ uri: String, method: HTTPRequest.Method = .get,
                        headers: HTTPFields = [:], form: String? = nil) async throws -> Answer {
        var headers = headers
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) }) { response in
            (response.status, String(buffer: response.body), response.headers)
        }
    }

    static func store(secureCookie: Bool = false) throws -> DecisionStore {
        try RouteTests.threeDecisions().store(token: token, secureCookie: secureCookie)
    }

    /// The value a `Set-Cookie` field gives the cookie `name`, and the whole field.
    static func cookie(_ name: String, in headers: HTTPFields) -> (value: String, field: String)? {
        for field in headers[values: .setCookie] where field.hasPrefix(name + "=") {
            return (String(field.dropFirst(name.count + 1).prefix { $0 != ";" }), field)
        }
        return nil
    }

    /// The hidden `csrf` field of a form in `html`.
    static func csrfField(_ html: String) throws -> String {
        let marker = "name=\"csrf\" value=\""
        let start = try #require(html.range(of: marker)).upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    /// Signs in through the form as a browser would; returns the session cookie's value.
    static func signIn(_ client: any TestClientProtocol, token: String = token, next: String = "/decisions") async throws -> (Answer, String?) {
        let form = try await request(client, "/sign-in?next=" + HTML.queryComponent(next))
        let preSession = try #require(cookie(Cookies.signIn, in: form.headers)).value
        let csrf = try csrfField(form.body)
        #expect(csrf == preSession)
        let answer = try await request(client, "/sign-in", method: .post, headers: [.cookie: "\(Cookies.signIn)=\(preSession)"],
                                       form: "csrf=\(csrf)&token=\(HTML.queryComponent(token))&next=\(HTML.queryComponent(next))")
        return (answer, cookie(Cookies.session, in: answer.headers)?.value)
    }

    @Test func withoutCredentialsEveryAPICallIs401WithABearerChallenge() async throws {
        try await RouteTests.withClient(try Self.store()) { client in
            for uri in ["/api/v1/decisions", "/api/v1/decisions/1", "/api/v1/decisions/1/record", "/api/v1/ledger"] {
                let answer = try await Self.request(client, uri)
                #expect(answer.status == .unauthorized, "\(uri)")
                #expect(answer.headers[.wwwAuthenticate] == "Bearer realm=\"verdict\"", "\(uri)")
                #expect(answer.body.contains("\"status\": 401"), "\(uri): \(answer.body)")
                #expect(!answer.body.contains("acme"), "\(uri) leaked a row: \(answer.body)")
            }
            let replay = try await Self.request(client, "/api/v1/decisions/1/replay", method: .post, headers: [HTTPField.Name("X-CSRF-Token")!: "test-token"])
            #expect(replay.status == .unauthorized)
        }
    }

    @Test func withoutCredentialsAPageRedirectsToTheSignInFormAndComesBack() async throws {
        try await RouteTests.withClient(try Self.store()) { client in
            let answer = try await Self.request(client, "/decisions/2?x=1")
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.location] == "/sign-in?next=%2Fdecisions%2F2%3Fx%3D1")
            #expect(!answer.body.contains("acme"))
            let post = try await Self.request(client, "/decisions/1/replay", method: .post, form: "csrf=test-token")
            #expect(post.status == .seeOther)
            let (signedIn, _) = try await Self.signIn(client, next: "/decisions/2")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/decisions/2")
        }
    }

    @Test func theRightBearerTokenOpensTheAPIAndAWrongOneIs401() async throws {
        try await RouteTests.withClient(try Self.store()) { client in
            let right = try await Self.request(client, "/api/v1/decisions", headers: [.authorization: "Bearer \(Self.token)"])
            #expect(right.status == .ok)
            #expect(right.body.contains("\"total\": 3"))
            let page = try await Self.request(client, "/decisions", headers: [.authorization: "bearer \(Self.token)"])
            #expect(page.status == .ok)
            for wrong in ["Bearer \(Self.token)x", "Bearer \(Self.token.dropLast())", "Bearer ", "Basic \(Self.token)", Self.token] {
                let answer = try await Self.request(client, "/api/v1/decisions", headers: [.authorization: wrong])
                #expect(answer.status == .unauthorized, "\(wrong)")
                #expect(answer.headers[.wwwAuthenticate]?.hasPrefix("Bearer realm=\"verdict\", error=\"invalid_token\"") == true, "\(wrong)")
            }
        }
    }

    @Test func signingInSetsAnHttpOnlyStrictCookieHoldingASessionNotTheToken() async throws {
        try await RouteTests.withClient(try Self.store()) { client in
            let (answer, session) = try await Self.signIn(client)
            #expect(answer.status == .seeOther)
            let field = try #require(Self.cookie(Cookies.session, in: answer.headers)).field
            #expect(field.contains("; Path=/;") && field.contains("; HttpOnly; SameSite=Strict"), "\(field)")
            #expect(!field.contains("Secure"))
            let value = try #require(session)
            #expect(value.count == 64)
            #expect(!field.contains(Self.token))
            let list = try await Self.request(client, "/decisions", headers: [.cookie: "\(Cookies.session)=\(value)"])
            #expect(list.status == .ok)
            #expect(list.body.contains("3 decisions match"))
            #expect(list.body.contains("action=\"/sign-out\""))
        }
    }

    @Test func secureCookieMarksTheCookiesSecure() async throws {
        try await RouteTests.withClient(try Self.store(secureCookie: true)) { client in
            let form = try await Self.request(client, "/sign-in")
            #expect(try #require(Self.cookie(Cookies.signIn, in: form.headers)).field.hasSuffix("; HttpOnly; SameSite=Strict; Secure"))
            let (answer, _) = try await Self.signIn(client)
            #expect(try #require(Self.cookie(Cookies.session, in: answer.headers)).field.hasSuffix("; HttpOnly; SameSite=Strict; Secure"))
        }
    }

    @Test func aSessionHasItsOwnCSRFTokenAndSigningOutEndsIt() async throws {
        try await RouteTests.withClient(try Self.store()) { client in
            let session = try #require(try await Self.signIn(client).1)
            let cookie: HTTPFields = [.cookie: "\(Cookies.session)=\(session)"]
            let page = try await Self.request(client, "/decisions/1", headers: cookie)
            let replayForm = try #require(page.body.range(of: "action=\"/decisions/1/replay\"")).upperBound
            let csrf = try Self.csrfField(String(page.body[replayForm...]))
            #expect(csrf != "test-token")
            let forged = try await Self.request(client, "/decisions/1/replay", method: .post, headers: cookie, form: "csrf=test-token")
            #expect(forged.status == .forbidden)
            let replay = try await Self.request(client, "/decisions/1/replay", method: .post, headers: cookie, form: "csrf=\(csrf)")
            #expect(replay.body.contains("Replay:"), "\(replay.body)")
            let ledger = try await Self.request(client, "/api/v1/ledger", headers: cookie)
            #expect(ledger.body.contains("\"csrf_token\": \"\(csrf)\""))
            let wrongSignOut = try await Self.request(client, "/sign-out", method: .post, headers: cookie, form: "csrf=x")
            #expect(wrongSignOut.status == .forbidden)
            let signOut = try await Self.request(client, "/sign-out", method: .post, headers: cookie, form: "csrf=\(csrf)")
            #expect(signOut.status == .seeOther)
            #expect(try #require(Self.cookie(Cookies.session, in: signOut.headers)).field.contains("Max-Age=0"))
            let after = try await Self.request(client, "/decisions", headers: cookie)
            #expect(after.status == .seeOther)
        }
    }

    @Test func aSignInPostedWithoutTheFormsCookieIsRefused() async throws {
        // Login CSRF: another site's form can post the right field names but cannot set our cookie.
        try await RouteTests.withClient(try Self.store()) { client in
            let form = try await Self.request(client, "/sign-in")
            let csrf = try Self.csrfField(form.body)
            for headers: HTTPFields in [[:], [.cookie: "\(Cookies.signIn)=other"], [.cookie: "\(Cookies.signIn)="]] {
                let answer = try await Self.request(client, "/sign-in", method: .post, headers: headers, form: "csrf=\(csrf)&token=\(Self.token)")
                #expect(answer.status == .forbidden)
                #expect(Self.cookie(Cookies.session, in: answer.headers) == nil)
            }
        }
    }

    @Test func repeatedWrongTokensLockTheAddressOutEvenForTheRightOne() async throws {
        // A stopped clock: the one-second lock-out must not run out on a slow machine mid-test.
        let stopped = ContinuousClock.now
        let app = Application(router: VerdictRouter.build(store: try Self.store(), throttle: SignInThrottle(clock: { stopped })))
        try await app.test(.router) { client in
            for attempt in 1...SignInThrottle.freeAttempts {
                let (answer, session) = try await Self.signIn(client, token: "guess-\(attempt)-0123456789")
                #expect(answer.status == .unauthorized)
                #expect(answer.body.contains("That is not the token."))
                #expect(session == nil)
            }
            let locked = try await Self.request(client, "/api/v1/decisions", headers: [.authorization: "Bearer wrong-again-0123456789"])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] == "1")
            let right = try await Self.request(client, "/api/v1/decisions", headers: [.authorization: "Bearer \(Self.token)"])
            #expect(right.status == .tooManyRequests)
            let (form, session) = try await Self.signIn(client)
            #expect(form.status == .tooManyRequests)
            #expect(session == nil)
        }
    }

    @Test func theBackOffDoublesAndAnyAddressHasItsOwn() {
        let now = Mutex(ContinuousClock.now)
        let throttle = SignInThrottle(clock: { now.withLock { $0 } })
        for _ in 1...SignInThrottle.freeAttempts { #expect(throttle.failed("10.0.0.1") == nil) }
        #expect(throttle.failed("10.0.0.1") == 1)
        #expect(throttle.lockedOut("10.0.0.1") == 1)
        #expect(throttle.lockedOut("10.0.0.2") == nil)
        #expect(throttle.failed("10.0.0.1") == 2)
        #expect(throttle.failed("10.0.0.1") == 4)
        now.withLock { $0 = $0.advanced(by: .seconds(5)) }
        #expect(throttle.lockedOut("10.0.0.1") == nil)
        for _ in 0..<40 { throttle.failed("10.0.0.1") }
        #expect(throttle.lockedOut("10.0.0.1") == 900)
        throttle.succeeded("10.0.0.1")
        #expect(throttle.lockedOut("10.0.0.1") == nil)
    }

    @Test func anExpiredSessionIsSignedOut() {
        let now = Mutex(ContinuousClock.now)
        let sessions = SessionStore(lifetime: .seconds(60), clock: { now.withLock { $0 } })
        let session = sessions.start()
        #expect(sessions.csrfToken(forSession: session.value) == session.csrfToken)
        #expect(sessions.csrfToken(forSession: session.value + "0") == nil)
        now.withLock { $0 = $0.advanced(by: .seconds(61)) }
        #expect(sessions.csrfToken(forSession: session.value) == nil)
    }

    @Test func theSignInFormAndStylesheetNeedNoCredentials() async throws {
        try await RouteTests.withClient(try Self.store()) { client in
            let form = try await Self.request(client, "/sign-in?next=%2Fdecisions%2F2")
            #expect(form.status == .ok)
            #expect(form.body.contains("type=\"password\" name=\"token\""))
            #expect(form.body.contains("name=\"next\" value=\"/decisions/2\""))
            #expect(form.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none';") == true)
            let css = try await Self.request(client, "/static/verdict.css")
            #expect(css.status == .ok)
        }
    }

    @Test(arguments: [
        ("/decisions/2?outcome=fail", "/decisions/2?outcome=fail"),
        ("//evil.example/x", "/decisions"),
        ("/\\evil.example", "/decisions"),
        ("https://evil.example", "/decisions"),
        ("/decisions\r\nSet-Cookie: x=1", "/decisions"),
        ("/sign-in", "/decisions"),
        ("", "/decisions"),
    ] as [(String, String)])
    func afterSigningInOnlyAPathOnThisServerIsFollowed(next: String, target: String) {
        #expect(SignInRoutes.safeNext(next) == target)
    }

    @Test func withoutATokenNoSignInIsOffered() async throws {
        try await RouteTests.withClient(try RouteTests.threeDecisions().store()) { client in
            #expect(try await Self.request(client, "/sign-in").status == .notFound)
            let list = try await Self.request(client, "/decisions")
            #expect(list.status == .ok)
            #expect(!list.body.contains("sign-out"))
        }
    }
}
