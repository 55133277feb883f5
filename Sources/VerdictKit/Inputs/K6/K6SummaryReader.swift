import Foundation

/// Reads k6's end-of-test summaries: `--summary-export`, `handleSummary`'s `data` written as
/// JSON, and the machine-readable summary of k6 ≥ 1.5.
///
/// The three shapes are told apart by their keys, never by their order (k6 writes Go maps in
/// random order and users stringify `data` as they please): a top-level `results` with
/// `version` is the machine-readable summary; metrics with `values` are handleSummary's;
/// metrics holding their numbers directly are summary-export's, whose threshold booleans are
/// inverted (`true` means the threshold FAILED, `summary-wrapper.js`: `!threshold.ok`).
enum K6SummaryReader {
    static func read(_ file: InputFile) throws(InputError) -> LoadMetrics {
        let outcome: Result<LoadMetrics, JSONSyntaxError> = file.text.withUnsafeBytes { raw in
            var reader = Reader(cursor: JSONCursor(bytes: raw.bindMemory(to: UInt8.self)), path: file.path)
            do throws(JSONSyntaxError) {
                return .success(try reader.document())
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case let .success(metrics): return metrics
        case let .failure(error): throw .malformed(path: file.path, position: error.position, message: "not a k6 summary: \(error.message)")
        }
    }

    /// One metric as found, before the file's shape is known.
    struct RawMetric {
        var name: String
        var type: String?
        var contains: String?
        var values: [String: Double] = [:]
        var hasValuesObject = false
        /// (source, failed-or-ok flag, whether the flag was a bare boolean).
        var thresholds: [(source: String, flag: Bool, bare: Bool)] = []
    }

    struct Reader {
        var cursor: JSONCursor
        let path: String

        mutating func document() throws(JSONSyntaxError) -> LoadMetrics {
            guard try cursor.peekKind() == .object else { throw cursor.error(expected: "a JSON object (a k6 summary)") }
            try cursor.enterObject()
            var metrics: [RawMetric] = []
            var sawMetrics = false
            var durationMs: Double?
            var durationSeconds: Double?
            var trendStats: [String]?
            var isMachineReadable = false
            var hasOptionsOrState = false
            while let key = try cursor.nextKey() {
                switch key {
                case "metrics":
                    sawMetrics = true
                    metrics += try metricMap()
                case "results":
                    isMachineReadable = true
                    try cursor.enterObject()
                    while let inner = try cursor.nextKey() {
                        switch inner {
                        case "metrics":
                            sawMetrics = true
                            metrics += try metricArray()
                        case "checks" where try cursor.peekKind() == .object:
                            try cursor.enterObject()
                            while let checksKey = try cursor.nextKey() {
                                if checksKey == "metrics", try cursor.peekKind() == .array {
                                    metrics += try metricArray()
                                } else {
                                    try cursor.skipValue()
                                }
                            }
                        default: try cursor.skipValue()
                        }
                    }
                case "config" where try cursor.peekKind() == .object:
                    try cursor.enterObject()
                    while let inner = try cursor.nextKey() {
                        if inner == "duration", try cursor.peekKind() == .number { durationSeconds = try cursor.readDouble() } else { try cursor.skipValue() }
                    }
                case "state" where try cursor.peekKind() == .object:
                    hasOptionsOrState = true
                    try cursor.enterObject()
                    while let inner = try cursor.nextKey() {
                        if inner == "testRunDurationMs", try cursor.peekKind() == .number { durationMs = try cursor.readDouble() } else { try cursor.skipValue() }
                    }
                case "options" where try cursor.peekKind() == .object:
                    hasOptionsOrState = true
                    try cursor.enterObject()
                    while let inner = try cursor.nextKey() {
                        if inner == "summaryTrendStats", try cursor.peekKind() == .array {
                            var stats: [String] = []
                            try cursor.enterArray()
                            while try cursor.nextElement() { stats.append(try cursor.readString()) }
                            trendStats = stats
                        } else {
                            try cursor.skipValue()
                        }
                    }
                default:
                    try cursor.skipValue()
                }
            }
            try cursor.expectEnd()
            guard sawMetrics else {
                throw JSONSyntaxError(position: TextPosition(line: 1, column: 1), expected: "a k6 summary with 'metrics' (or 'results.metrics')", found: "none")
            }

            let source: LoadMetrics.Source
            if isMachineReadable {
                source = .machineReadable
            } else if hasOptionsOrState || metrics.contains(where: { $0.hasValuesObject }) {
                source = .handleSummary
            } else {
                source = .summaryExport
            }
            var result = LoadMetrics(source: source, path: path)
            result.trendStats = trendStats
            if let durationMs {
                result.duration = durationMs / 1000
                result.durationOrigin = "state.testRunDurationMs"
            } else if let durationSeconds {
                result.duration = durationSeconds
                result.durationOrigin = "config.duration"
            }
            for raw in metrics {
                let selector = (try? ThresholdSyntax.parseSelector(raw.name)) ?? MetricSelector(name: raw.name)
                let type = raw.type.flatMap(LoadMetricType.init(rawValue:)) ?? K6SummaryReader.inferType(raw.values)
                let contains = raw.contains.flatMap(LoadMetricContents.init(rawValue:)) ?? K6SummaryReader.inferContents(selector.name, type)
                result.metrics[selector] = LoadMetric(name: raw.name, type: type, contains: contains, data: .summary(raw.values))
                for threshold in raw.thresholds {
                    // summary-export: a bare boolean, true = failed; handleSummary: {"ok": bool}.
                    let passed = threshold.bare && source == .summaryExport ? !threshold.flag : threshold.flag
                    result.recordedThresholds.append(RecordedThreshold(metric: raw.name, source: threshold.source, passed: passed))
                }
            }
            result.recordedThresholds.sort { ($0.metric, $0.source) < ($1.metric, $1.source) }
            return result
        }

        /// summary-export and handleSummary: `"metrics": {"name": {...}}`.
        mutating func metricMap() throws(JSONSyntaxError) -> [RawMetric] {
            guard try cursor.peekKind() == .object else { throw cursor.error(expected: "an object of metrics") }
            var metrics: [RawMetric] = []
            try cursor.enterObject()
            while let name = try cursor.nextKey() {
                metrics.append(try metric(named: name))
            }
            return metrics
        }

        /// The machine-readable summary: `"metrics": [{"name": …, "type": …, "values": {...}}]`.
        mutating func metricArray() throws(JSONSyntaxError) -> [RawMetric] {
            guard try cursor.peekKind() == .array else { throw cursor.error(expected: "an array of metrics") }
            var metrics: [RawMetric] = []
            try cursor.enterArray()
            while try cursor.nextElement() {
                let start = cursor.offset
                let metric = try metric(named: nil)
                guard !metric.name.isEmpty else {
                    var atStart = JSONCursor(bytes: cursor.bytes, offset: start)
                    atStart.skipWhitespace()
                    throw atStart.error(expected: "a metric with a 'name'")
                }
                metrics.append(metric)
            }
            return metrics
        }

        mutating func metric(named name: String?) throws(JSONSyntaxError) -> RawMetric {
            guard try cursor.peekKind() == .object else { throw cursor.error(expected: "a metric object") }
            var metric = RawMetric(name: name ?? "")
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                switch key {
                case "name" where name == nil: metric.name = try cursor.readString()
                case "type": metric.type = try cursor.readOptionalString()
                case "contains": metric.contains = try cursor.readOptionalString()
                case "values":
                    metric.hasValuesObject = true
                    guard try cursor.peekKind() == .object else { throw cursor.error(expected: "an object of values") }
                    try cursor.enterObject()
                    while let valueKey = try cursor.nextKey() {
                        if let number = try number() { metric.values[valueKey] = number }
                    }
                case "thresholds":
                    guard try cursor.peekKind() == .object else { try cursor.skipValue(); continue }
                    try cursor.enterObject()
                    while let source = try cursor.nextKey() {
                        if try cursor.peekKind() == .bool {
                            metric.thresholds.append((source, try cursor.readBool(), true))
                        } else if try cursor.peekKind() == .object {
                            var ok: Bool?
                            try cursor.enterObject()
                            while let inner = try cursor.nextKey() {
                                if inner == "ok", try cursor.peekKind() == .bool { ok = try cursor.readBool() } else { try cursor.skipValue() }
                            }
                            guard let ok else { throw cursor.error(expected: "'ok' in the result of threshold '\(source)'") }
                            metric.thresholds.append((source, ok, false))
                        } else {
                            throw cursor.error(expected: "true, false or {\"ok\": …} for threshold '\(source)'")
                        }
                    }
                default:
                    // summary-export holds its numbers directly in the metric.
                    if let number = try number() { metric.values[key] = number }
                }
            }
            return metric
        }

        /// A number, NaN for null (JSON.stringify writes NaN as null), nil for anything else (skipped).
        mutating func number() throws(JSONSyntaxError) -> Double? {
            switch try cursor.peekKind() {
            case .number: return try cursor.readDouble()
            case .null:
                try cursor.skipValue()
                return .nan
            default:
                try cursor.skipValue()
                return nil
            }
        }
    }

