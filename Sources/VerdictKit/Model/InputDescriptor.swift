/// What the record says of one input: enough to find it again and prove it is the same file.
public struct InputDescriptor: Sendable, Hashable {
    /// The role an input plays in the evaluation.
    public enum Role: String, Sendable {
        /// A file being judged.
        case subject
        /// A baseline the subject is compared with (`--baseline-sarif`, `--baseline-coverage`).
        case baseline
        /// The change under review (`--diff`, a unified diff), for patch coverage.
        case change
    }

    public var kind: InputKind
    public var role: Role
    /// The path as given on the command line (`-` for standard input).
    public var path: String
    public var size: Int
    /// Lowercase hex SHA-256 of the bytes as read.
    public var sha256: String

    public init(kind: InputKind, role: Role, path: String, size: Int, sha256: String) {
        self.kind = kind
        self.role = role
        self.path = path
        self.size = size
        self.sha256 = sha256
    }

    /// The canonical order of inputs in records and reports, independent of the command line.
    public static func canonicalOrder(_ lhs: InputDescriptor, _ rhs: InputDescriptor) -> Bool {
        (lhs.role.rawValue, lhs.kind.rawValue, lhs.path, lhs.sha256) < (rhs.role.rawValue, rhs.kind.rawValue, rhs.path, rhs.sha256)
    }
}
