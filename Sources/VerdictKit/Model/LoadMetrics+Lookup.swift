/// One aggregation of one metric, as a rule asks for it.
public enum LoadLookup: Sendable, Equatable {
    /// The number, and what it was computed from.
    case value(Double, LookupBasis)
    /// The metric received no samples (or its value is not a number): a threshold on it fails.
    case noSamples(String)
    /// The file cannot answer (an aggregation a summary did not export …): the rule cannot judge.
    case unavailable(String)
}

/// What a looked-up number was computed from, kept in the record.
public struct LookupBasis: Sendable, Equatable {
    /// The summary key the value was read from (`p(95)`, `value`).
    public var summaryKey: String?
    /// Stream samples aggregated.
    public var samples: Int?
    /// Seconds a Counter's count was divided by.
    public var duration: Double?
    public var type: LoadMetricType?
    public var contains: LoadMetricContents

    public init(summaryKey: String? = nil, samples: Int? = nil, duration: Double? = nil, type: LoadMetricType?, contains: LoadMetricContents) {
        self.summaryKey = summaryKey
        self.samples = samples
        self.duration = duration
        self.type = type
        self.contains = contains
    }
}

extension LoadMetrics {
    /// The value of `aggregation` for `selector`.
    public func lookup(_ selector: MetricSelector, _ aggregation: Aggregation) -> LoadLookup {
        guard let metric = metrics[selector] else { return missing(selector) }
        if let type = metric.type, !aggregation.applies(to: type) {
            return .unavailable("'\(aggregation)' does not apply to \(type.rawValue) metric '\(selector)'; use \(Aggregation.allowed(for: type))")
        }
        switch metric.data {
        case let .summary(values): return lookupSummary(values, metric: metric, selector: selector, aggregation)
        case let .sink(sink): return lookupSink(sink, metric: metric, selector: selector, aggregation)
        }
    }

    func missing(_ selector: MetricSelector) -> LoadLookup {
        switch source {
        case .stream:
            return .noSamples("the stream has no point of metric '\(selector.name)'")
        case .summaryExport, .handleSummary, .machineReadable:
            if selector.isSubmetric {
                return .unavailable(
                    "the summary has no sub-metric '\(selector)': k6 writes a sub-metric only when a threshold of the script names it; "
                        + "add a threshold on '\(selector)' to the k6 script, or judge the NDJSON stream (k6 run --out json=FILE)")
            }
            return .noSamples("the summary has no metric '\(selector)': k6 leaves out metrics that received no samples")
        }
    }

    func lookupSummary(_ values: [String: Double], metric: LoadMetric, selector: MetricSelector, _ aggregation: Aggregation) -> LoadLookup {
        if metric.type == .rate, values["passes"] == nil || values["fails"] == nil, values["total"] == nil {
            // Every k6 summary writes a Rate's counts; without them a rate of 0 may be no sample.
            return .unavailable("the summary holds no sample counts for rate '\(selector)' (passes and fails, or total), so whether it received samples cannot be told")
        }
        if let counts = Self.noSampleCounts(values, type: metric.type) {
            // k6 computes 0 (a Rate's rate, a Trend's avg and percentiles) over an empty sink,
            // and passes a threshold whose sink has no value: neither is evidence.
            return .noSamples("'\(selector)' received no samples (\(counts) in the summary); a threshold over no samples fails")
        }
        func found(_ key: String) -> LoadLookup? {
            guard let value = values[key] else { return nil }
            guard value.isFinite else { return .noSamples("'\(selector)' has no \(aggregation) value in the summary (null)") }
            return .value(value, LookupBasis(summaryKey: key, type: metric.type, contains: metric.contains))
        }
        var candidates: [String]
        switch aggregation {
        case .percentile(let percent):
            candidates = values.keys.filter { key in
                if case let .percentile(other)? = try? ThresholdSyntax.parseAggregation(key) { return other == percent }
                return false
            }.sorted()
            if percent == 50 { candidates.append("med") }
        case .med: candidates = ["med"] + values.keys.filter { $0.hasPrefix("p(") && (try? ThresholdSyntax.parseAggregation($0)) == .percentile(50) }.sorted()
        case .rate:
            // summary-export renames a Rate's rate to `value`; Counters keep `rate`.
            candidates = metric.type == .rate && source == .summaryExport ? ["value", "rate"] : ["rate"]
        default: candidates = [aggregation.description]
        }
        for key in candidates { if let result = found(key) { return result } }

        if metric.type == .counter, aggregation == .rate, let count = values["count"], let duration, duration > 0 {
            // The machine-readable summary keeps only a Counter's count; k6 computes the rate as
            // count ÷ the test run's duration, which that format records as `config.duration`.
            return .value(count / duration, LookupBasis(summaryKey: "count", duration: duration, type: .counter, contains: metric.contains))
        }
        let held = values.keys.sorted().joined(separator: ", ")
        var message = "the summary holds no '\(aggregation)' for '\(selector)' (it has \(held.isEmpty ? "nothing" : held))"
        if metric.type == .trend || metric.type == nil, case .percentile = aggregation {
            let stats = (trendStats ?? ["avg", "min", "med", "max", "p(90)", "p(95)"]) + [aggregation.description]
            message += "; export it with k6 run --summary-trend-stats=\"\(stats.joined(separator: ","))\", or judge the NDJSON stream (k6 run --out json=FILE)"
        } else {
            message += "; judge the NDJSON stream (k6 run --out json=FILE) to compute it"
        }
        return .unavailable(message)
    }

