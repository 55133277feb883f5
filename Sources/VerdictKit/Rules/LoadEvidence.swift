/// What a load rule judged: one check per threshold, k6 threshold and regression, each with
/// the number that decided it.
public struct LoadEvidence: Sendable {
    /// The k6 output the values came from.
    public var source: LoadMetrics.Source
    public var path: String
    /// The baseline run's file, when one was given.
    public var baselinePath: String?
    /// Seconds a Counter's rate was computed over, and where that came from.
    public var duration: Double?
    public var durationOrigin: String?
    /// Points and lines of a stream (0 for a summary).
    public var pointCount: Int
    public var lineCount: Int
    /// The truncated last line, when there is one, and whether the rule allowed it.
    public var truncatedLine: TruncatedLine?
    public var checks: [LoadCheck]

    public init(metrics: LoadMetrics, baselinePath: String?, checks: [LoadCheck]) {
        source = metrics.source
        path = metrics.path
        self.baselinePath = baselinePath
        duration = metrics.duration
        durationOrigin = metrics.durationOrigin
        pointCount = metrics.pointCount
        lineCount = metrics.lineCount
        truncatedLine = metrics.truncatedLine
        self.checks = checks
    }

    /// Checks with an outcome, worst first counting.
    public func count(_ outcome: Outcome) -> Int { checks.lazy.filter { $0.outcome == outcome }.count }
}

/// One judged threshold (or regression) of a load rule.
public struct LoadCheck: Sendable, Equatable {
    /// Where the check came from.
    public enum Origin: String, Sendable {
        /// The policy's `thresholds:`.
        case policy
        /// A threshold result k6 recorded in a summary (`honor_k6_thresholds`).
        case k6
        /// A threshold a stream's Metric line declares, recomputed from its points (`honor_k6_thresholds`).
        case k6Declared = "k6-declared"
        /// The policy's `regression:` against the baseline run.
        case regression
    }

    public var origin: Origin
    /// The (sub-)metric as the policy or k6 wrote it.
    public var metric: String
    /// `p(95)`, `rate` …; nil when a k6-recorded expression does not parse.
    public var aggregation: String?
    /// The condition that passes, as written (`p(95)<500`), or the regression bound.
    public var threshold: String
    /// The value that decided the check; nil when there was none.
    public var value: Double?
    /// What the value was computed from.
    public var basis: LookupBasis?
    public var outcome: Outcome
    /// Why, when the outcome is not a plain comparison (no samples, not exported …).
    public var reason: String?
    /// The same aggregation in the baseline run, when there is one.
    public var baseline: Double?
    /// For a regression: the greatest value that passes.
    public var allowed: Double?

    /// value − baseline.
    public var delta: Double? {
        guard let value, let baseline else { return nil }
        return value - baseline
    }

    /// Whether values are milliseconds (a Trend of time).
    public var isTime: Bool { basis?.contains == .time }
}
