/// What a severity rule saw: every finding lands in exactly one bucket, none is dropped.
public struct SeverityEvidence: Sendable {
    public var blockLevels: [Severity]
    public var warnLevels: [Severity]
    public var limits: [Severity: Int]
    public var hasBaseline: Bool

    /// Findings at blocking levels that count, worst first.
    public private(set) var blocking: [JudgedFinding] = []
    /// Findings at warning levels that count, worst first.
    public private(set) var warning: [JudgedFinding] = []
    /// Findings covered by a waiver or by the producer's own suppression.
    public private(set) var waived: [WaivedFinding] = []
    private var countedByLevel: [Severity: Int] = [:]
    private var waivedByLevel: [Severity: Int] = [:]
    /// With `new_only`: findings set aside because the baseline already has them.
    public var onBaseline: [Finding] = []
    /// Findings at levels in neither list, by level.
    public var ignored: [Severity: Int] = [:]
    /// Findings from tools the rule does not cover.
    public var outOfScope = 0
    /// Findings skipped by `ignore_unfixed`.
    public var unfixed = 0
    /// Results that are not findings (SARIF level none, kind pass …).
    public var informational = 0
    /// Warnings about the inputs and about what the rule could not tell (`new_only` without a
    /// baseline), for the report.
    public var notes: [String] = []
    public var waiversUsed: [WaiverUse] = []
    /// Expired waivers that would have covered findings that now count.
    public var waiversExpired: [WaiverUse] = []

    public init(blockLevels: [Severity], warnLevels: [Severity], limits: [Severity: Int], hasBaseline: Bool) {
        self.blockLevels = blockLevels
        self.warnLevels = warnLevels
        self.limits = limits
        self.hasBaseline = hasBaseline
    }

    mutating func block(_ finding: JudgedFinding) {
        blocking.append(finding)
        countedByLevel[finding.finding.level, default: 0] += 1
    }

    mutating func warn(_ finding: JudgedFinding) {
        warning.append(finding)
        countedByLevel[finding.finding.level, default: 0] += 1
    }

    mutating func waive(_ finding: WaivedFinding) {
        waived.append(finding)
        waivedByLevel[finding.finding.level, default: 0] += 1
    }

    /// How many findings of `level` count toward the gate.
    public func count(of level: Severity) -> Int { countedByLevel[level] ?? 0 }

    public func waivedCount(of level: Severity) -> Int { waivedByLevel[level] ?? 0 }

    /// The findings that decided the outcome: blocking, then warning.
    public var deciding: [JudgedFinding] { blocking + warning }
}

/// A finding that counts, and whether it is new against the baseline (nil without one).
public struct JudgedFinding: Sendable, Hashable {
    public var finding: Finding
    public var isNew: Bool?
}

/// A finding that does not count because it was waived.
public struct WaivedFinding: Sendable, Hashable {
    public var finding: Finding
    public var reason: String
    /// The policy waiver; nil when the producer suppressed the finding itself (SARIF `suppressions`).
    public var waiver: Waiver?
}

/// How many findings one waiver covered.
public struct WaiverUse: Sendable, Hashable {
    public var waiver: Waiver
    public var findingCount: Int

    static func sorted(_ uses: [Waiver: Int]) -> [WaiverUse] {
        uses.map { WaiverUse(waiver: $0.key, findingCount: $0.value) }
            .sorted { ($0.waiver.id, $0.waiver.source) < ($1.waiver.id, $1.waiver.source) }
    }
}
