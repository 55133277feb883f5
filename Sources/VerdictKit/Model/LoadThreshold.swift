import Foundation

/// A metric, or a sub-metric of one selected by tags: `http_req_duration{scenario:api,method:GET}`.
///
/// Two selectors are equal when they name the same metric and the same tags, whatever order
/// the tags were written in — k6 writes the tags of a sub-metric in the order of the script.
public struct MetricSelector: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// Tag filters, sorted by key.
    public var tags: [Tag]

    public struct Tag: Sendable, Hashable {
        public var key: String
        public var value: String
    }

    public init(name: String, tags: [Tag] = []) {
        self.name = name
        self.tags = tags.sorted { ($0.key, $0.value) < ($1.key, $1.value) }
    }

    public var isSubmetric: Bool { !tags.isEmpty }

    /// The parent metric, without tag filters.
    public var parent: MetricSelector { MetricSelector(name: name) }

    /// `name{key:value,…}`, tags sorted: the canonical spelling.
    public var description: String {
        tags.isEmpty ? name : name + "{" + tags.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
    }
}

/// What a threshold measures (`metrics/thresholds_parser.go`'s aggregation methods).
public enum Aggregation: Sendable, Hashable, CustomStringConvertible {
    case avg, min, max, med, count, rate, value
    /// `p(N)`, N a percent (95, 99.9).
    case percentile(Double)

    /// As k6 writes it: `p(99.9)`, `avg`.
    public var description: String {
        switch self {
        case .avg: "avg"
        case .min: "min"
        case .max: "max"
        case .med: "med"
        case .count: "count"
        case .rate: "rate"
        case .value: "value"
        case let .percentile(percent): "p(\(Self.format(percent)))"
        }
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
    }

    /// The aggregations k6 allows on a metric type (`metrics/thresholds.go`); `count` is also
    /// accepted on a Trend, as a summary column (`summaryTrendStats`) and from a stream.
    public func applies(to type: LoadMetricType) -> Bool {
        switch (self, type) {
        case (.count, .counter), (.rate, .counter): true
        case (.value, .gauge), (.min, .gauge), (.max, .gauge): true
        case (.rate, .rate): true
        case (.avg, .trend), (.min, .trend), (.max, .trend), (.med, .trend), (.percentile, .trend), (.count, .trend): true
        default: false
        }
    }

    /// The aggregations a type allows, for messages.
    public static func allowed(for type: LoadMetricType) -> String {
        switch type {
        case .counter: "count, rate"
        case .gauge: "value, min, max"
        case .rate: "rate"
        case .trend: "avg, min, max, med, p(N), count"
        }
    }
}

/// A comparison operator of a threshold.
public enum ThresholdOperator: String, Sendable, CaseIterable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "==", strictEqual = "===", notEqual = "!="

    /// Whether `value OP bound` holds; false on NaN, as no number passes on nothing.
    public func holds(_ value: Double, _ bound: Double) -> Bool {
        guard !value.isNaN else { return false }
        switch self {
        case .less: return value < bound
        case .lessOrEqual: return value <= bound
        case .greater: return value > bound
        case .greaterOrEqual: return value >= bound
        case .equal, .strictEqual: return value == bound
        case .notEqual: return value != bound
        }
    }
}

/// `AGG OP NUMBER`, as in a k6 script: `p(95)<500`, `rate >= 0.99`.
public struct ThresholdExpression: Sendable, Hashable, CustomStringConvertible {
    public var aggregation: Aggregation
    public var comparison: ThresholdOperator
    public var bound: Double
    /// The expression as written.
    public var source: String

    public var description: String { source }
}

/// A place in a threshold expression or metric name that does not parse.
public struct ThresholdSyntaxError: Error, Sendable, Equatable {
    /// 1-based column (in characters) within the text.
    public var column: Int
    public var message: String
}

