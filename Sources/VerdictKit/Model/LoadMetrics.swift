/// The results of one load test, normalized from whichever k6 file held them.
///
/// A summary file holds aggregates k6 already computed (`values`); a point stream holds raw
/// samples, of which the reader kept only those the policy needs (`samples`). Rules ask for
/// one aggregation of one (sub-)metric through `LoadMetrics.lookup`, and get either a number
/// with where it came from, or why there is none.
public struct LoadMetrics: Sendable {
    /// Which k6 output the results were read from.
    public enum Source: String, Sendable {
        /// `k6 run --summary-export=FILE` (threshold booleans: true means failed).
        case summaryExport = "summary-export"
        /// JSON written by `handleSummary` from its `data` argument.
        case handleSummary = "handleSummary"
        /// k6 ≥ 1.5's machine-readable summary (`--new-machine-readable-summary`).
        case machineReadable = "machine-readable summary"
        /// `k6 run --out json=FILE` NDJSON points, plain or gzip.
        case stream = "NDJSON stream"

        /// Whether the file holds aggregates (true) or raw samples (false).
        public var isSummary: Bool { self != .stream }
    }

    public var source: Source
    /// The path of the file, for messages.
    public var path: String
    /// Metrics and sub-metrics by selector (`http_req_duration{expected_response:true}`).
    public var metrics: [MetricSelector: LoadMetric]
    /// Threshold results k6 recorded in a summary, in file order.
    public var recordedThresholds: [RecordedThreshold]
    /// Thresholds a stream's `Metric` lines declare (k6 records no results in a stream), by metric.
    public var declaredThresholds: [(metric: String, source: String)]
    /// The test's duration in seconds, when known: what k6 divides a Counter's count by for its rate.
    public var duration: Double?
    /// How `duration` was obtained, for the report.
    public var durationOrigin: String?
    /// `options.summaryTrendStats` of a handleSummary file.
    public var trendStats: [String]?
    /// Lines read (streams only).
    public var lineCount: Int
    /// `Point` lines read (streams only).
    public var pointCount: Int
    /// A last line cut short (a killed k6 run), skipped; rules decide whether that is allowed.
    public var truncatedLine: TruncatedLine?

    public init(source: Source, path: String) {
        self.source = source
        self.path = path
        self.metrics = [:]
        self.recordedThresholds = []
        self.declaredThresholds = []
        self.lineCount = 0
        self.pointCount = 0
    }
}

/// A stream's last line that ended before its JSON did.
public struct TruncatedLine: Sendable, Equatable {
    public var line: Int
    public var message: String
}

/// One metric or sub-metric of a load test.
public struct LoadMetric: Sendable {
    public var name: String
    /// nil when the file does not say (summary-export) and the keys do not tell.
    public var type: LoadMetricType?
    public var contains: LoadMetricContents
    public var data: LoadMetricData

    public init(name: String, type: LoadMetricType?, contains: LoadMetricContents, data: LoadMetricData) {
        self.name = name
        self.type = type
        self.contains = contains
        self.data = data
    }
}

/// k6's four metric types (`metrics/metric_type.go`).
public enum LoadMetricType: String, Sendable, CaseIterable {
    case counter, gauge, rate, trend
}

/// What a metric's values measure (`contains`): time values are milliseconds.
public enum LoadMetricContents: String, Sendable {
    case `default`, time, data
}

/// A metric's numbers: aggregates from a summary, or a sink built from stream samples.
public enum LoadMetricData: Sendable {
    /// The value keys of a summary, as written (`p(95)`, `avg`, `count`, `rate`, `passes` …).
    case summary([String: Double])
    /// Aggregated from stream points as k6's sinks do (`metrics/sink.go`).
    case sink(LoadSink)
}

/// The state of one k6 sink after every sample was added.
public enum LoadSink: Sendable {
    /// `CounterSink`: the sum of samples.
    case counter(sum: Double, count: Int)
    /// `GaugeSink`: the last value, with the least and greatest seen.
    case gauge(last: Double, min: Double, max: Double, count: Int)
    /// `RateSink`: samples that were non-zero, of all samples.
    case rate(nonZero: Int, total: Int)
    /// `TrendSink`: every sample (sorted), their sum in arrival order, min and max.
    case trend(TrendSamples)

    /// How many samples reached the sink.
    public var sampleCount: Int {
        switch self {
        case let .counter(_, count): count
        case let .gauge(_, _, _, count): count
        case let .rate(_, total): total
        case let .trend(samples): samples.sorted.count
        }
    }
}

/// The samples of a Trend, sorted once, with the sum kept in arrival order as k6 does.
public struct TrendSamples: Sendable {
    public var sorted: [Double]
    public var sum: Double
    public var min: Double
    public var max: Double

    /// - Parameter values: samples in arrival order; sorted here.
    public init(values: [Double], sum: Double) {
        var values = values
        values.sort()
        self.sorted = values
        self.sum = sum
        self.min = values.first ?? 0
        self.max = values.last ?? 0
    }

    /// `TrendSink.P`: 0 samples → none; 1 → it; else i = p·(n−1) and linear interpolation
    /// between the values at floor(i) and ceil(i).
    public func percentile(_ percent: Double) -> Double? {
        switch sorted.count {
        case 0: return nil
        case 1: return sorted[0]
        default:
            let i = (percent / 100) * Double(sorted.count - 1)
            let lower = sorted[Int(i.rounded(.down))]
            let upper = sorted[Int(i.rounded(.up))]
            return lower + (upper - lower) * (i - i.rounded(.down))
        }
    }

    public var average: Double? { sorted.isEmpty ? nil : sum / Double(sorted.count) }
}

/// A threshold result k6 wrote into a summary.
public struct RecordedThreshold: Sendable, Equatable {
    /// The (sub-)metric as k6 keyed it.
    public var metric: String
    /// The expression source as written in the script (`p(95)<500`).
    public var source: String
    public var passed: Bool
}
