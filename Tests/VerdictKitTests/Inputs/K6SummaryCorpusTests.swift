import Testing
@testable import VerdictKit

/// The real k6 summaries of `Fixtures/k6-summary` (copied from the shared corpus). Every
/// expected number is from `Fixtures/k6-summary/PROVENANCE.md`, which computed them from the
/// files with independent python3 scripts; thresholds there are already normalised (summary-export
/// writes `true` for a FAILED threshold).
@Suite struct K6SummaryCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var source: LoadMetrics.Source
        var p95: Double
        var avg: Double
        var requests: Double
        var failedRate: Double
        /// (metric, expression, passed) of every threshold k6 recorded.
        var thresholds: [(String, String, Bool)]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "handlesummary-all-thresholds-ok-custom-trends.json", source: .handleSummary, p95: 0.187, avg: 0.08287422053112733,
             requests: 384236, failedRate: 0, thresholds: [
                ("cold_start_time", "p(95)<10", true), ("http_req_duration", "p(95)<500", true), ("http_req_duration", "p(99)<1000", true),
                ("http_req_failed", "rate<0.01", true), ("response_time", "p(95)<300", true), ("response_time", "p(99)<800", true)]),
        Case(file: "handlesummary-p99-k6-reporter-fixture.json", source: .handleSummary, p95: 30.0256841, avg: 21.37513127107059,
             requests: 878, failedRate: 0.39749430523917995, thresholds: [
                ("http_req_duration", "p(95)<1000", true), ("iteration_duration", "max<4000", true)]),
        Case(file: "handlesummary-setup-data-huge-max.json", source: .handleSummary, p95: 130.64669999999998, avg: 1220.628734474256,
             requests: 57147, failedRate: 0.011321679178259577, thresholds: [
                ("case_success_rate", "rate>0.95", true), ("http_req_duration", "p(95)<3000", true), ("http_req_duration", "p(99)<8000", true),
                ("http_req_failed", "rate<0.05", true)]),
        Case(file: "handlesummary-submetric-name-threshold-19k.json", source: .handleSummary, p95: 243.70620000000005, avg: 198.3833359236539,
             requests: 1467, failedRate: 0, thresholds: [
                ("http_req_duration", "p(95)<3000", true), ("http_req_duration{name:status}", "p(95)<10000", true), ("http_req_failed", "rate<0.01", true)]),
        Case(file: "summary-export-26-metrics.json", source: .summaryExport, p95: 801.0541782499995, avg: 309.28305238840835,
             requests: 38524, failedRate: 0.002465995223756619, thresholds: [
                ("http_req_duration", "p(95)<2000", true), ("http_req_failed", "rate<0.05", true)]),
        Case(file: "summary-export-60s-timeout-max.json", source: .summaryExport, p95: 1101.2561500000004, avg: 914.0428480271822,
             requests: 10594, failedRate: 0.0028317915801397016, thresholds: []),
        Case(file: "summary-export-action-fixture-failed.json", source: .summaryExport, p95: 1957.7001869999967, avg: 884.0187507154246,
             requests: 2216497, failedRate: 0.052750353372912305, thresholds: [
                ("http_req_duration", "p(95)<1000", false), ("http_req_failed", "rate<0.1", true)]),
        Case(file: "summary-export-basic.json", source: .summaryExport, p95: 4101.811365, avg: 3264.992537000001,
             requests: 100, failedRate: 0.01, thresholds: []),
        Case(file: "summary-export-per-vu-trend-thresholds.json", source: .summaryExport, p95: 2333.898502, avg: 504.1921729372155,
             requests: 32316, failedRate: 0, thresholds: [
                ("http_req_duration", "p(95)<5500", true), ("response_time_100vus", "p(95)<750", true), ("response_time_200vus", "p(95)<1500", true),
                ("response_time_500vus", "p(95)<3500", true), ("response_time_50vus", "p(95)<500", true), ("server_error_rate", "rate<0.05", true)]),
        Case(file: "summary-export-setup-data-many-custom-thresholds.json", source: .summaryExport, p95: 67.132, avg: 19.619801356202668,
             requests: 7521, failedRate: 0.1999734077915171, thresholds: [
                ("create_transaction_duration", "p(95)<500", true), ("errors", "rate<0.05", true), ("get_limits_duration", "p(95)<200", true),
                ("get_profile_duration", "p(95)<200", true), ("get_transactions_duration", "p(95)<300", true), ("http_req_duration", "p(95)<500", true),
                ("http_req_duration", "p(99)<1000", true), ("http_req_failed", "rate<0.01", false), ("login_duration", "p(95)<300", true)]),
        Case(file: "summary-export-submetric-tag-thresholds.json", source: .summaryExport, p95: 83.93890599999999, avg: 23.686612397902877,
             requests: 613790, failedRate: 0, thresholds: [
                ("fast_latency", "p(95)<50", false), ("http_req_failed{gateway:fast}", "rate<0.01", true), ("http_req_failed{gateway:ocelot}", "rate<0.01", true),
                ("http_req_failed{gateway:yarp}", "rate<0.01", true), ("ocelot_latency", "p(95)<50", true), ("yarp_latency", "p(95)<50", true)]),
        Case(file: "summary-export-threshold-failed-true.json", source: .summaryExport, p95: 269.06783674999986, avg: 56.851944971388264,
             requests: 388556, failedRate: 0.21745900204861077, thresholds: [("http_req_duration", "p(95)<50", false)]),
        Case(file: "summary-export-threshold-passed-false.json", source: .summaryExport, p95: 1.15574, avg: 0.49730922256241095,
             requests: 1143423, failedRate: 0.38080133074111683, thresholds: [("http_req_duration", "p(95)<50", true)]),
    ]

    static func load(_ file: String) throws -> LoadMetrics {
        let facts = try InputLoader.load([InputRequest(path: Fixtures.path("k6-summary/\(file)"))])
        return try #require(facts.load?.first)
    }

    static func value(_ metrics: LoadMetrics, _ metric: String, _ aggregation: Aggregation) -> Double? {
        if case let .value(value, _) = metrics.lookup(MetricSelector(name: metric), aggregation) { return value }
        return nil
    }

    @Test(arguments: cases)
    func readsTheNumbersK6Wrote(_ test: Case) throws {
        let metrics = try Self.load(test.file)
        #expect(metrics.source == test.source)
        #expect(Self.value(metrics, "http_req_duration", .percentile(95)) == test.p95)
        #expect(Self.value(metrics, "http_req_duration", .avg) == test.avg)
        #expect(Self.value(metrics, "http_reqs", .count) == test.requests)
        #expect(Self.value(metrics, "http_req_failed", .rate) == test.failedRate)
        let recorded = metrics.recordedThresholds.map { "\($0.metric) \($0.source) \($0.passed)" }
        #expect(recorded == test.thresholds.map { "\($0.0) \($0.1) \($0.2)" })
    }

    @Test func detectsEverySummaryByContent() throws {
        for test in Self.cases {
            let file = try Fixtures.input("k6-summary/\(test.file)")
            #expect(try InputLoader.detect(file) == .k6, "\(test.file)")
        }
    }

    @Test func summaryExportRateIsItsValueKeyAndTimeTrendsAreMilliseconds() throws {
        // summary-export renames a Rate's `rate` to `value` (summary-wrapper.js): passes 8953 … in
        // FORMATS.md's example; here passes 84495 of 388556 requests failed, value 0.21745900204861077.
        let metrics = try Self.load("summary-export-threshold-failed-true.json")
        guard case let .value(rate, basis) = metrics.lookup(MetricSelector(name: "http_req_failed"), .rate) else {
            Issue.record("no rate")
            return
        }
        #expect(rate == 0.21745900204861077)
        #expect(basis.summaryKey == "value")
        guard case let .value(_, durationBasis) = metrics.lookup(MetricSelector(name: "http_req_duration"), .med) else {
            Issue.record("no med")
            return
        }
        #expect(durationBasis.contains == .time)
    }

    @Test func aPercentileTheSummaryDidNotExportSaysHowToGetIt() throws {
        let metrics = try Self.load("summary-export-basic.json")
        guard case let .unavailable(message) = metrics.lookup(MetricSelector(name: "http_req_duration"), .percentile(99)) else {
            Issue.record("p(99) should be unavailable")
            return
        }
        #expect(message.contains("--summary-trend-stats=\"avg,min,med,max,p(90),p(95),p(99)\""))
        #expect(message.contains("--out json"))
        // p(99) was exported by this one (summaryTrendStats includes it): 39.577136380000084.
        let withP99 = try Self.load("handlesummary-p99-k6-reporter-fixture.json")
        #expect(Self.value(withP99, "http_req_duration", .percentile(99)) == 39.577136380000084)
    }

    @Test func aSubmetricK6DidNotDeclareIsAnErrorAndAMissingMetricHasNoSamples() throws {
        let metrics = try Self.load("summary-export-basic.json")
        let sub = metrics.lookup(try ThresholdSyntax.parseSelector("http_req_duration{scenario:api}"), .percentile(95))
        guard case let .unavailable(message) = sub else {
            Issue.record("expected unavailable, got \(sub)")
            return
        }
        #expect(message.contains("add a threshold on 'http_req_duration{scenario:api}'"))
        guard case .noSamples = metrics.lookup(MetricSelector(name: "grpc_req_duration"), .percentile(95)) else {
            Issue.record("a metric the summary lacks has no samples")
            return
        }
        // A declared sub-metric is found whatever order its tags are written in.
        let tagged = try Self.load("summary-export-submetric-tag-thresholds.json")
        guard case .value = tagged.lookup(try ThresholdSyntax.parseSelector("http_req_failed{gateway:fast}"), .rate) else {
            Issue.record("declared sub-metric not found")
            return
        }
    }
}