    /// k6's built-in metrics whose values are times in ms (`metrics/builtin.go` and the gRPC,
    /// WebSocket and browser modules): summary-export does not say `contains`, k6 knows.
    static let builtInTimeTrends: Set<String> = [
        "http_req_duration", "http_req_blocked", "http_req_connecting", "http_req_tls_handshaking",
        "http_req_sending", "http_req_waiting", "http_req_receiving", "iteration_duration", "group_duration",
        "grpc_req_duration", "ws_connecting", "ws_session_duration", "ws_ping",
    ]

    static func inferContents(_ name: String, _ type: LoadMetricType?) -> LoadMetricContents {
        if type == .trend, builtInTimeTrends.contains(name) { return .time }
        if type == .counter, name == "data_sent" || name == "data_received" { return .data }
        return .default
    }

    /// summary-export has no `type`: the keys tell (`metrics/sink.go` Format + the wrapper's renames).
    static func inferType(_ values: [String: Double]) -> LoadMetricType? {
        let keys = Set(values.keys)
        if keys.contains("passes") || keys.contains("fails") || keys.contains("matches") { return .rate }
        if keys.contains("avg") || keys.contains("med") || keys.contains(where: { $0.hasPrefix("p(") }) { return .trend }
        if keys.contains("count") { return .counter }
        if keys.contains("value") { return .gauge }
        return nil
    }
}