    /// The summary's own sample counts when they say the metric received no sample: a Rate
    /// with `passes` and `fails` (or the machine-readable `total`) 0, a Trend with `count` 0.
    /// A Counter's `count` is a sum of values, not of samples, so 0 is a value there.
    static func noSampleCounts(_ values: [String: Double], type: LoadMetricType?) -> String? {
        if type == .rate || type == nil, let passes = values["passes"], let fails = values["fails"], passes == 0, fails == 0 {
            return "passes 0, fails 0"
        }
        if type == .rate || (type == nil && values["matches"] != nil), let total = values["total"], total == 0 {
            return "total 0"
        }
        let isTrend = type == .trend || (type == nil && values["avg"] != nil && values["rate"] == nil)
        if isTrend, let count = values["count"], count == 0 {
            return "count 0"
        }
        return nil
    }

    func lookupSink(_ sink: LoadSink, metric: LoadMetric, selector: MetricSelector, _ aggregation: Aggregation) -> LoadLookup {
        let samples = sink.sampleCount
        guard samples > 0 else { return .noSamples("'\(selector)' received no samples in the stream") }
        func basis(duration: Double? = nil) -> LookupBasis {
            LookupBasis(samples: samples, duration: duration, type: metric.type, contains: metric.contains)
        }
        let value: Double?
        switch (sink, aggregation) {
        case let (.trend(trend), .avg): value = trend.average
        case let (.trend(trend), .min): value = trend.min
        case let (.trend(trend), .max): value = trend.max
        case let (.trend(trend), .med): value = trend.percentile(50)
        case let (.trend(trend), .percentile(percent)): value = trend.percentile(percent)
        case let (.trend(trend), .count): value = Double(trend.sorted.count)
        case let (.counter(sum, _), .count): value = sum
        case let (.counter(sum, _), .rate):
            guard let duration, duration > 0 else {
                return .unavailable("the stream's duration is unknown (fewer than two distinct point times), so the rate of counter '\(selector)' cannot be computed")
            }
            return .value(sum / duration, basis(duration: duration))
        case let (.gauge(last, _, _, _), .value): value = last
        case let (.gauge(_, min, _, _), .min): value = min
        case let (.gauge(_, _, max, _), .max): value = max
        case let (.rate(nonZero, total), .rate): value = Double(nonZero) / Double(total)
        default: value = nil
        }
        guard let value else {
            return .unavailable("'\(aggregation)' cannot be computed for '\(selector)' from the stream")
        }
        guard value.isFinite else { return .noSamples("'\(aggregation)' of '\(selector)' is not a number") }
        return .value(value, basis())
    }
}
