/// The sign-in form: one password field for the token, a hidden CSRF value, where to go next.
enum SignInPage {
    static func render(csrf: String, next: String, problem: String? = nil) -> String {
        var body = ""
        if let problem { body += "<p class=\"problem\" role=\"alert\">\(HTML.escape(problem))</p>\n" }
        body += """
            <form method="post" action="/sign-in" class="sign-in">
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <label>Access token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
            <button type="submit">Sign in</button>
            </form>
            <p>The token is the one in the server's <code>--token-file</code>. Signing in keeps you signed in on this browser for 12 hours or until you sign out.</p>

            """
        return HTML.page(title: "Sign in", body: body)
    }

    /// The sign-out button the navigation bar carries for a browser signed in with a cookie.
    static func signOutForm(csrf: String) -> String {
        "<form method=\"post\" action=\"/sign-out\" class=\"sign-out\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\"><button type=\"submit\">Sign out</button></form>"
    }
}
