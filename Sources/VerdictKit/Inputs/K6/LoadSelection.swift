/// What a stream reader keeps of a k6 point stream: the (sub-)metrics the policy judges.
///
/// A 2 GB stream holds millions of points; keeping all of them would cost gigabytes. The
/// policy names the few metrics it gates on, so the reader keeps only those samples (8 bytes
/// each for Trends, a few counters for the other types) and skips every other line after a
/// glance at its metric name.
public struct LoadSelection: Sendable, Equatable {
    /// The metrics and sub-metrics to aggregate.
    public var selectors: Set<MetricSelector>
    /// Also aggregate the metrics whose `Metric` lines declare thresholds (`honor_k6_thresholds`).
    public var includeDeclaredThresholds: Bool
    /// Also aggregate every metric without tag filters (a jq rule may read any of them).
    public var includeEveryMetric: Bool

    public init(selectors: Set<MetricSelector>, includeDeclaredThresholds: Bool, includeEveryMetric: Bool = false) {
        self.selectors = selectors
        self.includeDeclaredThresholds = includeDeclaredThresholds
        self.includeEveryMetric = includeEveryMetric
    }
}
