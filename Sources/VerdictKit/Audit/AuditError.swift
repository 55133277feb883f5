/// Why an audit operation (replay, verify, archive, ledger) could not be carried out.
public enum AuditError: DiagnosticError, Sendable, Equatable {
    /// A file could not be read or written.
    case unreadable(path: String, reason: String)
    /// A decision record that is not valid JSON or lacks a field a replay needs.
    case invalidRecord(path: String, message: String)
    /// An input named by the record cannot be found by its path nor in the archive.
    case inputMissing(path: String, sha256: String)
    /// An input was found but its bytes are not the recorded ones.
    case inputAltered(path: String, recorded: String, actual: String)
    /// A key file that is not a Verdict Ed25519 key.
    case invalidKey(path: String, message: String)
    /// The archive or ledger is not usable.
    case storage(path: String, message: String)

    public var diagnostics: [Diagnostic] {
        switch self {
        case let .unreadable(path, reason):
            [Diagnostic(path: path, message: "cannot read: \(reason)")]
        case let .invalidRecord(path, message):
            [Diagnostic(path: path, message: "not a usable decision record: \(message)")]
        case let .inputMissing(path, sha256):
            [Diagnostic(path: path, message: "recorded input is missing: not at its path and not in the archive (sha256 \(sha256))")]
        case let .inputAltered(path, recorded, actual):
            [Diagnostic(path: path, message: "recorded input was altered: recorded sha256 \(recorded), found \(actual)")]
        case let .invalidKey(path, message):
            [Diagnostic(path: path, message: "not a usable key: \(message)")]
        case let .storage(path, message):
            [Diagnostic(path: path, message: message)]
        }
    }
}
