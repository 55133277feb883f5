import Foundation
import Testing
@testable import VerdictKit

/// The real `k6 run --out json` streams of `Fixtures/k6-ndjson` (copied from the shared corpus).
/// Expected numbers are from `Fixtures/k6-ndjson/PROVENANCE.md`: its python3 script recomputed
/// them from every `http_req_duration` point with k6's TrendSink algorithm and printed them with
/// six decimals, so values are compared to that printed precision (±5e-7).
///
/// None of the corpus runs comes with the summary of the same run (the summaries and streams are
/// from different repositories, or different runs of vafast-benchmarks: 384,236 requests in its
/// summary, 20 in its stream), so the stream is pinned against these independent figures; and the
/// summary-shaped numbers of a stream (Rate, Counter) against the same script's counts.
@Suite struct K6StreamCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var lines: Int
        var points: Int
        var samples: Int
        var avg, med, p90, p95, min, max: Double
        var requests: Double
        /// (metric, non-zero, total) of the Rate metrics PROVENANCE counted.
        var rates: [(String, Int, Int)]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "k6-2019-old-format-tainted-sub.ndjson", lines: 318, points: 302, samples: 20,
             avg: 30.696170, med: 28.751150, p90: 35.747530, p95: 41.029575, min: 26.5392, max: 44.375, requests: 20,
             rates: [("checks", 20, 40)]),
        Case(file: "k6-2020-null-tags-258k.ndjson", lines: 1117, points: 1101, samples: 99,
             avg: 360.161182, med: 87.731000, p90: 277.677800, p95: 2180.276000, min: 21.62, max: 5155.5, requests: 99,
             rates: [("checks", 99, 99)]),
        Case(file: "k6-2023-xk6-dashboard-testdata-968k.ndjson", lines: 3597, points: 3582, samples: 322,
             avg: 122.466392, med: 121.843412, p90: 124.879321, p95: 125.292686, min: 119.795836, max: 129.254921, requests: 322,
             rates: [("http_req_failed", 0, 322)]),
        Case(file: "k6-2024-setup-group-210k.ndjson", lines: 849, points: 833, samples: 61,
             avg: 9752.567186, med: 9948.543786, p90: 14061.061296, p95: 14311.889233, min: 5003.556473, max: 14941.932762, requests: 61,
             rates: [("http_req_failed", 0, 61), ("checks", 61, 61)]),
        Case(file: "k6-2025-thresholds-submetrics-in-metric-lines.ndjson", lines: 425, points: 406, samples: 20,
             avg: 0.340000, med: 0.292500, p90: 0.530100, p95: 0.638200, min: 0.108, max: 0.794, requests: 20,
             rates: [("http_req_failed", 0, 20), ("checks", 80, 80)]),
        Case(file: "k6-joxtacy-146k.ndjson", lines: 526, points: 510, samples: 40,
             avg: 119.720222, med: 116.213209, p90: 119.757769, p95: 121.575208, min: 113.285946, max: 224.534453, requests: 40,
             rates: [("http_req_failed", 0, 40)]),
    ]

    static func load(_ path: String, selection: LoadSelection? = nil) throws -> LoadMetrics {
        let facts = try InputLoader.load([InputRequest(path: path)], selection: selection)
        return try #require(facts.load?.first)
    }

    static func value(_ metrics: LoadMetrics, _ metric: String, _ aggregation: Aggregation) -> Double? {
        if case let .value(value, _) = metrics.lookup(MetricSelector(name: metric), aggregation) { return value }
        return nil
    }

    static func expectClose(_ actual: Double?, _ expected: Double, _ what: String) {
        guard let actual else {
            Issue.record("\(what): no value")
            return
        }
        #expect(abs(actual - expected) <= 5e-7, "\(what): \(actual) vs \(expected)")
    }

    @Test(arguments: cases)
    func computesWhatK6WouldFromThePoints(_ test: Case) throws {
        let metrics = try Self.load(Fixtures.path("k6-ndjson/\(test.file)"))
        #expect(metrics.source == .stream)
        #expect(metrics.lineCount == test.lines)
        #expect(metrics.pointCount == test.points)
        #expect(metrics.truncatedLine == nil)
        guard case let .value(_, basis) = metrics.lookup(MetricSelector(name: "http_req_duration"), .percentile(95)) else {
            Issue.record("no p(95)")
            return
        }
        #expect(basis.samples == test.samples)
        #expect(basis.contains == .time)
        Self.expectClose(Self.value(metrics, "http_req_duration", .avg), test.avg, "avg")
        Self.expectClose(Self.value(metrics, "http_req_duration", .med), test.med, "med")
        Self.expectClose(Self.value(metrics, "http_req_duration", .percentile(50)), test.med, "p(50)")
        Self.expectClose(Self.value(metrics, "http_req_duration", .percentile(90)), test.p90, "p(90)")
        Self.expectClose(Self.value(metrics, "http_req_duration", .percentile(95)), test.p95, "p(95)")
        #expect(Self.value(metrics, "http_req_duration", .min) == test.min)
        #expect(Self.value(metrics, "http_req_duration", .max) == test.max)
        #expect(Self.value(metrics, "http_reqs", .count) == test.requests)
        for (metric, nonZero, total) in test.rates {
            #expect(Self.value(metrics, metric, .rate) == Double(nonZero) / Double(total), "\(metric)")
        }
    }

    @Test(arguments: cases)
    func gzipGivesTheSameNumbersAsThePlainStream(_ test: Case) throws {
        let plain = try Self.load(Fixtures.path("k6-ndjson/\(test.file)"))
        let compressed = try Self.load(try TemporaryFiles.gzip(Fixtures.path("k6-ndjson/\(test.file)")))
        #expect(compressed.pointCount == plain.pointCount)
        for aggregation in [Aggregation.avg, .min, .max, .med, .percentile(99.9), .count] {
            #expect(Self.value(compressed, "http_req_duration", aggregation) == Self.value(plain, "http_req_duration", aggregation))
        }
    }

    @Test func detectsEveryStreamByContentButNotAJSONLog() throws {
        for test in Self.cases {
            #expect(try InputLoader.detect(try Fixtures.input("k6-ndjson/\(test.file)")) == .k6, "\(test.file)")
        }
        let log = #"{"level":"error","msg":"GoError: boom","time":"2025-01-01T00:00:00Z"}"# + "\n"
        #expect(throws: InputError.self) { try InputLoader.detect(try Fixtures.input(text: log, path: "log.json")) }
    }

    @Test func subMetricFiltersSelectPointsByTag() throws {
        // k6-2024-setup-group: 61 http_req_duration points, 31 to /process and 30 to /finalize
        // (grep -c of each "name" tag on the http_req_duration Point lines).
        let path = Fixtures.path("k6-ndjson/k6-2024-setup-group-210k.ndjson")
        let process = try ThresholdSyntax.parseSelector("http_req_duration{name:http://localhost:3000/process}")
        let finalize = try ThresholdSyntax.parseSelector("http_req_duration{ name : 'http://localhost:3000/finalize', group: }")
        let all = MetricSelector(name: "http_req_duration")
        let selection = LoadSelection(selectors: [process, finalize, all], includeDeclaredThresholds: false)
        let metrics = try Self.load(path, selection: selection)
        #expect(Self.samples(metrics, process) == 31)
        #expect(Self.samples(metrics, finalize) == 30)
        #expect(Self.samples(metrics, all) == 61)
        // Only what the selection names is kept.
        #expect(metrics.metrics.count == 3)
        // The generic parser (any other key order) selects the same points.
        let reordered = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: #"{"metric":"http_req_duration","type":"Point","data":"#, with: #"{"type":"Point", "metric":"http_req_duration","data":"#)
        let generic = try Self.load(try TemporaryFiles.write(Data(reordered.utf8), name: "reordered.ndjson"), selection: selection)
        #expect(Self.samples(generic, process) == 31)
        #expect(Self.samples(generic, finalize) == 30)
        #expect(Self.value(generic, "http_req_duration", .percentile(95)) == Self.value(metrics, "http_req_duration", .percentile(95)))
    }

    static func samples(_ metrics: LoadMetrics, _ selector: MetricSelector) -> Int? {
        if case let .value(_, basis) = metrics.lookup(selector, .count) { return basis.samples }
        return nil
    }

    @Test func counterRateIsCountOverThePointTimeSpan() throws {
        // k6-joxtacy: first point 2024-02-21T16:43:55.731642359Z, last 16:44:40.425790698Z
        // (PROVENANCE) → 44.694148339 s; 40 requests.
        let metrics = try Self.load(Fixtures.path("k6-ndjson/k6-joxtacy-146k.ndjson"))
        let duration = try #require(metrics.duration)
        #expect(abs(duration - 44.694148339) < 1e-9)
        #expect(Self.value(metrics, "http_reqs", .rate) == 40 / duration)
    }
}

/// Scratch files for tests, removed when the process ends.
enum TemporaryFiles {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// A fresh folder per call: tests run in parallel and may use the same file names.
    static func fresh() throws -> URL {
        let url = directory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ data: Data, name: String) throws -> String {
        let url = try fresh().appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// gzip -c of a file, through the system's gzip.
    static func gzip(_ path: String) throws -> String {
        let output = try fresh().appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent + ".gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c \"$0\" > \"$1\"", path, output.path]
        try process.run()
        process.waitUntilExit()
        return output.path
    }
}
