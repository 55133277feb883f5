/// `kind: load` — gates on k6 results with k6's own threshold language, against a baseline.
///
/// Each threshold is judged on the value k6 computed (a summary) or on the value Verdict
/// computes from the raw points exactly as k6 would (a stream). Unlike k6, a threshold on a
/// metric with no samples fails, never passes on nothing; an aggregation the file cannot
/// give (a percentile the summary did not export) is an error saying how to get it.
///
/// ```yaml
/// - id: load
///   kind: load
///   thresholds:
///     http_req_duration: ["p(95)<500", "p(99)<1500"]
///     "http_req_duration{scenario:api}": ["p(95)<300"]
///     http_req_failed: ["rate<0.01"]
///   honor_k6_thresholds: true
///   regression:
///     http_req_duration:
///       "p(95)": { ratio: 1.10, slack: 50 }
///   allow_truncated: false
/// ```
public struct LoadRule: ParsableRule {
    public static let kind = "load"
    public static let summary = "Fails when a k6 threshold (in k6's syntax) does not hold, or a metric regressed against the baseline run."
    public static let inputDescription = "k6"
    static let keys = ["thresholds", "honor_k6_thresholds", "regression", "allow_truncated"]

    /// A policy threshold: `AGG OP NUMBER` on a (sub-)metric.
    public struct Threshold: Sendable, Hashable {
        public var metric: String
        public var selector: MetricSelector
        public var expression: ThresholdExpression
    }

    /// A regression bound: fails when value > max(baseline × ratio, baseline + slack).
    public struct Regression: Sendable, Hashable {
        public var metric: String
        public var selector: MetricSelector
        public var aggregation: Aggregation
        public var ratio: Double?
        public var slack: Double?
    }

    public var id: String
    public var onMissing: MissingInputAction
    public var thresholds: [Threshold]
    /// A threshold k6 itself recorded as failed fails this rule too (default true).
    public var honorK6Thresholds: Bool
    public var regressions: [Regression]
    /// A stream whose last line is cut short only warns (default false: an error).
    public var allowTruncated: Bool

    public init(
        id: String, onMissing: MissingInputAction = .error, thresholds: [Threshold] = [], honorK6Thresholds: Bool = true,
        regressions: [Regression] = [], allowTruncated: Bool = false
    ) {
        self.id = id
        self.onMissing = onMissing
        self.thresholds = thresholds
        self.honorK6Thresholds = honorK6Thresholds
        self.regressions = regressions
        self.allowTruncated = allowTruncated
    }

    public func hasInput(in facts: Facts) -> Bool { facts.load != nil }

    public func reads(_ input: InputDescriptor) -> Bool { input.kind == .k6 }

    // MARK: Parsing

    static func parse(id: String, onMissing: MissingInputAction, mapping: KeyedMapping) -> LoadRule? {
        let reader = mapping.reader
        let before = reader.problems.count
        var thresholds: [Threshold] = []
        if let node = mapping["thresholds"], case let .mapping(map) = node {
            for entry in map.entries {
                guard let selector = selector(entry.key, reader: reader) else { continue }
                guard let items = reader.list(entry.value, "the thresholds of '\(entry.key.value)'") else { continue }
                for item in items {
                    guard let text = reader.string(item, "a threshold of '\(entry.key.value)'") else { continue }
                    do {
                        let expression = try ThresholdSyntax.parseExpression(text)
                        thresholds.append(Threshold(metric: entry.key.value, selector: selector, expression: expression))
                    } catch {
                        reader.problem(
                            "invalid threshold '\(text)' of '\(entry.key.value)': \(error.message) (column \(error.column) of the expression)",
                            at: shifted(item.mark, by: error.column, quoted: isQuoted(item)))
                    }
                }
            }
        } else if let node = mapping["thresholds"] {
            reader.problem("thresholds must be a mapping of metric names to lists of expressions, found \(node.typeDescription)", at: node.mark)
        }

        var regressions: [Regression] = []
        if let node = mapping["regression"] {
            if case let .mapping(map) = node {
                for entry in map.entries {
                    guard let selector = selector(entry.key, reader: reader) else { continue }
                    guard case let .mapping(byAggregation) = entry.value else {
                        reader.problem("regression of '\(entry.key.value)' must map aggregations to {ratio, slack}, found \(entry.value.typeDescription)", at: entry.value.mark)
                        continue
                    }
                    for bound in byAggregation.entries {
                        let aggregation: Aggregation
                        do {
                            aggregation = try ThresholdSyntax.parseAggregation(bound.key.value)
                        } catch {
                            reader.problem("invalid aggregation '\(bound.key.value)' in regression of '\(entry.key.value)': \(error.message)", at: bound.key.mark)
                            continue
                        }
                        guard let limits = reader.mapping(bound.value, "regression '\(entry.key.value)' \(bound.key.value)", allowed: ["ratio", "slack"]) else { continue }
                        let ratio = limits["ratio"].flatMap { reader.number($0, "ratio") }
                        let slack = limits["slack"].flatMap { reader.number($0, "slack") }
                        if limits["ratio"] == nil && limits["slack"] == nil {
                            reader.problem("regression '\(entry.key.value)' \(bound.key.value) needs 'ratio' or 'slack'", at: bound.value.mark)
                        }
                        if let ratio, ratio <= 0, let node = limits["ratio"] { reader.problem("ratio must be greater than 0, found \(ratio)", at: node.mark) }
                        if let slack, slack < 0, let node = limits["slack"] { reader.problem("slack must not be negative, found \(slack)", at: node.mark) }
                        regressions.append(Regression(metric: entry.key.value, selector: selector, aggregation: aggregation, ratio: ratio, slack: slack))
                    }
                }
            } else {
                reader.problem("regression must be a mapping of metric names to aggregations, found \(node.typeDescription)", at: node.mark)
            }
        }
        let honor = mapping["honor_k6_thresholds"].flatMap { reader.bool($0, "honor_k6_thresholds") } ?? true
        let allowTruncated = mapping["allow_truncated"].flatMap { reader.bool($0, "allow_truncated") } ?? false
        if mapping["thresholds"] == nil && mapping["regression"] == nil && !honor {
            reader.problem("rule '\(id)' of kind load judges nothing: give 'thresholds', 'regression' or honor_k6_thresholds: true", at: mapping.mark)
        }
        guard reader.problems.count == before else { return nil }
        return LoadRule(
            id: id, onMissing: onMissing, thresholds: thresholds, honorK6Thresholds: honor,
            regressions: regressions, allowTruncated: allowTruncated)
    }

    static func selector(_ key: YAMLScalar, reader: PolicyReader) -> MetricSelector? {
        do {
            return try ThresholdSyntax.parseSelector(key.value)
        } catch {
            reader.problem("invalid metric '\(key.value)': \(error.message)", at: shifted(key.mark, by: error.column, quoted: key.style == .quoted))
            return nil
        }
    }

    static func isQuoted(_ node: YAMLNode) -> Bool {
        if case let .scalar(scalar) = node { return scalar.style == .quoted }
        return false
    }

    /// The position of a column inside a scalar (past its opening quote when quoted).
    static func shifted(_ mark: TextPosition, by column: Int, quoted: Bool) -> TextPosition {
        TextPosition(line: mark.line, column: mark.column + column - 1 + (quoted ? 1 : 0), offset: mark.offset)
    }
}
