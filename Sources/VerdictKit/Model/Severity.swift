/// How bad a finding is, on the scale every scanner's output is mapped to.
///
/// Ordered from least to most severe so that `max()` gives the worst and
/// `>` reads as "worse than".
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case unknown, low, medium, high, critical

    /// The levels from worst to least bad: the order reports list them in.
    public static let worstFirst: [Severity] = [.critical, .high, .medium, .low, .unknown]

    var rank: Int {
        switch self {
        case .unknown: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// The level named by a scanner's severity word, in any case (`CRITICAL`, `Medium`).
    public init?(word: String) {
        guard let level = Severity(rawValue: word.lowercased()) else { return nil }
        self = level
    }

    /// GitHub code scanning's mapping of a CVSS score (`security-severity`) to a level.
    ///
    /// Returns nil for 0 and below, which carries no severity and falls through to the SARIF level.
    public init?(cvssScore score: Double) {
        switch score {
        case 9.0...: self = .critical
        case 7.0..<9.0: self = .high
        case 4.0..<7.0: self = .medium
        case let s where s > 0: self = .low
        default: return nil
        }
    }
}
