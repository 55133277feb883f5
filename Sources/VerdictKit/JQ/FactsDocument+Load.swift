/// The `load` part of the facts document: every metric with the values k6 would compute for
/// its type, whichever k6 output it came from.
extension FactsDocument {
    /// Percentiles computed from a point stream's samples (a summary has the ones it exported).
    static let streamPercentiles: [Double] = [90, 95, 99]

    static func load(_ runs: [LoadMetrics], baseline: [LoadMetrics]?) -> JSONValue {
        .object(loadMembers(runs) + [("baseline", baseline.map { .object(loadMembers($0)) } ?? .null)])
    }

    /// `metrics` by selector (the first file that has a selector gives it) and the
    /// `thresholds` k6 recorded, in file order.
    static func loadMembers(_ runs: [LoadMetrics]) -> [(String, JSONValue)] {
        var seen: Set<MetricSelector> = []
        var metrics: [(MetricSelector, JSONValue)] = []
        for run in runs {
            for (selector, metric) in run.metrics where seen.insert(selector).inserted {
                metrics.append((selector, self.metric(metric, selector: selector, in: run)))
            }
        }
        metrics.sort { $0.0.description < $1.0.description }
        return [
            ("metrics", .object(metrics.map { ($0.0.description, $0.1) })),
            ("thresholds", .array(runs.flatMap(\.recordedThresholds).map { threshold in
                .object([("metric", .string(threshold.metric)), ("source", .string(threshold.source)), ("passed", .bool(threshold.passed))])
            })),
        ]
    }

    static func metric(_ metric: LoadMetric, selector: MetricSelector, in run: LoadMetrics) -> JSONValue {
        var values: [(String, JSONValue)] = []
        for aggregation in aggregations(of: metric) {
            if case let .value(value, _) = run.lookup(selector, aggregation) {
                values.append((aggregation.description, .double(value)))
            }
        }
        if metric.type == .rate {
            switch metric.data {
            case let .summary(summary):
                if let passes = summary["passes"] { values.append(("passes", .double(passes))) }
                if let fails = summary["fails"] { values.append(("fails", .double(fails))) }
            case let .sink(.rate(nonZero, total)):
                values.append(("passes", .int(nonZero)))
                values.append(("fails", .int(total - nonZero)))
            case .sink:
                break
            }
        }
        return .object([
            ("type", .optional(metric.type?.rawValue)),
            ("contains", .string(metric.contains.rawValue)),
            ("values", .object(values)),
        ])
    }

    /// The aggregations that apply to the metric's type, in a fixed order; for a summary,
    /// percentiles are those it exported.
    static func aggregations(of metric: LoadMetric) -> [Aggregation] {
        var percentiles = streamPercentiles
        var keyed: [Aggregation] = []
        if case let .summary(values) = metric.data {
            keyed = values.keys.compactMap { try? ThresholdSyntax.parseAggregation($0) }
            percentiles = keyed.compactMap { aggregation in
                if case let .percentile(percent) = aggregation { return percent }
                return nil
            }
        }
        let percentileAggregations = Set(percentiles).sorted().map(Aggregation.percentile)
        let ordered: [Aggregation]
        switch metric.type {
        case .trend?: ordered = [.avg, .min, .med, .max] + percentileAggregations + [.count]
        case .counter?: ordered = [.count, .rate]
        case .gauge?: ordered = [.value, .min, .max]
        case .rate?: ordered = [.rate]
        case nil:
            let order: [Aggregation] = [.avg, .min, .med, .max] + percentileAggregations + [.count, .rate, .value]
            ordered = order.filter { keyed.contains($0) }
        }
        return ordered
    }
}
