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
    /// A digest naming an object (in a record, on the command line) that is not 64 lowercase hex digits.
    case invalidDigest(path: String, digest: String)
    /// An archive object whose content does not hash to its name; `input` is the recorded input it stood for.
    case objectAltered(path: String, input: String?, actual: String)
    /// A DSSE envelope or in-toto statement that is not of the shape Verdict writes and checks.
    case invalidAttestation(path: String, message: String)

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
        case let .invalidDigest(path, digest):
            [Diagnostic(path: path, message: "'\(digest.prefix(80))' is not a sha256 digest: expected 64 lowercase hexadecimal digits")]
        case let .invalidAttestation(path, message):
            [Diagnostic(path: path, message: "not a usable attestation: \(message)")]
        case let .objectAltered(path, input, actual):
            [Diagnostic(path: path, message: "archive object was altered: its content hashes to \(actual), not its name\(input.map { " (the archived copy of input '\($0)')" } ?? "")")]
        }
    }
}
