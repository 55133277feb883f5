import VerdictKit

/// Why `verdict serve` cannot start with the options given.
public enum ServeError: DiagnosticError, Equatable, Sendable {
    /// The token file cannot be read, or is not a regular file.
    case tokenUnreadable(path: String, reason: String)
    /// The token file can be read by group or others: the token may already be someone else's.
    case tokenExposed(path: String, mode: Int)
    /// The token file holds no token, or one too short to resist guessing.
    case tokenTooShort(path: String, length: Int)

    public var diagnostics: [Diagnostic] {
        switch self {
        case let .tokenUnreadable(path, reason):
            [Diagnostic(path: path, message: "cannot read the token file: \(reason)")]
        case let .tokenExposed(path, mode):
            [Diagnostic(path: path, message: "the token file's permissions \(String(mode, radix: 8)) let group or others read it; refusing it, as ssh refuses such a key (chmod 600 '\(path)')")]
        case let .tokenTooShort(path, length):
            [Diagnostic(path: path, message: length == 0
                ? "the token file is empty; put a random token of at least \(BearerToken.minimumLength) characters in it (e.g. openssl rand -hex 32)"
                : "the token is \(length) characters long; use at least \(BearerToken.minimumLength) random characters (e.g. openssl rand -hex 32)")]
        }
    }
}
