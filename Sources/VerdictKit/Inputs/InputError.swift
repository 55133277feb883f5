/// Why an input could not be read: every case names the file, and where possible the line and column.
public enum InputError: DiagnosticError, Sendable, Equatable {
    /// The file could not be opened or read (missing, a directory, no permission, a symlink loop).
    case unreadable(path: String, reason: String)
    /// No reader recognises the content; the user can force a kind with a flag.
    case unrecognized(path: String, found: String)
    /// The bytes are in an encoding Verdict cannot read faithfully.
    case unsupportedEncoding(path: String, detail: String)
    /// The content breaks its format's grammar or schema at a known place.
    case malformed(path: String, position: TextPosition?, message: String)
    /// The input is bigger than a bound of `InputLimits` (`--max-input-bytes`): `what` says
    /// which size ("the file is", "standard input reached") and `size` how big it is, or how
    /// much had been read when the bound was crossed.
    case tooLarge(path: String, what: String, size: Int, limit: Int, option: String)
    /// The bytes are not the ones a record names (a replay): nothing read from them is judged.
    case altered(path: String, expected: String, actual: String)

    public var diagnostics: [Diagnostic] {
        switch self {
        case let .unreadable(path, reason):
            [Diagnostic(path: path, message: "cannot read input: \(reason)")]
        case let .unrecognized(path, found):
            [Diagnostic(path: path, message: "cannot tell what kind of input this is (found \(found)); expected \(InputKind.detectable.map(\.expectation).joined(separator: ", ")) — use \(InputKind.detectable.map { "--\($0.rawValue)" }.joined(separator: ", ")) to force the kind")]
        case let .unsupportedEncoding(path, detail):
            [Diagnostic(path: path, message: "unsupported text encoding: \(detail); expected UTF-8 (with or without BOM) or UTF-16")]
        case let .malformed(path, position, message):
            [Diagnostic(path: path, position: position, message: message)]
        case let .tooLarge(path, what, size, limit, option):
            [Diagnostic(path: path, message: "input too large: \(what) \(InputLimits.describe(size)), more than the limit of \(InputLimits.describe(limit)) (\(option))")]
        case let .altered(path, expected, actual):
            [Diagnostic(path: path, message: "input altered: its sha256 is \(actual), the record names \(expected)")]
        }
    }
}