/// k6's threshold language, hand-written after `metrics/thresholds_parser.go` and
/// `metrics/metric.go` (`ParseMetricName`).
public enum ThresholdSyntax {
    /// Parses `AGG OP NUMBER` with optional spaces around the operator.
    public static func parseExpression(_ text: String) throws(ThresholdSyntaxError) -> ThresholdExpression {
        let characters = Array(text)
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 } }
        func fail(_ message: String) -> ThresholdSyntaxError { ThresholdSyntaxError(column: index + 1, message: message) }

        skipSpaces()
        let aggregationStart = index
        while index < characters.count, characters[index].isLetter { index += 1 }
        let word = String(characters[aggregationStart..<index])
        let aggregation: Aggregation
        switch word {
        case "avg": aggregation = .avg
        case "min": aggregation = .min
        case "max": aggregation = .max
        case "med": aggregation = .med
        case "count": aggregation = .count
        case "rate": aggregation = .rate
        case "value": aggregation = .value
        case "p":
            guard index < characters.count, characters[index] == "(" else { throw fail("expected '(' after 'p', as in p(95)") }
            index += 1
            let numberStart = index
            while index < characters.count, characters[index] != ")" { index += 1 }
            guard index < characters.count else {
                index = numberStart
                throw fail("expected a percentile and ')', as in p(99.9)")
            }
            let digits = String(characters[numberStart..<index])
            guard let percent = decimal(digits), percent >= 0, percent <= 100 else {
                index = numberStart
                throw fail("expected a percentile between 0 and 100 in p(…), found '\(digits)'")
            }
            index += 1
            aggregation = .percentile(percent)
        default:
            index = aggregationStart
            let found = word.isEmpty ? (index < characters.count ? "'\(characters[index])'" : "the end") : "'\(word)'"
            throw fail("expected an aggregation (avg, min, max, med, count, rate, value or p(N)), found \(found)")
        }

        skipSpaces()
        let operatorStart = index
        while index < characters.count, "<>=!".contains(characters[index]) { index += 1 }
        let symbol = String(characters[operatorStart..<index])
        guard let comparison = ThresholdOperator(rawValue: symbol) else {
            index = operatorStart
            let found = symbol.isEmpty ? (index < characters.count ? "'\(characters[index])'" : "the end") : "'\(symbol)'"
            throw fail("expected an operator (<, <=, >, >=, ==, ===, !=) after '\(aggregation)', found \(found)")
        }

        skipSpaces()
        let numberStart = index
        var end = characters.count
        while end > numberStart, characters[end - 1] == " " || characters[end - 1] == "\t" { end -= 1 }
        let numberText = String(characters[numberStart..<end])
        guard let bound = decimal(numberText) else {
            throw fail("expected a number after '\(symbol)', found \(numberText.isEmpty ? "the end" : "'\(numberText)'")")
        }
        return ThresholdExpression(aggregation: aggregation, comparison: comparison, bound: bound, source: text)
    }

    /// Parses `name` or `name{key:value,…}`; values may be quoted ('…' or "…") as k6 allows.
    public static func parseSelector(_ text: String) throws(ThresholdSyntaxError) -> MetricSelector {
        guard let open = text.firstIndex(of: "{") else {
            let name = text.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ThresholdSyntaxError(column: 1, message: "expected a metric name") }
            if let brace = name.firstIndex(of: "}") {
                throw ThresholdSyntaxError(column: name.distance(from: name.startIndex, to: brace) + 1, message: "unexpected '}' without '{'")
            }
            return MetricSelector(name: name)
        }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ThresholdSyntaxError(column: 1, message: "expected a metric name before '{'") }
        guard text.hasSuffix("}") else {
            throw ThresholdSyntaxError(column: text.count + 1, message: "expected '}' closing the tag filters")
        }
        let body = text[text.index(after: open)..<text.index(before: text.endIndex)]
        var tags: [MetricSelector.Tag] = []
        var column = text.distance(from: text.startIndex, to: open) + 2
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let colon = part.firstIndex(of: ":") else {
                throw ThresholdSyntaxError(column: column, message: "expected 'tag:value' in the filters, found '\(part)'")
            }
            let key = part[..<colon].trimmingCharacters(in: .whitespaces)
            var value = part[part.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty else { throw ThresholdSyntaxError(column: column, message: "expected a tag name before ':'") }
            tags.append(MetricSelector.Tag(key: key, value: value))
            column += part.count + 1
        }
        return MetricSelector(name: name, tags: tags)
    }

    /// Parses an aggregation on its own (`p(95)`, `rate`), as `regression:` keys name them.
    public static func parseAggregation(_ text: String) throws(ThresholdSyntaxError) -> Aggregation {
        do {
            return try parseExpression(text + "<0").aggregation
        } catch where error.column > text.count {
            throw ThresholdSyntaxError(column: text.count + 1, message: "unexpected text after the aggregation")
        }
    }

    /// A decimal number: digits with an optional sign, fraction and exponent (as Go's ParseFloat
    /// for the forms scripts use); nil for anything else, including "inf" and "nan".
    static func decimal(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              trimmed.contains(where: \.isNumber), let value = Double(trimmed), value.isFinite
        else { return nil }
        return value
    }
}
