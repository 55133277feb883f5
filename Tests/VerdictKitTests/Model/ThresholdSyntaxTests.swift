import Testing
@testable import VerdictKit

/// k6's threshold language (`metrics/thresholds_parser.go`, `metrics/metric.go` ParseMetricName).
@Suite struct ThresholdSyntaxTests {
    struct Valid: CustomTestStringConvertible, Sendable {
        var text: String
        var aggregation: Aggregation
        var comparison: ThresholdOperator
        var bound: Double
        var testDescription: String { text }
    }

    static let valid: [Valid] = [
        Valid(text: "p(95)<500", aggregation: .percentile(95), comparison: .less, bound: 500),
        Valid(text: "p(99.9) <= 1500", aggregation: .percentile(99.9), comparison: .lessOrEqual, bound: 1500),
        Valid(text: "p(95) < 5000", aggregation: .percentile(95), comparison: .less, bound: 5000),
        Valid(text: "rate >= 0.8", aggregation: .rate, comparison: .greaterOrEqual, bound: 0.8),
        Valid(text: "rate<0.01", aggregation: .rate, comparison: .less, bound: 0.01),
        Valid(text: "avg>1e2", aggregation: .avg, comparison: .greater, bound: 100),
        Valid(text: "count===10", aggregation: .count, comparison: .strictEqual, bound: 10),
        Valid(text: "value!=0", aggregation: .value, comparison: .notEqual, bound: 0),
        Valid(text: "med==-1.5", aggregation: .med, comparison: .equal, bound: -1.5),
        Valid(text: "min>0", aggregation: .min, comparison: .greater, bound: 0),
        Valid(text: "max<4000", aggregation: .max, comparison: .less, bound: 4000),
    ]

    @Test(arguments: valid)
    func parses(_ test: Valid) throws {
        let expression = try ThresholdSyntax.parseExpression(test.text)
        #expect(expression.aggregation == test.aggregation)
        #expect(expression.comparison == test.comparison)
        #expect(expression.bound == test.bound)
        #expect(expression.source == test.text)
    }

    struct Invalid: CustomTestStringConvertible, Sendable {
        var text: String
        var column: Int
        var message: String
        var testDescription: String { text }
    }

    static let invalid: [Invalid] = [
        Invalid(text: "p95<500", column: 2, message: "expected '(' after 'p', as in p(95)"),
        Invalid(text: "p(95<500", column: 3, message: "expected a percentile and ')'"),
        Invalid(text: "p(abc)<5", column: 3, message: "expected a percentile between 0 and 100 in p(…), found 'abc'"),
        Invalid(text: "p(101)<5", column: 3, message: "expected a percentile between 0 and 100"),
        Invalid(text: "p(95)=>500", column: 6, message: "expected an operator (<, <=, >, >=, ==, ===, !=) after 'p(95)', found '=>'"),
        Invalid(text: "p(95) 500", column: 7, message: "expected an operator"),
        Invalid(text: "p(95)<", column: 7, message: "expected a number after '<', found the end"),
        Invalid(text: "p(95)<500ms", column: 7, message: "expected a number after '<', found '500ms'"),
        Invalid(text: "rate<inf", column: 6, message: "expected a number after '<', found 'inf'"),
        Invalid(text: "", column: 1, message: "expected an aggregation"),
    ]

    @Test(arguments: invalid)
    func refusesWithTheColumn(_ test: Invalid) {
        do {
            _ = try ThresholdSyntax.parseExpression(test.text)
            Issue.record("'\(test.text)' should not parse")
        } catch {
            #expect(error.column == test.column, "\(error.message)")
            #expect(error.message.hasPrefix(test.message), "\(error.message)")
        }
    }

    @Test func selectorsCompareTagsInAnyOrderAndUnquoteValues() throws {
        let a = try ThresholdSyntax.parseSelector("http_req_duration{scenario:api,method:GET}")
        let b = try ThresholdSyntax.parseSelector("http_req_duration{ method: \"GET\" , scenario:'api'}")
        #expect(a == b)
        #expect(a.description == "http_req_duration{method:GET,scenario:api}")
        #expect(try ThresholdSyntax.parseSelector("http_req_failed{status:>=500}").tags == [.init(key: "status", value: ">=500")])
        #expect(throws: ThresholdSyntaxError.self) { try ThresholdSyntax.parseSelector("http_req_duration{scenario}") }
        #expect(throws: ThresholdSyntaxError.self) { try ThresholdSyntax.parseSelector("http_req_duration{scenario:api") }
    }

    @Test func percentilesInterpolateAsTrendSinkDoes() {
        // TrendSink.P: sort; i = p·(n−1); v[floor] + (v[ceil] − v[floor])·(i − floor).
        let trend = TrendSamples(values: [5, 1, 4, 2, 3], sum: 15)
        #expect(trend.percentile(50) == 3)
        #expect(trend.percentile(62.5) == 3.5)  // i = 2.5 → 3 + (4 − 3)·0.5
        #expect(trend.percentile(75) == 4)  // i = 3, a rank
        #expect(trend.percentile(0) == 1)
        #expect(trend.percentile(100) == 5)
        #expect(TrendSamples(values: [7], sum: 7).percentile(99) == 7)
        #expect(TrendSamples(values: [], sum: 0).percentile(99) == nil)
        #expect(trend.average == 3)
    }

    @Test func noNumberPassesAThreshold() {
        for comparison in ThresholdOperator.allCases {
            #expect(!comparison.holds(.nan, 0))
        }
    }
}
