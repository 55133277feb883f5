import HTTPTypes

/// Reading the `Cookie` header and writing `Set-Cookie` values for the two cookies the server sets.
enum Cookies {
    /// The signed-in browser's session value.
    static let session = "verdict_session"
    /// The sign-in form's own CSRF value (double submit: cookie and hidden field must match).
    static let signIn = "verdict_sign_in"

    /// The first value of the cookie `name`, across every `Cookie` field.
    static func value(_ name: String, in headers: HTTPFields) -> String? {
        for field in headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0].trimmingSpaces == name else { continue }
                return String(parts[1].trimmingSpaces)
            }
        }
        return nil
    }

    /// A `Set-Cookie` value no script can read (`HttpOnly`) and no other site can make the
    /// browser send (`SameSite=Strict`); `Secure` when the server sits behind TLS.
    static func setting(_ name: String, _ value: String, path: String = "/", maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
