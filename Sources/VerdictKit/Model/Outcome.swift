/// What a rule, or the whole gate, concluded.
///
/// Ordered by how much it stops a merge: the overall outcome is the worst rule's.
public enum Outcome: String, Sendable, CaseIterable, Comparable {
    /// Nothing blocking or worth a warning.
    case pass
    /// Something worth a look, but not blocking (unless `--fail-on warn`).
    case warn
    /// A blocking condition: the gate fails.
    case fail
    /// The rule could not be judged (its input is missing, say): never a pass.
    case error

    var rank: Int {
        switch self {
        case .pass: 0
        case .warn: 1
        case .fail: 2
        case .error: 3
        }
    }

    public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.rank < rhs.rank }

    /// Upper-case label for logs and reports.
    public var label: String { rawValue.uppercased() }
}
