import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /sign-in`, `POST /sign-in` and `POST /sign-out`, present when the server has a token.
///
/// The form is protected against login CSRF by a double submit: `GET` sets a short-lived
/// `SameSite=Strict` cookie and puts the same random value in a hidden field; a `POST` whose
/// field and cookie differ (a form posted from another site carries no such cookie) is refused.
enum SignInRoutes {
    static func add(to router: Router<ServeContext>, token: BearerToken, sessions: SessionStore, throttle: SignInThrottle,
                    secureCookie: Bool, maximumBodyBytes: Int) {
        router.get("/sign-in") { request, context in
            let next = safeNext(request.uri.queryParameters["next"].map(String.init) ?? "/decisions")
            let problem = throttle.lockedOut(context.clientAddress).map { "Too many wrong tokens from this address; try again in \($0) s." }
            return form(next: next, problem: problem, status: .ok, secure: secureCookie)
        }

        router.post("/sign-in") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: maximumBodyBytes)
            let fields = VerdictRouter.formFields(String(buffer: body))
            let next = safeNext(fields["next"] ?? "/decisions")
            guard let field = fields["csrf"], let cookie = Cookies.value(Cookies.signIn, in: request.headers), !cookie.isEmpty,
                  ConstantTime.equal(field, cookie) else {
                return form(next: next, problem: "The sign-in form expired or came from another page; enter the token again.", status: .forbidden, secure: secureCookie)
            }
            let address = context.clientAddress
            if let wait = throttle.lockedOut(address) {
                var response = form(next: next, problem: "Too many wrong tokens from this address; try again in \(wait) s.", status: .tooManyRequests, secure: secureCookie)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            guard token.matches(fields["token"] ?? "") else {
                let wait = throttle.failed(address)
                var response = form(next: next, problem: "That is not the token." + (wait.map { " Try again in \($0) s." } ?? ""),
                                    status: wait == nil ? .unauthorized : .tooManyRequests, secure: secureCookie)
                if let wait { response.headers[.retryAfter] = String(wait) }
                return response
            }
            throttle.succeeded(address)
            let session = sessions.start()
            var headers: HTTPFields = [.location: next]
            headers.append(HTTPField(name: .setCookie, value: Cookies.setting(
                Cookies.session, session.value, maxAge: Int(sessions.lifetime.components.seconds), secure: secureCookie)))
            headers.append(HTTPField(name: .setCookie, value: Cookies.setting(Cookies.signIn, "", path: "/sign-in", maxAge: 0, secure: secureCookie)))
            return Response(status: .seeOther, headers: headers)
        }

        router.post("/sign-out") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: maximumBodyBytes)
            let fields = VerdictRouter.formFields(String(buffer: body))
            guard let given = fields["csrf"], ConstantTime.equal(given, context.csrfToken) else {
                return VerdictRouter.error(.forbidden, "the sign-out form's token is missing or wrong: reload the page and press the button again", api: false)
            }
            if let value = Cookies.value(Cookies.session, in: request.headers) { sessions.end(value) }
            var headers: HTTPFields = [.location: "/sign-in"]
            headers.append(HTTPField(name: .setCookie, value: Cookies.setting(Cookies.session, "", maxAge: 0, secure: secureCookie)))
            return Response(status: .seeOther, headers: headers)
        }
    }

    /// The sign-in form with a fresh double-submit value in its cookie and its hidden field.
    static func form(next: String, problem: String?, status: HTTPResponse.Status, secure: Bool) -> Response {
        let csrf = ServeConfiguration.randomToken()
        var response = VerdictRouter.html(SignInPage.render(csrf: csrf, next: next, problem: problem), status: status)
        response.headers.append(HTTPField(name: .setCookie, value: Cookies.setting(Cookies.signIn, csrf, path: "/sign-in", maxAge: 600, secure: secure)))
        return response
    }

    /// Where to go after signing in: a path on this server only, so the form cannot be used to
    /// send a freshly signed-in auditor to another site (`//evil.example`, `/\evil.example`).
    static func safeNext(_ text: String) -> String {
        guard text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"), text.utf8.count <= 2048,
              text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }),
              !text.hasPrefix("/sign-in"), !text.hasPrefix("/sign-out") else { return "/decisions" }
        return text
    }
}
