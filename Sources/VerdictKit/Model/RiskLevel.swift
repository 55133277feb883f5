/// How risky an infrastructure change is, as a risk policy grades it.
///
/// A scale of its own, apart from a finding's `Severity`: it starts at `none` (a plan with
/// no changes) and has no `unknown`. Ordered from least to most risky, so `max()` gives the
/// plan's risk.
public enum RiskLevel: String, Sendable, CaseIterable, Comparable, Codable {
    case none, low, medium, high, critical

    var rank: Int {
        switch self {
        case .none: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool { lhs.rank < rhs.rank }
}
